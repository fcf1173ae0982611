{{! Plain text: nothing is escaped here, on purpose. }}Hi {{FIRST_NAME}},

Here is your link to sign in to your {{GARAGE_NAME}} customer portal.

Sign in to your portal:
{{LINK_URL}}

Or enter this code on the sign-in page: {{CODE}}

This link works once and expires in {{MINUTES}} minutes. If you didn't ask
for it, you can ignore this email.
