{{%AUTOESCAPE context="HTML"}}<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>{{GARAGE_NAME}}</title>
</head>
<body style="margin:0;padding:0;background-color:#F3F4F6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#F3F4F6;">
<tr>
<td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background-color:#FFFFFF;border-top:6px solid {{BRAND_COLOUR}};">
<tr>
<td style="padding:24px 32px 8px 32px;font-family:Arial,Helvetica,sans-serif;">
{{#LOGO}}<img src="{{LOGO_URL}}" alt="{{GARAGE_NAME}}" height="48" style="display:block;height:48px;width:auto;border:0;font-size:20px;font-weight:bold;color:#111827;">{{/LOGO}}
{{#NO_LOGO}}<span style="font-size:20px;font-weight:bold;color:#111827;">{{GARAGE_NAME}}</span>{{/NO_LOGO}}
</td>
</tr>
<tr>
<td style="padding:16px 32px 24px 32px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:24px;color:#111827;">
{{BODY:none}}
</td>
</tr>
<tr>
<td style="padding:16px 32px 24px 32px;border-top:1px solid #E5E7EB;font-family:Arial,Helvetica,sans-serif;font-size:13px;line-height:20px;color:#4B5563;">
<strong style="color:#111827;">{{GARAGE_NAME}}</strong>{{#PHONE}} &middot; {{GARAGE_PHONE}}{{/PHONE}} &middot; {{GARAGE_EMAIL}}<br>
<a href="{{PORTAL_URL}}" style="color:#4B5563;">Your customer portal</a>
</td>
</tr>
</table>
</td>
</tr>
</table>
</body>
</html>
