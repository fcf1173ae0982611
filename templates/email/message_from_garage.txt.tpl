{{! Plain text: nothing is escaped here, on purpose. }}Hi {{GREETING}},

{{AUTHOR}} has sent you a message about {{ABOUT}}:

{{TEXT}}

Read it and reply here: {{URL}}
