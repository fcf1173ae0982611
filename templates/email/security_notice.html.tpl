{{%AUTOESCAPE context="HTML"}}
<p style="margin:0 0 16px 0;">Hi {{FIRST_NAME}},</p>
<p style="margin:0;">{{CHANGE}} If this wasn't you, please call us straight away{{#PHONE}} on {{GARAGE_PHONE}}{{/PHONE}}: you can still sign in with an email link from the sign-in page and put it back.</p>
