{{! Plain text: nothing is escaped here, on purpose. }}Hi {{GREETING}},

{{TEXT}}
{{#LINK}}
{{URL}}
{{/LINK}}{{#UNSUBSCRIBE}}
To stop these emails, unsubscribe here: {{UNSUBSCRIBE_URL}}
{{/UNSUBSCRIBE}}
