// A customer's communication consents (work order updates, service reminders, offers, WhatsApp)
// and their audit trail in consent_events (issue 14; DESIGN.md "Communication consent").
#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace portal {

struct Consent {
    std::string code, name, description;
    bool granted = false;
    bool locked = false;  // work order updates while a job is open: on, whatever was chosen
};

// Every category, in the preferences page's order, with the customer's choice (or the
// category's default while they never chose).
std::vector<Consent> load_consents(pqxx::transaction_base& tx, long garage_id, long customer_id);

// Who changed a consent, for the audit trail: source "portal" (the customer, signed in),
// "unsubscribe" (the customer, from an email's one-click link) or "garage".
struct ConsentChanger {
    const char* source;
    std::string ip;       // "" when unknown
    long session_id = 0;  // 0 when none
};

// Sets one consent; when that changes its value, records the old and new value in the audit
// trail. Returns whether it changed. Throws std::invalid_argument for an unknown category.
bool set_consent(pqxx::transaction_base& tx, long garage_id, long customer_id,
                 const std::string& code, bool granted, const ConsentChanger& by);

// The newest entry of the audit trail, as the preferences page shows it.
struct ConsentChange {
    std::string name, source, when;  // when: in the garage's time zone ("today, 4:00 pm")
    bool granted = false;
    bool initial = false;  // the value the account started with (no old value)
};
std::optional<ConsentChange> last_consent_change(pqxx::transaction_base& tx, long garage_id,
                                                 long customer_id, const std::string& timezone);

}  // namespace portal
