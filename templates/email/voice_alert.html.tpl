{{%AUTOESCAPE context="HTML"}}
<p style="margin:0 0 16px 0;">Hi {{FIRST_NAME}},</p>
<p style="margin:0 0 16px 0;">Someone just asked our voice assistant about your {{GARAGE_NAME}} account. Your privacy level is Zero Disclosure, so the assistant said there is no such customer and shared nothing.</p>
<p style="margin:0;font-size:14px;line-height:20px;color:#4B5563;">If that was you, there is nothing more to do. If it wasn't, you don't need to do anything either: we'll tell you at most once an hour. You can change these alerts on the <a href="{{PORTAL_URL}}/privacy">Privacy &amp; Security page</a> of your portal.</p>
