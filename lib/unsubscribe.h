// One-click unsubscribe links for reminder and offer emails (RFC 8058): a single-use token per
// email, stored as its SHA-256, that switches one consent category off without signing in.
#pragma once

#include <pqxx/pqxx>
#include <string>
#include <string_view>

namespace portal {

// How long a link in an email keeps working: people unsubscribe from old mail too.
constexpr int kUnsubscribeSeconds = 365 * 24 * 3600;

// A new link for `category` (service_reminders or offers) of the customer:
// `base_url`/unsubscribe/<token>. Throws std::invalid_argument for another category.
std::string unsubscribe_url(pqxx::transaction_base& tx, long garage_id, long customer_id,
                            const std::string& category, const std::string& base_url);

enum class UnsubscribeState { ok, used, invalid };  // used: used already, or too old

struct UnsubscribeLink {
    UnsubscribeState state = UnsubscribeState::invalid;
    std::string category_name;  // when not invalid
};

// What the link would do, changing nothing (GET, which mail scanners also make).
UnsubscribeLink peek_unsubscribe(pqxx::transaction_base& tx, long garage_id,
                                 std::string_view token);
// Uses the link: the category is switched off and the audit trail records it (source
// "unsubscribe", from `ip`). Succeeds once, however many race.
UnsubscribeLink use_unsubscribe(pqxx::transaction_base& tx, long garage_id, std::string_view token,
                                const std::string& ip);

}  // namespace portal
