// Email messages as RFC 5322 text: headers, encoded words, multipart/alternative bodies.
#pragma once

#include <ctime>
#include <string>
#include <string_view>

#include "email_address.h"

namespace portal {

struct MailMessage {
    std::string from_name;     // the garage's name ("Smith's Garage"); may be non-ASCII
    std::string from_address;  // mail_from: portal@portal.example.com
    std::string reply_to;      // the garage's own address; empty for none
    std::string to;            // one bare address
    std::string subject;
    std::string message_id;  // the outbox row's stable id, without <>: "uuid@domain"
    std::time_t date = 0;    // when the message was written (the outbox row's created_at)
    std::string text;        // plain-text body
    std::string html;        // HTML body; empty for a text/plain message
    // A one-click unsubscribe URL (https, no spaces): sent as List-Unsubscribe with
    // List-Unsubscribe-Post (RFC 8058) on reminder and offer emails; empty for none.
    std::string list_unsubscribe;
};

// The whole message, CRLF line endings, 7-bit clean, every line within 78 characters (RFC 5322
// §2.1.1). Throws std::invalid_argument when a header value holds CR, LF or NUL, or an address
// is not a plain ASCII addr-spec (no SMTPUTF8).
std::string build_message(const MailMessage& m);

// A header field: "Name: value" folded at spaces to 78 columns; values that are not plain
// printable ASCII (or hold words too long to fold) become RFC 2047 encoded words in UTF-8.
// Ends with CRLF. Throws std::invalid_argument for CR, LF or NUL in the value.
std::string header_field(std::string_view name, std::string_view value);
// A mailbox header field: `Name: display <address>` (or the bare address when `display` is
// empty). The display name stays as atoms when it can, becomes a quoted string when it holds
// specials, and encoded words when it is not ASCII (RFC 5322 §3.4, RFC 2047 §5(3)).
std::string address_field(std::string_view name, std::string_view display,
                          std::string_view address);

// Body encodings (RFC 2045 §6.7 and §6.8); input line breaks of any kind become CRLF.
std::string quoted_printable(std::string_view text);
std::string base64_lines(std::string_view data);
std::string base64(std::string_view data);

// "Tue, 25 Nov 2026 16:41:55 +0000" (RFC 5322 §3.3).
std::string rfc5322_date(std::time_t t);

}  // namespace portal
