// Typed validators for declared input fields: every field has a size limit and a rule.
#include "validate.h"

#include <cstring>
#include <optional>
#include <string>

#include "email_address.h"

namespace portal {

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

namespace {
// The value of a decimal integer of at most 18 digits, optionally negative; nullopt otherwise.
std::optional<long> parse_integer(std::string_view s) {
    bool negative = !s.empty() && s[0] == '-';
    std::string_view digits = negative ? s.substr(1) : s;
    if (digits.empty() || digits.size() > 18) return std::nullopt;
    if (digits.size() > 1 && digits[0] == '0') return std::nullopt;
    long value = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return negative ? -value : value;
}

// Minor units of "1,234.5": digits with optional thousands commas, at most two decimals.
std::optional<long> parse_money(std::string_view s) {
    size_t dot = s.find('.');
    std::string_view whole = s.substr(0, dot), cents = dot == s.npos ? "" : s.substr(dot + 1);
    if (whole.empty() || (dot != s.npos && (cents.empty() || cents.size() > 2)))
        return std::nullopt;
    // Thousands commas, if any, in every place and only there: "1,234,567", never "12,34".
    bool grouped = whole.find(',') != std::string_view::npos;
    std::string digits;
    for (size_t i = 0; i < whole.size(); ++i) {
        char c = whole[i];
        bool comma_place = grouped && i > 0 && (whole.size() - i) % 4 == 0;
        if (comma_place != (c == ',')) return std::nullopt;
        if (c == ',') continue;
        if (c < '0' || c > '9') return std::nullopt;
        digits += c;
    }
    for (char c : cents)
        if (c < '0' || c > '9') return std::nullopt;
    if (digits.size() > 15) return std::nullopt;
    while (digits.size() > 1 && digits[0] == '0') digits.erase(0, 1);
    long value = std::stol(digits) * 100;
    if (!cents.empty()) value += (cents[0] - '0') * 10 + (cents.size() == 2 ? cents[1] - '0' : 0);
    return value;
}
}  // namespace

Validator integer(long min, long max) {
    return {20,
            [min, max](std::string_view s) {
                auto value = parse_integer(s);
                return value && *value >= min && *value <= max;
            },
            [](std::string_view s) { return *parse_integer(s); }};
}

Validator money(long max_minor) {
    return {24,
            [max_minor](std::string_view s) {
                auto value = parse_money(s);
                return value && *value <= max_minor;
            },
            [](std::string_view s) { return *parse_money(s); }};
}

Validator digits(size_t n) {
    return {n, [n](std::string_view s) {
                if (s.size() != n) return false;
                for (char c : s)
                    if (c < '0' || c > '9') return false;
                return true;
            }};
}

Validator international_phone() {
    return {40, [](std::string_view s) {
                if (s.empty() || s[0] != '+') return false;
                size_t digits = 0;
                for (char c : s.substr(1)) {
                    if (c >= '0' && c <= '9')
                        ++digits;
                    else if (c != ' ' && c != '-' && c != '(' && c != ')')
                        return false;
                }
                return digits >= 8 && digits <= 15;
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
