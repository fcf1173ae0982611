{{%AUTOESCAPE context="HTML"}}
<p style="margin:0 0 16px 0;">Hi {{GREETING}},</p>
<p style="margin:0 0 16px 0;white-space:pre-line;">{{TEXT}}</p>
{{#LINK}}<p style="margin:0 0 16px 0;"><a href="{{URL}}" style="color:{{BRAND_COLOUR}};font-weight:bold;">Open it in your portal</a></p>{{/LINK}}
{{#UNSUBSCRIBE}}<p style="margin:0;font-size:13px;line-height:18px;color:#4B5563;">To stop these emails, <a href="{{UNSUBSCRIBE_URL}}" style="color:#4B5563;">unsubscribe here</a>.</p>{{/UNSUBSCRIBE}}
