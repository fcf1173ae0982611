{{! Plain text: nothing is escaped here, on purpose. }}Hi {{FIRST_NAME}},

{{AUTHOR}} has sent you a message about {{ABOUT}}:

{{TEXT}}

Read it and reply here: {{URL}}
