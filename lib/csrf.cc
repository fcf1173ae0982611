// CSRF: every POST carries a token derived from the browser's session cookie, or before sign-in
// from its pre-session cookie. Another site can neither read those cookies nor compute the token.
#include "csrf.h"

#include "tokens.h"

namespace portal {

std::string csrf_token(std::string_view cookie_value) {
    return hex(sha256("portal csrf v1|" + std::string(cookie_value)));
}

bool csrf_matches(std::string_view submitted, std::string_view cookie_value) {
    return !cookie_value.empty() && equal_secrets(submitted, csrf_token(cookie_value));
}

}  // namespace portal
