// One-click unsubscribe links for reminder and offer emails (see unsubscribe.h).
#include "unsubscribe.h"

#include <stdexcept>

#include "consents.h"
#include "db.h"
#include "tokens.h"

namespace portal {

namespace {

const Statement kIssue{
    "unsubscribe_issue",
    "INSERT INTO unsubscribe_tokens (garage_id, customer_id, category_id, token_hash, expires_at)"
    " SELECT $1, $2, k.id, decode($4, 'hex'), now() + make_interval(secs => $5)"
    " FROM consent_categories k WHERE k.code = $3 RETURNING id"};
const Statement kPeek{"unsubscribe_peek",
                      "SELECT k.name, t.used_at IS NULL AND t.expires_at > now() AS usable"
                      " FROM unsubscribe_tokens t JOIN consent_categories k ON k.id = t.category_id"
                      " WHERE t.garage_id = $1 AND t.token_hash = decode($2, 'hex')"};
const Statement kUse{
    "unsubscribe_use",
    "UPDATE unsubscribe_tokens t SET used_at = now() FROM consent_categories k"
    " WHERE k.id = t.category_id AND t.garage_id = $1 AND t.token_hash = decode($2, 'hex')"
    " AND t.used_at IS NULL AND t.expires_at > now()"
    " RETURNING t.customer_id, k.code, k.name"};

}  // namespace

std::string unsubscribe_url(pqxx::transaction_base& tx, long garage_id, long customer_id,
                            const std::string& category, const std::string& base_url) {
    if (category != "service_reminders" && category != "offers")
        throw std::invalid_argument("only reminders and offers carry an unsubscribe link");
    std::string token = random_token();
    one_row(tx.exec_prepared(kIssue.name, garage_id, customer_id, category, hex(sha256(token)),
                             kUnsubscribeSeconds),
            "no such consent category");
    return base_url + "/unsubscribe/" + token;
}

UnsubscribeLink peek_unsubscribe(pqxx::transaction_base& tx, long garage_id,
                                 std::string_view token) {
    pqxx::result r = tx.exec_prepared(kPeek.name, garage_id, hex(sha256(token)));
    UnsubscribeLink out;
    if (r.empty()) return out;
    out.category_name = r[0]["name"].as<std::string>();
    out.state = r[0]["usable"].as<bool>() ? UnsubscribeState::ok : UnsubscribeState::used;
    return out;
}

UnsubscribeLink use_unsubscribe(pqxx::transaction_base& tx, long garage_id, std::string_view token,
                                const std::string& ip) {
    pqxx::result r = tx.exec_prepared(kUse.name, garage_id, hex(sha256(token)));
    if (r.empty()) return peek_unsubscribe(tx, garage_id, token);
    UnsubscribeLink out;
    out.state = UnsubscribeState::ok;
    out.category_name = r[0]["name"].as<std::string>();
    set_consent(tx, garage_id, r[0]["customer_id"].as<long>(), r[0]["code"].as<std::string>(),
                false, {"unsubscribe", ip, 0});
    return out;
}

}  // namespace portal
