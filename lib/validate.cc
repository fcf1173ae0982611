// Typed validators for declared input fields: every field has a size limit and a rule.
#include "validate.h"

#include <cstring>

#include "email_address.h"

namespace portal {

size_t utf8_length(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

bool is_local_path(std::string_view s) {
    if (s.empty() || s.size() > 512 || s[0] != '/') return false;
    if (s.size() > 1 && (s[1] == '/' || s[1] == '\\')) return false;
    for (unsigned char c : s)
        if (c < 0x21 || c == 0x7F || c == '\\') return false;
    return true;
}

namespace v {

namespace {
bool no_controls(std::string_view s, bool allow_newlines) {
    for (unsigned char c : s) {
        if (c == 0x7F) return false;
        if (c < 0x20) {
            if (!allow_newlines) return false;
            if (c != '\n' && c != '\r' && c != '\t') return false;
        }
    }
    return true;
}
}  // namespace

// The byte limit is four bytes per character: validated UTF-8 never needs more.
Validator line(size_t max_chars) {
    return {max_chars * 4, [max_chars](std::string_view s) {
                return no_controls(s, false) && utf8_length(s) <= max_chars;
            }};
}

Validator text(size_t max_chars) {
    return {max_chars * 4, [max_chars](std::string_view s) {
                return no_controls(s, true) && utf8_length(s) <= max_chars;
            }};
}

// The portal's one address rule (email_address.h); surrounding spaces may be trimmed later.
Validator email() {
    return {320, [](std::string_view s) { return canonical_email(s).has_value(); }};
}

Validator one_of(std::initializer_list<const char*> choices) {
    std::vector<std::string> list(choices.begin(), choices.end());
    size_t longest = 0;
    for (auto& c : list) longest = std::max(longest, c.size());
    return {longest, [list](std::string_view s) {
                for (auto& c : list)
                    if (s == c) return true;
                return false;
            }};
}

Validator integer(long min, long max) {
    return {20, [min, max](std::string_view s) {
                bool negative = !s.empty() && s[0] == '-';
                std::string_view digits = negative ? s.substr(1) : s;
                if (digits.empty() || digits.size() > 18) return false;
                if (digits.size() > 1 && digits[0] == '0') return false;
                long value = 0;
                for (char c : digits) {
                    if (c < '0' || c > '9') return false;
                    value = value * 10 + (c - '0');
                }
                if (negative) value = -value;
                return value >= min && value <= max;
            }};
}

Validator digits(size_t n) {
    return {n, [n](std::string_view s) {
                if (s.size() != n) return false;
                for (char c : s)
                    if (c < '0' || c > '9') return false;
                return true;
            }};
}

Validator local_path() {
    return {512, is_local_path};
}

Validator token() {
    return {43, [](std::string_view s) {
                if (s.size() != 43) return false;
                for (char c : s)
                    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
                        return false;
                return true;
            }};
}

Validator reference() {
    return {40, [](std::string_view s) {
                if (s.size() < 4 || s.substr(0, 3) != "WO-" || s.back() == '-') return false;
                char prev = '-';
                for (char c : s.substr(3)) {
                    bool ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                              (c == '-' && prev != '-');
                    if (!ok) return false;
                    prev = c;
                }
                return true;
            }};
}

}  // namespace v
}  // namespace portal
