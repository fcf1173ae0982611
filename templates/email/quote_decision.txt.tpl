{{! Plain text: nothing is escaped here, on purpose. }}{{CUSTOMER_NAME}} ({{CUSTOMER_EMAIL}}) has answered the quote for job {{REFERENCE}}, {{VEHICLE}} {{REGISTRATION}}, in the customer portal:

{{#ITEM}}- {{TITLE}}: {{DECISION}} ({{AMOUNT}})
{{/ITEM}}
Approved total: {{TOTAL}} including VAT.
