{{%AUTOESCAPE context="HTML"}}
<p style="margin:0 0 16px 0;">{{CUSTOMER_NAME}} ({{CUSTOMER_EMAIL}}) has sent a message in the customer portal about <strong>{{ABOUT}}</strong>:</p>
<blockquote style="margin:0 0 16px 0;padding:8px 12px;border-left:4px solid #E5E7EB;white-space:pre-wrap;">{{BODY}}</blockquote>
{{#ATTACHMENTS}}<p style="margin:0 0 16px 0;">Attachments: {{COUNT}}.</p>{{/ATTACHMENTS}}
<p style="margin:0;color:#6B7280;">Conversation {{CONVERSATION}}.</p>
