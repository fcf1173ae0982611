// Formatting for people: phone numbers for tel: links, and (later) money and dates.
#include "format.h"

namespace portal {

std::string dial_string(std::string_view phone) {
    std::string out;
    for (char c : phone)
        if ((c >= '0' && c <= '9') || (c == '+' && out.empty())) out.push_back(c);
    return out;
}

std::string url_encode(std::string_view s) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (unsigned char c : s) {
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
        if (keep) {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    return out;
}

}  // namespace portal
