// Sign-in tokens (magic links, password resets, SMS/WhatsApp deep links): random, stored hashed,
// single use, short-lived, bound to one garage and one customer (DESIGN.md "Tokens").
#include "auth_tokens.h"

#include "db.h"
#include "tokens.h"

namespace portal {

namespace {

const Statement kRetireOthers{
    "token_retire_others",
    "UPDATE auth_tokens SET consumed_at = now() WHERE garage_id = $1 AND customer_id = $2"
    " AND purpose = $3 AND consumed_at IS NULL"};
const Statement kRetireAll{
    "token_retire_all",
    "UPDATE auth_tokens SET consumed_at = now() WHERE garage_id = $1 AND customer_id = $2"
    " AND consumed_at IS NULL"};
// Customer 0 inserts nothing (see issue_token).
const Statement kIssue{
    "token_issue",
    "INSERT INTO auth_tokens (garage_id, customer_id, purpose, token_hash, code_hash,"
    " redirect_path, pending_hash, expires_at)"
    " SELECT $1, $2, $3, decode($4, 'hex'), decode(nullif($5, ''), 'hex'), nullif($6, ''),"
    " decode(nullif($7, ''), 'hex'), now() + make_interval(secs => $8) WHERE $2::bigint <> 0"};
const Statement kPeek{
    "token_peek",
    "SELECT customer_id, purpose, coalesce(redirect_path, '') AS redirect_path,"
    " consumed_at IS NOT NULL AS used, expires_at <= now() AS expired,"
    " coalesce(pending_hash = decode(nullif($3, ''), 'hex'), false) AS pending_matches"
    " FROM auth_tokens WHERE token_hash = decode($1, 'hex') AND garage_id = $2"};
const Statement kConsume{
    "token_consume",
    "UPDATE auth_tokens SET consumed_at = now()"
    " WHERE token_hash = decode($1, 'hex') AND garage_id = $2 AND consumed_at IS NULL"
    " AND expires_at > now()"
    " RETURNING customer_id, purpose, coalesce(redirect_path, '') AS redirect_path"};
// The attempt is counted before the code is compared, in the same statement that finds the row;
// it also returns the customer's code attempts of the last 24 hours before this one.
const Statement kCodeAttempt{
    "token_code_attempt",
    "UPDATE auth_tokens t SET code_attempts = code_attempts + 1"
    " WHERE id = (SELECT id FROM auth_tokens WHERE garage_id = $1"
    "  AND pending_hash = decode($2, 'hex') AND purpose = 'magic_link' AND consumed_at IS NULL"
    "  AND code_hash IS NOT NULL ORDER BY id DESC LIMIT 1)"
    " RETURNING id, encode(code_hash, 'hex') AS code_hash, code_attempts,"
    "  expires_at > now() AS fresh,"
    "  (SELECT coalesce(sum(d.code_attempts), 0) FROM auth_tokens d WHERE d.garage_id = t.garage_id"
    "   AND d.customer_id = t.customer_id AND d.created_at > now() - interval '24 hours')"
    "  AS attempts_today"};
const Statement kConsumeById{
    "token_consume_by_id",
    "UPDATE auth_tokens SET consumed_at = now() WHERE id = $1 AND consumed_at IS NULL"
    " RETURNING customer_id, purpose, coalesce(redirect_path, '') AS redirect_path"};

std::string token_hash(std::string_view token) {
    return hex(sha256(token));
}

// The code is hashed with the browser's pending cookie: a leaked table row, or a code read over
// someone's shoulder, is useless without that browser.
std::string code_hash(std::string_view pending, std::string_view code) {
    return hex(sha256("portal code v1|" + std::string(pending) + "|" + std::string(code)));
}

TokenInfo from_consumed(const pqxx::result& r) {
    TokenInfo t;
    if (r.empty()) return t;
    t.state = TokenState::ok;
    t.customer_id = r[0]["customer_id"].as<long>();
    t.purpose = r[0]["purpose"].as<std::string>();
    t.redirect_path = r[0]["redirect_path"].as<std::string>();
    return t;
}

// Once a sign-in link has signed the customer in, the other links they asked for stop working.
// Asking for a link retires nothing: otherwise anyone who knows a customer's address could keep
// killing the link in their inbox by asking again (the review's finding 6).
TokenInfo retiring_the_others(pqxx::transaction_base& tx, long garage_id, TokenInfo t) {
    if (t.state == TokenState::ok && t.purpose == "magic_link")
        tx.exec_prepared(kRetireOthers.name, garage_id, t.customer_id, t.purpose);
    return t;
}

}  // namespace

IssuedToken issue_token(pqxx::transaction_base& tx, long garage_id, long customer_id,
                        const char* purpose, int ttl_seconds, const std::string& redirect_path,
                        const std::string& pending) {
    IssuedToken issued;
    issued.token = random_token();
    if (!pending.empty()) issued.code = random_code();
    tx.exec_prepared(kIssue.name, garage_id, customer_id, purpose, token_hash(issued.token),
                     pending.empty() ? "" : code_hash(pending, issued.code), redirect_path,
                     pending.empty() ? "" : token_hash(pending), ttl_seconds);
    return issued;
}

TokenInfo peek_token(pqxx::transaction_base& tx, long garage_id, std::string_view token,
                     std::string_view pending) {
    TokenInfo t;
    pqxx::result r = tx.exec_prepared(kPeek.name, token_hash(token), garage_id,
                                      pending.empty() ? "" : token_hash(pending));
    if (r.empty()) return t;
    const pqxx::row& row = r[0];
    t.customer_id = row["customer_id"].as<long>();
    t.purpose = row["purpose"].as<std::string>();
    t.redirect_path = row["redirect_path"].as<std::string>();
    bool used = row["used"].as<bool>(), expired = row["expired"].as<bool>();
    t.state = used ? TokenState::invalid : expired ? TokenState::expired : TokenState::ok;
    t.pending_matches = row["pending_matches"].as<bool>();
    return t;
}

TokenInfo consume_token(pqxx::transaction_base& tx, long garage_id, std::string_view token) {
    TokenInfo t = from_consumed(tx.exec_prepared(kConsume.name, token_hash(token), garage_id));
    if (t.state == TokenState::ok) return retiring_the_others(tx, garage_id, t);
    // Not consumed: say why (used or unknown → invalid; unused but late → expired).
    return peek_token(tx, garage_id, token, "");
}

TokenInfo consume_code(pqxx::transaction_base& tx, long garage_id, std::string_view pending,
                       std::string_view code) {
    TokenInfo t;
    if (pending.empty()) return t;
    pqxx::result r = tx.exec_prepared(kCodeAttempt.name, garage_id, token_hash(pending));
    if (r.empty()) return t;
    const pqxx::row& row = r[0];
    long id = row["id"].as<long>();
    bool matches = equal_secrets(row["code_hash"].as<std::string>(), code_hash(pending, code));
    int attempts = row["code_attempts"].as<int>();
    bool fresh = row["fresh"].as<bool>();
    if (row["attempts_today"].as<long>() >= kMaxCodeAttemptsPerDay) {
        t.state = TokenState::too_many_codes;
        return t;
    }
    if (!fresh) {
        t.state = TokenState::expired;
        return t;
    }
    if (!matches || attempts > kMaxCodeAttempts) {
        if (attempts >= kMaxCodeAttempts) tx.exec_prepared(kConsumeById.name, id);  // spent
        return t;
    }
    return retiring_the_others(tx, garage_id,
                               from_consumed(tx.exec_prepared(kConsumeById.name, id)));
}

void retire_all_tokens(pqxx::transaction_base& tx, long garage_id, long customer_id) {
    tx.exec_prepared(kRetireAll.name, garage_id, customer_id);
}

}  // namespace portal
