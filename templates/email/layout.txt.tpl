{{! Plain text: no AUTOESCAPE, nothing is escaped here, on purpose. }}{{GARAGE_NAME}}

{{BODY}}
-- 
{{GARAGE_NAME}}{{#PHONE}} | {{GARAGE_PHONE}}{{/PHONE}} | {{GARAGE_EMAIL}}
Your customer portal: {{PORTAL_URL}}
