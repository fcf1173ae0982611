{{! Plain text: nothing is escaped here, on purpose. }}{{CUSTOMER_NAME}} ({{CUSTOMER_EMAIL}}) has sent a message in the customer portal about {{ABOUT}}:

{{BODY}}
{{#ATTACHMENTS}}
Attachments: {{COUNT}} (see the conversation with portalctl message list).
{{/ATTACHMENTS}}
Conversation {{CONVERSATION}}. Reply with: portalctl message add --conversation {{CONVERSATION}}
