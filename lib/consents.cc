// A customer's communication consents and their audit trail (see consents.h).
#include "consents.h"

#include <stdexcept>

#include "db.h"

namespace portal {

namespace {

const Statement kLoad{
    "consents_load",
    "SELECT k.code, k.name, k.description, coalesce(c.granted, k.default_granted) AS granted,"
    " k.always_on_while_job_open AND EXISTS (SELECT 1 FROM work_orders w"
    "  WHERE w.garage_id = $1 AND w.customer_id = $2 AND w.closed_at IS NULL) AS locked"
    " FROM consent_categories k"
    " LEFT JOIN consents c ON c.category_id = k.id AND c.garage_id = $1 AND c.customer_id = $2"
    " ORDER BY k.position, k.id"};

// One statement: the old value (the customer's, else the default), the new one stored, and an
// audit row only when they differ.
const Statement kSet{
    "consents_set",
    "WITH who AS (SELECT id FROM customers WHERE garage_id = $1 AND id = $2),"
    " k AS (SELECT id, default_granted FROM consent_categories WHERE code = $3),"
    " old AS (SELECT coalesce((SELECT c.granted FROM consents c, k WHERE c.garage_id = $1"
    "  AND c.customer_id = $2 AND c.category_id = k.id), k.default_granted) AS granted FROM k),"
    " stored AS (INSERT INTO consents (garage_id, customer_id, category_id, granted)"
    "  SELECT $1, who.id, k.id, $4 FROM who, k"
    "  ON CONFLICT (customer_id, category_id) DO UPDATE SET granted = excluded.granted"
    "  WHERE consents.granted <> excluded.granted RETURNING 1)"
    " INSERT INTO consent_events (garage_id, customer_id, category_id, granted,"
    "  previous_granted, source, ip, session_id)"
    " SELECT $1, who.id, k.id, $4, old.granted, $5, nullif($6, '')::inet, nullif($7, 0)"
    " FROM who, k, old WHERE old.granted <> $4"
    " RETURNING id"};
const Statement kKnown{"consents_known", "SELECT 1 FROM consent_categories WHERE code = $1"};

const Statement kLast{"consents_last_change",
                      "SELECT k.name, e.granted, e.source, portal_time(e.changed_at, $3) AS at,"
                      " e.previous_granted IS NULL AS initial"
                      " FROM consent_events e JOIN consent_categories k ON k.id = e.category_id"
                      " WHERE e.garage_id = $1 AND e.customer_id = $2"
                      " ORDER BY e.changed_at DESC, e.id DESC LIMIT 1"};

}  // namespace

std::vector<Consent> load_consents(pqxx::transaction_base& tx, long garage_id, long customer_id) {
    std::vector<Consent> out;
    for (const auto& row : tx.exec_prepared(kLoad.name, garage_id, customer_id)) {
        Consent c;
        c.code = row["code"].as<std::string>();
        c.name = row["name"].as<std::string>();
        c.description = row["description"].as<std::string>();
        c.granted = row["granted"].as<bool>();
        c.locked = row["locked"].as<bool>();
        out.push_back(std::move(c));
    }
    return out;
}

bool set_consent(pqxx::transaction_base& tx, long garage_id, long customer_id,
                 const std::string& code, bool granted, const ConsentChanger& by) {
    if (tx.exec_prepared(kKnown.name, code).empty())
        throw std::invalid_argument("no consent category " + code);
    return !tx.exec_prepared(kSet.name, garage_id, customer_id, code, granted, by.source, by.ip,
                             by.session_id)
                .empty();
}

std::optional<ConsentChange> last_consent_change(pqxx::transaction_base& tx, long garage_id,
                                                 long customer_id, const std::string& timezone) {
    pqxx::result r = tx.exec_prepared(kLast.name, garage_id, customer_id, timezone);
    if (r.empty()) return std::nullopt;
    ConsentChange c;
    c.name = r[0]["name"].as<std::string>();
    c.granted = r[0]["granted"].as<bool>();
    c.source = r[0]["source"].as<std::string>();
    c.when = r[0]["at"].as<std::string>();
    c.initial = r[0]["initial"].as<bool>();
    return c;
}

}  // namespace portal
