{{! Plain text: nothing is escaped here, on purpose. }}Hi {{FIRST_NAME}},

Someone asked to reset the password of your {{GARAGE_NAME}} customer portal.
Choose a new password here:

{{LINK_URL}}

This link works once and expires in {{MINUTES}} minutes. If you didn't ask
to reset your password, you can ignore this email: your password stays as
it is.
