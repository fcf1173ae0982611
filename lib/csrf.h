// CSRF: every POST carries a token derived from the browser's session cookie, or before sign-in
// from its pre-session cookie. Another site can neither read those cookies nor compute the token.
#pragma once

#include <string>
#include <string_view>

namespace portal {

constexpr const char* kPreSessionCookie = "portal_pre";
constexpr long kPreSessionSeconds = 7L * 24 * 3600;
constexpr const char* kCsrfField = "csrf";

// The form token for a cookie value: hex SHA-256 over a domain-separated input.
std::string csrf_token(std::string_view cookie_value);
bool csrf_matches(std::string_view submitted, std::string_view cookie_value);

}  // namespace portal
