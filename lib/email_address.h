// The one email address rule of the portal: the forms, the customer lookups, the lockout keys,
// portalctl, the configuration and the mailer all use it, so no two places can disagree about
// what an address is or which customer it names.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace portal {

// The address in its canonical form, or nullopt when it isn't one we accept.
//
// Accepted: a dot-atom local part (RFC 5322 atext, at most 64 bytes), "@", a host name of two or
// more LDH labels (a domain a customer can receive mail at) (letters, digits, inner hyphens; 63
// bytes each), 254 bytes in all; printable ASCII only. Not accepted: quoted local parts, address
// literals ("[192.0.2.1]"), comments and non-ASCII (SMTPUTF8). Non-ASCII is refused rather than
// folded, because folding is exactly how "Kim@…" with U+212A KELVIN SIGN would reach kim@….
//
// Canonical: surrounding spaces and tabs removed, ASCII letters lower-cased (every mail provider a
// garage's customers use treats the local part case-insensitively).
std::optional<std::string> canonical_email(std::string_view input);

// The same rule for an address exactly as given (no surrounding space, letters of any case), but
// a one-label host is allowed: the portal's own default sender is portal@localhost. For the
// addresses the configuration names and the mailer writes into headers.
bool valid_address(std::string_view s);

}  // namespace portal
