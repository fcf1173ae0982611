{{! Plain text: nothing is escaped here, on purpose. }}Hi {{FIRST_NAME}},

{{CHANGE}} If this wasn't you, please call us straight away{{#PHONE}} on {{GARAGE_PHONE}}{{/PHONE}}:
you can still sign in with an email link from the sign-in page and put it back.
