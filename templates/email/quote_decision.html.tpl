{{%AUTOESCAPE context="HTML"}}
<p style="margin:0 0 16px 0;">{{CUSTOMER_NAME}} ({{CUSTOMER_EMAIL}}) has answered the quote for job <strong>{{REFERENCE}}</strong>, {{VEHICLE}} {{REGISTRATION}}, in the customer portal:</p>
<table role="presentation" cellpadding="6" cellspacing="0" border="0" style="margin:0 0 16px 0;border-collapse:collapse;">
{{#ITEM}}<tr><td style="border-bottom:1px solid #E5E7EB;">{{TITLE}}</td><td style="border-bottom:1px solid #E5E7EB;font-weight:bold;">{{DECISION}}</td><td style="border-bottom:1px solid #E5E7EB;text-align:right;">{{AMOUNT}}</td></tr>
{{/ITEM}}</table>
<p style="margin:0;">Approved total: <strong>{{TOTAL}}</strong> including VAT.</p>
