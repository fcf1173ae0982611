{{! Plain text: nothing is escaped here, on purpose. }}Hi {{FIRST_NAME}},

The password of your {{GARAGE_NAME}} customer portal was just changed, and
every other browser signed in to it was signed out.

If that was you, there is nothing more to do. If it wasn't, please call us
straight away{{#PHONE}} on {{GARAGE_PHONE}}{{/PHONE}}: you can still sign in with an email link
from the sign-in page and choose a new password.
