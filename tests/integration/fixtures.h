// Test fixtures for the signed-in pages: fresh customers made with SQL, times in the garage's
// zone, signing in the way an SMS deep link does, and small text helpers.
#pragma once

#include <string>
#include <vector>

#include "client.h"

namespace itest {

// Eight random capitals and digits: fits job references (WO-…) and e-mail local parts alike.
std::string unique_tag();
// `text` as an SQL string literal ('it''s').
std::string quoted(const std::string& text);
// SQL for a moment in the garage's time zone: `days` from today at `clock` ("16:00").
std::string london(int days, const std::string& clock);

struct Customer {
    std::string garage, email, id;
};
// A customer nobody else's test touches, with no password and no visit yet; a random address
// starting with `prefix` unless `email` is given (the same person at two garages).
Customer new_customer(const std::string& garage, const std::string& prefix,
                      const std::string& first_name, const std::string& last_name,
                      std::string email = "");

// Runs build/sbin/portalctl against the test stack; its output and errors, and its exit status
// in `status`.
std::string portalctl(const std::string& args, int* status = nullptr);
// Signs a new browser in the way an SMS deep link does: the link from `portalctl link` to
// `to`, then its "Sign in" button. Returns the answer that set the session cookie in `signed_in`.
Browser sign_in(const Customer& c, const std::string& to = "/", Reply* signed_in = nullptr);
// A POST carrying the browser's session cookie but no csrf field at all.
Reply post_without_token(const Browser& b, const std::string& path, const std::string& form);

// The newest message queued to `to`, as it reached the test stack's dev mailbox (waiting for the
// mailer up to 10 s), quoted-printable decoded; "" when nothing was queued to `to`. The outbox
// itself forgets the bodies of sign-in messages once sent.
std::string mailbox_text(const std::string& to);

// The SMS or WhatsApp message the dev gateway received for the customer's newest outbox row
// (waiting for the mailer up to 10 s); the outbox forgets a deep link's body once it is sent.
std::string phone_text(const Customer& c);

// One part of a multipart/form-data body: a field, or a file when it has a filename or a type.
struct Part {
    std::string name, value, filename, type;
};
constexpr const char* kMultipartBoundary = "----PortalTestBoundary7MA4YWxkTrZu0gW";
std::string multipart(const std::vector<Part>& parts,
                      const std::string& boundary = kMultipartBoundary);

size_t count(const std::string& body, const std::string& text);
bool contains(const std::string& text, const std::string& part);

}  // namespace itest
