{{! Plain text: nothing is escaped here, on purpose. }}Hi {{FIRST_NAME}},

Someone just asked our voice assistant about your {{GARAGE_NAME}} account. Your privacy
level is Zero Disclosure, so the assistant said there is no such customer and shared nothing.

If that was you, there is nothing more to do. If it wasn't, you don't need to do anything
either: we'll tell you at most once an hour. You can change these alerts on the Privacy &
Security page of your portal: {{PORTAL_URL}}/privacy
