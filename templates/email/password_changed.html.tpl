{{%AUTOESCAPE context="HTML"}}
<p style="margin:0 0 16px 0;">Hi {{FIRST_NAME}},</p>
<p style="margin:0 0 16px 0;">The password of your {{GARAGE_NAME}} customer portal was just changed, and every other browser signed in to it was signed out.</p>
<p style="margin:0;font-size:14px;line-height:20px;color:#4B5563;">If that was you, there is nothing more to do. If it wasn't, please call us straight away{{#PHONE}} on {{GARAGE_PHONE}}{{/PHONE}}: you can still sign in with an email link from the sign-in page and choose a new password.</p>
