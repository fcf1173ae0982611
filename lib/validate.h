// Typed validators for declared input fields: every field has a size limit and a rule.
#pragma once

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "utf8.h"

namespace portal {

struct Validator {
    Validator(size_t max_bytes, std::function<bool(std::string_view)> accepts,
              std::function<long(std::string_view)> number = {})
        : max_bytes(max_bytes), accepts(std::move(accepts)), number(std::move(number)) {}
    size_t max_bytes;
    std::function<bool(std::string_view)> accepts;
    // For a value that is a number (v::integer, v::money): parses a value `accepts` took. The gate
    // calls it once, when the field is validated; the handler reads the result with Ctx::integer.
    std::function<long(std::string_view)> number;
    bool operator()(std::string_view v) const { return v.size() <= max_bytes && accepts(v); }
};

namespace v {

// One line of text: no control characters (tabs included), at most `max_chars` code points.
Validator line(size_t max_chars);
// Free text over several lines (messages): CR, LF and TAB allowed, other controls refused.
Validator text(size_t max_chars);
// An email address by the portal's one rule (email_address.h: canonical_email).
Validator email();
Validator one_of(std::initializer_list<const char*> choices);
// A decimal integer in [min, max], no sign tricks, no leading zeros beyond "0". A number.
Validator integer(long min, long max);
// An amount of money as people type it ("12", "12.5", "1,234.50"), at most `max_minor` minor
// units; a number: the amount in minor units (1234.50 → 123450).
Validator money(long max_minor);
// Exactly `n` ASCII digits (the 6-digit sign-in code).
Validator digits(size_t n);
// A phone number in international form as people write it ("+44 7700 900101", "+1 (555)
// 010-0199"): a leading +, then 8 to 15 digits with spaces, hyphens or brackets between. SMS,
// WhatsApp and the voice assistant's caller ID all need the country code.
Validator international_phone();
// A path on this site only ("/jobs/WO-1"): refuses "//host", "/\host", schemes and controls,
// so redirecting to it can never leave the garage's host.
Validator local_path();
// An opaque token as we mint them: base64url, 43 characters (256 bits).
Validator token();
// A work order reference such as WO-TANGO-1234.
Validator reference();

}  // namespace v

bool is_local_path(std::string_view s);

}  // namespace portal
