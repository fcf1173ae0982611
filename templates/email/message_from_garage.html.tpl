{{%AUTOESCAPE context="HTML"}}
<p style="margin:0 0 16px 0;">Hi {{GREETING}},</p>
<p style="margin:0 0 16px 0;">{{AUTHOR}} has sent you a message about <strong>{{ABOUT}}</strong>:</p>
<blockquote style="margin:0 0 16px 0;padding:8px 12px;border-left:4px solid #E5E7EB;white-space:pre-wrap;">{{TEXT}}</blockquote>
<p style="margin:0;"><a href="{{URL}}">Read it and reply</a></p>
