{{%AUTOESCAPE context="HTML"}}
<p style="margin:0 0 16px 0;">Hi {{FIRST_NAME}},</p>
<p style="margin:0 0 24px 0;">{{GARAGE_NAME}} has sent you invoice <strong>{{NUMBER}}</strong>: <strong>{{GROSS}}</strong>, due by {{DUE}}.</p>
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 24px 0;">
<tr>
<td align="center" bgcolor="{{BRAND_COLOUR}}" style="background-color:{{BRAND_COLOUR}};border-radius:6px;">
<a href="{{LINK_URL}}" style="display:inline-block;padding:14px 28px;font-family:Arial,Helvetica,sans-serif;font-size:18px;font-weight:bold;line-height:24px;color:{{BRAND_TEXT_COLOUR}};text-decoration:none;border-radius:6px;">View your invoice</a>
</td>
</tr>
</table>
<p style="margin:0 0 8px 0;font-size:14px;line-height:20px;color:#374151;">If the button doesn't work, copy this link into your browser:</p>
<p style="margin:0 0 24px 0;font-size:14px;line-height:20px;word-break:break-all;"><a href="{{LINK_URL}}" style="color:#1F2937;">{{LINK_URL}}</a></p>
<p style="margin:0;font-size:14px;line-height:20px;color:#4B5563;">There you can download it as a PDF{{#PAYABLE}} or pay it online{{/PAYABLE}}. This link signs you in once and expires in {{DAYS}} days; after that, sign in as usual and open Invoices.</p>
