// The garage's voice assistant's questions about a customer, answered by privacy tier.
#include "voice_assistant.h"

#include <optional>

#include "db.h"
#include "format.h"
#include "outbox.h"
#include "password.h"
#include "salutation.h"

namespace portal {

namespace {

// The customer, locked: a question's alert check and its record are one step per customer. When
// several customers share a number, the most private of them decides (the assistant can't tell
// who is calling, so it says no more than the strictest of them allows).
#define VOICE_CUSTOMER                                                                          \
    "SELECT id, privacy_tier, coalesce(voice_pin_hash, '') AS pin_hash, first_name, last_name," \
    " coalesce(title, '') AS title, salutation, email, coalesce(phone, '') AS phone,"           \
    " alert_on_access_email, alert_on_access_sms FROM customers WHERE garage_id = $1"
#define MOST_PRIVATE_FIRST                                                                      \
    " ORDER BY array_position(ARRAY['BLOCKED', 'RESTRICTED', 'PIN', 'FULL'], privacy_tier), id" \
    " LIMIT 1 FOR UPDATE"
const Statement kByPhone{"voice_customer_by_phone",
                         VOICE_CUSTOMER " AND phone_digits = $2" MOST_PRIVATE_FIRST};
const Statement kByEmail{"voice_customer_by_email",
                         VOICE_CUSTOMER " AND email = $2" MOST_PRIVATE_FIRST};
#undef VOICE_CUSTOMER
#undef MOST_PRIVATE_FIRST
const Statement kVehicles{
    "voice_vehicles",
    "SELECT registration, coalesce(make, '') AS make, coalesce(model, '') AS model,"
    " coalesce(colour, '') AS colour FROM vehicles WHERE garage_id = $1 AND customer_id = $2"
    " ORDER BY id LIMIT 20"};
const Statement kJobs{"voice_jobs", std::string("SELECT ") + kJobColumns +
                                        " FROM work_orders w JOIN vehicles v"
                                        " ON v.garage_id = w.garage_id AND v.id = w.vehicle_id"
                                        " WHERE w.garage_id = $1 AND w.customer_id = $2"
                                        " AND w.closed_at IS NULL ORDER BY w.booked_at LIMIT 20"};
const Statement kWrongPins{
    "voice_wrong_pins",
    "SELECT count(*) FROM voice_attempts WHERE garage_id = $1 AND customer_id = $2"
    " AND outcome = 'pin_wrong' AND created_at > now() - make_interval(secs => $3)"};
const Statement kRecentAlerts{
    "voice_recent_alerts",
    "SELECT coalesce(bool_or(alerted_email), false), coalesce(bool_or(alerted_sms), false)"
    " FROM voice_attempts WHERE garage_id = $1 AND customer_id = $2"
    " AND created_at > now() - make_interval(secs => $3)"};
const Statement kRecord{
    "voice_record",
    "INSERT INTO voice_attempts (garage_id, customer_id, kind, asked_by, outcome, tier,"
    " alerted_email, alerted_sms) VALUES ($1, nullif($2, 0), $3, $4, $5, nullif($6, ''), $7, $8)"};

struct Found {
    long id = 0;
    std::string tier, pin_hash, first_name, last_name, title, email, phone;
    std::string greeting;  // as they prefer to be addressed
    bool alert_email = false, alert_sms = false;
};

std::optional<Found> find(pqxx::transaction_base& tx, const Garage& garage,
                          const VoiceSubject& who) {
    std::string digits;
    for (char ch : who.phone)
        if (ch >= '0' && ch <= '9') digits.push_back(ch);
    pqxx::result r = who.email.empty() ? tx.exec_prepared(kByPhone.name, garage.id, digits)
                                       : tx.exec_prepared(kByEmail.name, garage.id, who.email);
    if (r.empty()) return std::nullopt;
    const pqxx::row row = r[0];
    Found f;
    f.id = row["id"].as<long>();
    f.tier = row["privacy_tier"].as<std::string>();
    f.pin_hash = row["pin_hash"].as<std::string>();
    f.first_name = row["first_name"].as<std::string>();
    f.last_name = row["last_name"].as<std::string>();
    f.title = row["title"].as<std::string>();
    f.greeting =
        address_as(row["salutation"].as<std::string>(), f.title, f.first_name, f.last_name);
    f.email = row["email"].as<std::string>();
    f.phone = row["phone"].as<std::string>();
    f.alert_email = row["alert_on_access_email"].as<bool>();
    f.alert_sms = row["alert_on_access_sms"].as<bool>();
    return f;
}

// The Open Access answer: the customer, their vehicles and active jobs.
VoiceAnswer everything(pqxx::transaction_base& tx, const Garage& garage, const Found& c) {
    VoiceAnswer a;
    a.answer = "customer";
    a.first_name = c.first_name;
    a.last_name = c.last_name;
    a.title = c.title;
    for (const auto& row : tx.exec_prepared(kVehicles.name, garage.id, c.id))
        a.vehicles.push_back({row["registration"].as<std::string>(), row["make"].as<std::string>(),
                              row["model"].as<std::string>(), row["colour"].as<std::string>()});
    for (const auto& row : tx.exec_prepared(kJobs.name, garage.id, c.id, garage.timezone))
        a.jobs.push_back(read_job(row));
    return a;
}

// What the tier allows without a PIN.
VoiceAnswer by_tier(pqxx::transaction_base& tx, const Garage& garage,
                    const std::optional<Found>& c) {
    VoiceAnswer a;
    if (!c || c->tier == "BLOCKED")
        a.answer = "no_such_customer";
    else if (c->tier == "FULL")
        a = everything(tx, garage, *c);
    else
        a.answer = c->tier == "PIN" ? "pin_required" : "customer_exists";
    return a;
}

const char* outcome_of(const VoiceAnswer& a, bool pin_checked) {
    if (a.answer == "customer") return pin_checked ? "pin_right" : "answered";
    if (a.answer == "pin_required") return "pin_needed";
    if (a.answer == "customer_exists") return "existence_only";
    if (a.answer == "pin_wrong") return "pin_wrong";
    if (a.answer == "pin_locked") return "locked";
    return "not_found";
}

// Queues the alerts the customer chose, for each channel not alerted within the last hour;
// returns which went (email, sms).
std::pair<bool, bool> alert(pqxx::transaction_base& tx, const Config& config, const Garage& garage,
                            const Found& c) {
    pqxx::row recent = tx.exec_prepared1(kRecentAlerts.name, garage.id, c.id, kVoiceAlertSeconds);
    bool email = c.alert_email && !recent[0].as<bool>();
    std::string mobile = dial_string(c.phone);
    bool sms = c.alert_sms && !recent[1].as<bool>() && mobile.size() > 1 && mobile[0] == '+';
    if (email) {
        load_email_templates(config.share_dir);
        ctemplate::TemplateDictionary dict("voice_alert");
        dict.SetValue("FIRST_NAME", c.greeting);
        EmailBody body = render_email("voice_alert", dict, garage, public_origin(config, garage));
        OutgoingEmail m;
        m.garage_id = garage.id;
        m.to = c.email;
        m.subject = "Someone asked " + garage.name + " about your account";
        m.text = std::move(body.text);
        m.html = std::move(body.html);
        m.purpose = "voice_alert";
        m.customer_id = c.id;
        enqueue_email(tx, m);
    }
    if (sms) {
        OutgoingText t;
        t.garage_id = garage.id;
        t.customer_id = c.id;
        t.channel = "sms";
        t.to = mobile;
        t.text = garage.name +
                 ": someone just asked our voice assistant about your account. It shared nothing "
                 "(your privacy level is Zero Disclosure). We alert you at most once an hour.";
        t.purpose = "voice_alert";
        enqueue_text(tx, t);
    }
    return {email, sms};
}

void record(pqxx::transaction_base& tx, const Config& config, const Garage& garage,
            const VoiceSubject& who, const std::optional<Found>& c, const char* kind,
            const char* outcome) {
    std::pair<bool, bool> alerted{false, false};
    if (c && c->tier == "BLOCKED") alerted = alert(tx, config, garage, *c);
    tx.exec_prepared(kRecord.name, garage.id, c ? c->id : 0, kind,
                     who.email.empty() ? "phone" : "email", outcome, c ? c->tier : "",
                     alerted.first, alerted.second);
}

}  // namespace

VoiceAnswer voice_lookup(pqxx::transaction_base& tx, const Config& config, const Garage& garage,
                         const VoiceSubject& who) {
    std::optional<Found> c = find(tx, garage, who);
    VoiceAnswer a = by_tier(tx, garage, c);
    record(tx, config, garage, who, c, "lookup", outcome_of(a, false));
    return a;
}

VoiceAnswer voice_verify_pin(pqxx::transaction_base& tx, const Config& config, const Garage& garage,
                             const VoiceSubject& who, std::string_view pin) {
    std::optional<Found> c = find(tx, garage, who);
    VoiceAnswer a;
    if (!c || c->tier != "PIN" || c->pin_hash.empty()) {
        if (!c || c->tier == "BLOCKED" || c->tier == "PIN") verify_nothing(pin);
        a = by_tier(tx, garage, c);
    } else {
        long wrong =
            tx.exec_prepared1(kWrongPins.name, garage.id, c->id, kPinLockSeconds)[0].as<long>();
        if (wrong >= kMaxWrongPins) {
            a.answer = "pin_locked";
        } else if (verify_password(pin, c->pin_hash)) {
            a = everything(tx, garage, *c);
        } else {
            a.answer = "pin_wrong";
            a.pins_left = static_cast<int>(kMaxWrongPins - wrong - 1);
        }
    }
    record(tx, config, garage, who, c, "verify_pin", outcome_of(a, c && c->tier == "PIN"));
    return a;
}

}  // namespace portal
