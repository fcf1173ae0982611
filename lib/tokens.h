// Secrets from the OS: sign-in tokens, session tokens, codes; and how they are stored (hashed).
#pragma once

#include <string>
#include <string_view>

namespace portal {

// 256 bits from getrandom(2), base64url without padding: 43 characters.
std::string random_token();
// A uniformly random 6-digit code ("042917").
std::string random_code();
// SHA-256 of `data`, as raw bytes (32) — what the database stores instead of a token.
std::string sha256(std::string_view data);
std::string hex(std::string_view bytes);
// Compares secrets in time independent of where they differ.
bool equal_secrets(std::string_view a, std::string_view b);

}  // namespace portal
