{{! Plain text: nothing is escaped here, on purpose. }}Hi {{FIRST_NAME}},

{{GARAGE_NAME}} has sent you invoice {{NUMBER}}: {{GROSS}}, due by {{DUE}}.

See the invoice, download it as a PDF{{#PAYABLE}} or pay it online{{/PAYABLE}}:
{{LINK_URL}}

This link signs you in to your customer portal once and expires in {{DAYS}} days.
After that, sign in as usual and open Invoices.
