// Formatting for people: phone numbers for tel: links, and (later) money and dates.
#pragma once

#include <string>
#include <string_view>

namespace portal {

// "+44 20 7946 0321" → "+442079460321", for tel: links (RFC 3966 global number digits).
std::string dial_string(std::string_view phone);

// Percent-encodes everything but RFC 3986 unreserved characters and '/', for paths in URLs.
std::string url_encode(std::string_view s);

}  // namespace portal
