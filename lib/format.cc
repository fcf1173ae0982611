// Formatting for people: phone numbers for tel: links, money, labour hours.
#include "format.h"

#include <cstdio>

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

std::string money(long minor, std::string_view currency) {
    const char* symbol = currency == "GBP"   ? "£"
                         : currency == "EUR" ? "€"
                         : currency == "USD" ? "$"
                                             : nullptr;
    unsigned long amount = minor < 0 ? 0UL - static_cast<unsigned long>(minor) : minor;
    std::string units = std::to_string(amount / 100);
    for (long i = static_cast<long>(units.size()) - 3; i > 0; i -= 3) units.insert(i, ",");
    char cents[4];
    std::snprintf(cents, sizeof cents, ".%02lu", amount % 100);
    std::string out = minor < 0 ? "-" : "";
    if (symbol)
        out += symbol;
    else
        out.append(currency).push_back(' ');
    return out + units + cents;
}

std::string hundredths(long centi) {
    std::string out = std::to_string(centi / 100);
    long rest = centi % 100;
    if (rest)
        out += rest % 10 ? "." + std::to_string(100 + rest).substr(1)
                         : "." + std::to_string(rest / 10);
    return out;
}

}  // namespace portal
