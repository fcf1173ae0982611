// Sessions: an opaque 256-bit token in a host-only cookie; PostgreSQL keeps only its SHA-256.
#include "session.h"

#include "garage.h"
#include "salutation.h"
#include "tokens.h"

namespace portal {

namespace {
// Read by load_session() by their names.
const char* const kSessionColumns =
    "SELECT s.id AS session_id, c.id AS customer_id, c.email AS customer_email,"
    " c.first_name AS customer_first_name, c.last_name AS customer_last_name,"
    " coalesce(c.title, '') AS customer_title, c.salutation AS customer_salutation,"
    " c.password_hash IS NOT NULL AS customer_has_password,"
    " s.signed_in_at > now() - interval '15 minutes' AS session_recent,"
    " s.last_seen_at < now() - interval '5 minutes' AS session_stale";
const char* const kSessionFrom =
    " FROM sessions s JOIN customers c ON c.garage_id = s.garage_id AND c.id = s.customer_id";
const char* const kSessionWhere =
    " WHERE s.token_hash = decode($1, 'hex') AND s.garage_id = $2 AND s.expires_at > now()";
const Statement kLoad{"session_load", std::string(kSessionColumns) + kSessionFrom + kSessionWhere};
const Statement kTouch{"session_touch", "UPDATE sessions SET last_seen_at = now() WHERE id = $1"};
const Statement kStart{
    "session_start",
    "WITH s AS (INSERT INTO sessions (garage_id, customer_id, token_hash, expires_at, auth_method,"
    "  ip, user_agent) VALUES ($1, $2, decode($3, 'hex'), now() + make_interval(secs => $4), $5,"
    "  nullif($6, '')::inet, left($7, 300)) RETURNING customer_id)"
    " UPDATE customers SET last_login_at = now(),"
    "  first_portal_visit_at = coalesce(first_portal_visit_at, now())"
    " WHERE garage_id = $1 AND id = (SELECT customer_id FROM s)"
    // now() is the transaction's start: equal only when this statement set it.
    " RETURNING first_portal_visit_at = now()"};
const Statement kSweep{
    "session_sweep",
    "DELETE FROM sessions WHERE garage_id = $1 AND customer_id = $2 AND expires_at < now()"};
const Statement kEnd{"session_end", "DELETE FROM sessions WHERE id = $1 AND garage_id = $2"};
const Statement kEndOthers{
    "session_end_others",
    "DELETE FROM sessions WHERE garage_id = $1 AND customer_id = $2 AND id <> $3"};
}  // namespace

std::string Customer::display_name() const {
    return address_as(salutation, title, first_name, last_name);
}

std::string session_select(const std::string& columns, const char* joins, const char* order) {
    std::string sql =
        std::string(kSessionColumns) + ", " + columns + kSessionFrom + " " + joins + kSessionWhere;
    if (*order) sql += std::string(" ORDER BY ") + order;
    return sql;
}

std::optional<Customer> load_session(Db& db, const Garage& garage, std::string_view token,
                                     const char* page, pqxx::result* page_rows) {
    pqxx::nontransaction tx(db.conn());
    pqxx::result r = page ? tx.exec_prepared(page, hex(sha256(token)), garage.id, garage.timezone)
                          : tx.exec_prepared(kLoad.name, hex(sha256(token)), garage.id);
    if (r.empty()) return std::nullopt;
    if (page_rows) *page_rows = r;
    const auto& row = r[0];
    Customer c;
    c.session_id = row["session_id"].as<long>();
    c.id = row["customer_id"].as<long>();
    c.email = row["customer_email"].as<std::string>();
    c.first_name = row["customer_first_name"].as<std::string>();
    c.last_name = row["customer_last_name"].as<std::string>();
    c.title = row["customer_title"].as<std::string>();
    c.salutation = row["customer_salutation"].as<std::string>();
    c.has_password = row["customer_has_password"].as<bool>();
    c.recently_signed_in = row["session_recent"].as<bool>();
    // last_seen_at is kept to five minutes (the devices list's "last seen"): a write on every
    // page view would buy nothing.
    if (row["session_stale"].as<bool>()) tx.exec_prepared(kTouch.name, c.session_id);
    return c;
}

NewSession start_session(pqxx::transaction_base& tx, const Garage& garage, long customer_id,
                         const char* method, std::string_view ip, std::string_view user_agent) {
    std::string token = random_token();
    tx.exec_prepared(kSweep.name, garage.id, customer_id);
    auto row =
        one_row(tx.exec_prepared(kStart.name, garage.id, customer_id, hex(sha256(token)),
                                 kSessionSeconds, method, std::string(ip), std::string(user_agent)),
                "We couldn't find that customer.");
    return {token, row[0].as<bool>()};
}

void end_session(pqxx::transaction_base& tx, const Garage& garage, long session_id) {
    tx.exec_prepared(kEnd.name, session_id, garage.id);
}

void end_other_sessions(pqxx::transaction_base& tx, long garage_id, long customer_id,
                        long keep_session_id) {
    tx.exec_prepared(kEndOthers.name, garage_id, customer_id, keep_session_id);
}

}  // namespace portal
