// Sign-in tokens (magic links, password resets, SMS/WhatsApp deep links): random, stored hashed,
// single use, short-lived, bound to one garage and one customer (DESIGN.md "Tokens").
#pragma once

#include <pqxx/pqxx>
#include <string>
#include <string_view>

namespace portal {

constexpr int kMagicLinkSeconds = 15 * 60;
constexpr int kResetSeconds = 60 * 60;
constexpr int kDeepLinkSeconds = 7 * 24 * 3600;
constexpr int kMaxCodeAttempts = 5;
// Codes tried for one customer in 24 hours, over all their links: past this the code is refused
// (the link in the email still signs in), so 6 digits can't be worn down a link at a time.
constexpr int kMaxCodeAttemptsPerDay = 15;

struct IssuedToken {
    std::string token;  // goes into the link: /auth/<token>
    std::string code;   // the 6-digit code, when the token has one
};

// Issues a token and makes the customer's older unused tokens of the same purpose invalid.
// `pending` is the pending-sign-in cookie of the browser that asked ("" for none); with it the
// token also gets a 6-digit code that only that browser can use. For `customer_id` 0 (an address
// that is nobody's) it does the same work and stores nothing, so the two take the same time.
IssuedToken issue_token(pqxx::transaction_base& tx, long garage_id, long customer_id,
                        const char* purpose, int ttl_seconds, const std::string& redirect_path,
                        const std::string& pending);

enum class TokenState { ok, expired, invalid, too_many_codes };

struct TokenInfo {
    TokenState state = TokenState::invalid;
    long customer_id = 0;  // also set for used and expired tokens of this garage
    std::string purpose, redirect_path;
    bool pending_matches = false;  // this browser asked for the link
};

// Looks at a token without changing anything (GET /auth/<token>).
TokenInfo peek_token(pqxx::transaction_base& tx, long garage_id, std::string_view token,
                     std::string_view pending);
// Consumes a token: succeeds for exactly one caller, however many race.
TokenInfo consume_token(pqxx::transaction_base& tx, long garage_id, std::string_view token);
// Consumes this browser's latest magic link by its code; every wrong code counts, and after
// kMaxCodeAttempts the link is spent.
// Past kMaxCodeAttemptsPerDay for the customer: too_many_codes, and the code is not compared.
TokenInfo consume_code(pqxx::transaction_base& tx, long garage_id, std::string_view pending,
                       std::string_view code);
// Retires every outstanding token of a customer, of every purpose (a password reset or change,
// "sign out everywhere"): no link sent before it signs in afterwards.
void retire_all_tokens(pqxx::transaction_base& tx, long garage_id, long customer_id);

}  // namespace portal
