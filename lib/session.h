// Sessions: an opaque 256-bit token in a host-only cookie; PostgreSQL keeps only its SHA-256.
// 90 days, as the seed says ("The portal session lasts 90 days"); see README "Security".
#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>

#include "db.h"

namespace portal {

struct Garage;

constexpr const char* kSessionCookie = "portal_session";
constexpr long kSessionSeconds = 90L * 24 * 3600;
// Set on the browser that asks for a magic link; that browser alone is signed in by a GET.
constexpr const char* kPendingCookie = "portal_pending";
constexpr long kPendingSeconds = 15L * 60;
// Set (for the browser's lifetime only) when a customer signs in for the very first time: the
// home page shows the first-visit welcome strip while it is there (seed: "First-visit welcome
// strip" — it "clears naturally when the customer closes their browser").
constexpr const char* kWelcomeCookie = "portal_welcome";

// The signed-in customer, as every page needs them.
struct Customer {
    long id = 0;
    long session_id = 0;
    std::string email, first_name, last_name, title, salutation;
    bool has_password = false;
    bool recently_signed_in = false;   // within 15 minutes: allowed to make sensitive changes
    std::string display_name() const;  // as they prefer to be addressed
};

// The customer whose session `token` is, on this garage; nullopt for unknown or expired tokens
// and for tokens of another garage's session.
//
// With `page`, a statement made by session_select(), the session is looked up by that statement
// instead, together with the page's own data in the same round trip; its rows are left in
// `page_rows`, where the page reads its own columns by their names.
std::optional<Customer> load_session(Db& db, const Garage& garage, std::string_view token,
                                     const char* page = nullptr, pqxx::result* page_rows = nullptr);

// The SQL of a page's statement that also finds the signed-in customer: SELECT the session's
// columns (named session_* and customer_*: the page's may not use those names), then
// `columns`, FROM sessions s JOIN customers c, then `joins`, for the session token
// $1 on garage $2, ORDER BY `order` ("" for none). It may use c (the customer), $2 and $3 (the
// garage's time zone). A page whose data needs the customer's id anyway saves a round trip.
std::string session_select(const std::string& columns, const char* joins, const char* order);

// Starts a new session for `customer_id` (never reuses one: no session fixation), records the
// visit (from `ip`, with `user_agent`), and returns the token for the session cookie (kept
// kSessionSeconds). `method`: magic_link, password, code, deep_link, reset.
struct NewSession {
    std::string token;
    bool first_visit;  // the customer's first sign-in ever
};
NewSession start_session(pqxx::transaction_base& tx, const Garage& garage, long customer_id,
                         const char* method, std::string_view ip, std::string_view user_agent);
void end_session(pqxx::transaction_base& tx, const Garage& garage, long session_id);
// Ends every session of a customer but `keep_session_id` (0: all of them).
void end_other_sessions(pqxx::transaction_base& tx, long garage_id, long customer_id,
                        long keep_session_id);

}  // namespace portal
