// Formatting for people: phone numbers for tel: links, money, labour hours. (Dates and times are
// formatted by PostgreSQL in the garage's time zone: sql/002_friendly_times.sql.)
#pragma once

#include <string>
#include <string_view>

namespace portal {

// "+44 20 7946 0321" → "+442079460321", for tel: links (RFC 3966 global number digits).
std::string dial_string(std::string_view phone);

// Percent-encodes everything but RFC 3986 unreserved characters and '/', for paths in URLs.
std::string url_encode(std::string_view s);

// Minor units in a currency (ISO 4217) as a customer reads them: 12345, "GBP" → "£123.45";
// thousands separated ("£1,234.50"); currencies without a symbol here read "CHF 12.00".
std::string money(long minor, std::string_view currency);

// Hundredths as a decimal without trailing zeros: 150 → "1.5", 125 → "1.25", 200 → "2" (labour
// hours are kept in hundredths, VAT rates in basis points).
std::string hundredths(long n);

}  // namespace portal
