// The one email address rule of the portal (see email_address.h).
#include "email_address.h"

namespace portal {

namespace {

bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// RFC 5322 atext: letters, digits and !#$%&'*+-/=?^_`{|}~
bool is_atext(char c) {
    return is_alnum(c) || std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

bool valid_local_part(std::string_view s) {
    if (s.empty() || s.size() > 64 || s.front() == '.' || s.back() == '.') return false;
    char prev = 0;
    for (char c : s) {
        if (c == '.' ? prev == '.' : !is_atext(c)) return false;
        prev = c;
    }
    return true;
}

// `min_labels`: 2 for a customer's address; 1 also allows the portal's own "portal@localhost".
bool valid_domain(std::string_view s, size_t min_labels) {
    if (s.empty() || s.size() > 253) return false;
    size_t labels = 0;
    while (true) {
        size_t dot = s.find('.');
        std::string_view label = s.substr(0, dot);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
            return false;
        for (char c : label)
            if (!is_alnum(c) && c != '-') return false;
        ++labels;
        if (dot == std::string_view::npos) break;
        s.remove_prefix(dot + 1);
    }
    return labels >= min_labels;
}

bool valid(std::string_view s, size_t min_labels) {
    if (s.size() > 254) return false;
    size_t at = s.rfind('@');
    if (at == std::string_view::npos) return false;
    return valid_local_part(s.substr(0, at)) && valid_domain(s.substr(at + 1), min_labels);
}

}  // namespace

bool valid_address(std::string_view s) {
    return valid(s, 1);
}

std::optional<std::string> canonical_email(std::string_view input) {
    while (!input.empty() && (input.front() == ' ' || input.front() == '\t'))
        input.remove_prefix(1);
    while (!input.empty() && (input.back() == ' ' || input.back() == '\t')) input.remove_suffix(1);
    if (!valid(input, 2)) return std::nullopt;
    std::string out(input);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

}  // namespace portal
