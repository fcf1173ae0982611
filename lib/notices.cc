// Messages the garage sends a customer without being asked (see notices.h).
#include "notices.h"

#include "auth_tokens.h"
#include "db.h"
#include "outbox.h"
#include "salutation.h"
#include "unsubscribe.h"

namespace portal {

namespace {

// The customer as a message needs them: the greeting's parts, the address, a mobile number in
// E.164 form ("" when none: a UK landline is no use for SMS), and whether WhatsApp may be used.
const Statement kRecipient{
    "notices_recipient",
    "SELECT c.email, c.first_name, c.last_name, coalesce(c.title, '') AS title, c.salutation,"
    " coalesce(m.mobile, '') AS mobile,"
    " outbox_suppression(c.garage_id, c.id, null, 'whatsapp') IS NULL AS whatsapp"
    " FROM customers c"
    " CROSS JOIN LATERAL (SELECT regexp_replace(c.phone, '[^0-9+]', '', 'g') AS e164) p"
    " LEFT JOIN LATERAL (SELECT p.e164 AS mobile WHERE p.e164 ~ '^\\+[1-9][0-9]{7,14}$'"
    "  AND p.e164 !~ '^\\+44[1-3]') m ON true"
    " WHERE c.garage_id = $1 AND c.id = $2"};

const Statement kAnnounced{"notices_announced",
                           "SELECT 1 FROM outbox WHERE garage_id = $1 AND dedupe_key = $2"};

const Statement kJob{
    "notices_job",
    "SELECT w.customer_id, w.reference, w.status, v.registration,"
    " btrim(coalesce(v.make, '') || ' ' || coalesce(v.model, '')) AS vehicle,"
    " (SELECT max(h.id) FROM work_order_status_history h WHERE h.work_order_id = w.id) AS change"
    " FROM work_orders w JOIN vehicles v ON v.garage_id = w.garage_id AND v.id = w.vehicle_id"
    " WHERE w.garage_id = $1 AND w.id = $2"};

struct Recipient {
    std::string email, greeting, mobile;
    bool whatsapp = false;
};

Recipient recipient(pqxx::transaction_base& tx, long garage_id, long customer_id) {
    auto row =
        one_row(tx.exec_prepared(kRecipient.name, garage_id, customer_id), "no such customer");
    Recipient r;
    r.email = row["email"].as<std::string>();
    r.greeting =
        address_as(row["salutation"].as<std::string>(), row["title"].as<std::string>(),
                   row["first_name"].as<std::string>(), row["last_name"].as<std::string>());
    r.mobile = row["mobile"].as<std::string>();
    r.whatsapp = row["whatsapp"].as<bool>();
    return r;
}

Notice queued(pqxx::transaction_base& tx, long id, const std::string& channel,
              const std::string& to) {
    return {id, channel, to, id ? suppression_reason(tx, id) : ""};
}

// The customer email: templates/email/<name> with `dict`, greeted as they prefer, with a link to
// `url` when there is one.
Notice email(pqxx::transaction_base& tx, const Config& config, const Garage& garage,
             long customer_id, const Recipient& to, OutgoingEmail m, const char* name,
             ctemplate::TemplateDictionary& dict, const std::string& url) {
    dict.SetValue("GREETING", to.greeting);
    if (!url.empty()) {
        dict.SetValue("URL", url);
        dict.ShowSection("LINK");
    }
    if (!m.list_unsubscribe.empty())
        dict.SetValueAndShowSection("UNSUBSCRIBE_URL", m.list_unsubscribe, "UNSUBSCRIBE");
    load_email_templates(config.share_dir);  // in portalctl, which loads no page templates
    EmailBody body = render_email(name, dict, garage, public_origin(config, garage));
    m.garage_id = garage.id;
    m.customer_id = customer_id;
    m.to = to.email;
    m.text = std::move(body.text);
    m.html = std::move(body.html);
    return queued(tx, enqueue_email(tx, m), "email", to.email);
}

struct JobFacts {
    long customer_id = 0, change = 0;
    std::string reference, status, vehicle;  // vehicle: "Ford Fiesta (AB12 CDE)"
};

JobFacts job_facts(pqxx::transaction_base& tx, long garage_id, long work_order_id) {
    auto row = one_row(tx.exec_prepared(kJob.name, garage_id, work_order_id), "no such job");
    JobFacts j;
    j.customer_id = row["customer_id"].as<long>();
    j.change = row["change"].is_null() ? 0 : row["change"].as<long>();
    j.reference = row["reference"].as<std::string>();
    j.status = row["status"].as<std::string>();
    std::string vehicle = row["vehicle"].as<std::string>();
    std::string registration = row["registration"].as<std::string>();
    j.vehicle = vehicle.empty() ? registration : vehicle + " (" + registration + ")";
    return j;
}

}  // namespace

Notice queue_customer_email(pqxx::transaction_base& tx, const Config& config, const Garage& garage,
                            long customer_id, const std::string& category,
                            const std::string& subject, const std::string& text) {
    Recipient to = recipient(tx, garage.id, customer_id);
    OutgoingEmail m;
    m.subject = subject;
    m.purpose = category;
    m.category = category;
    m.list_unsubscribe =
        unsubscribe_url(tx, garage.id, customer_id, category, public_origin(config, garage));
    ctemplate::TemplateDictionary dict("customer_notice");
    dict.SetValue("TEXT", text);
    return email(tx, config, garage, customer_id, to, m, "customer_notice", dict, "");
}

Notice notify_customer(pqxx::transaction_base& tx, const Config& config, const Garage& garage,
                       long customer_id, const CustomerNotice& n,
                       ctemplate::TemplateDictionary& email_values) {
    // Before a deep link is minted: one change, one message.
    if (!n.dedupe_key.empty() &&
        !tx.exec_prepared(kAnnounced.name, garage.id, n.dedupe_key).empty())
        return {};
    Recipient to = recipient(tx, garage.id, customer_id);
    std::string origin = public_origin(config, garage);
    if (to.mobile.empty()) {
        OutgoingEmail m;
        m.subject = n.subject;
        m.purpose = n.purpose;
        m.category = n.category;
        m.dedupe_key = n.dedupe_key;
        return email(tx, config, garage, customer_id, to, m, n.email_template, email_values,
                     origin + n.path);
    }
    IssuedToken link =
        issue_token(tx, garage.id, customer_id, "deep_link", kDeepLinkSeconds, n.path, "");
    OutgoingText m;
    m.garage_id = garage.id;
    m.customer_id = customer_id;
    m.channel = to.whatsapp && !garage.whatsapp_number.empty() ? "whatsapp" : "sms";
    m.to = to.mobile;
    m.text = garage.name + ": " + n.sentence + " " + origin + "/auth/" + link.token;
    m.purpose = n.purpose;
    m.category = n.category;
    m.dedupe_key = n.dedupe_key;
    m.carries_secret = true;
    return queued(tx, enqueue_text(tx, m), m.channel, to.mobile);
}

Notice notify_work_order(pqxx::transaction_base& tx, const Config& config, const Garage& garage,
                         long customer_id, const std::string& sentence, const std::string& path,
                         const std::string& change) {
    ctemplate::TemplateDictionary text("customer_notice");
    text.SetValue("TEXT", sentence);
    return notify_customer(
        tx, config, garage, customer_id,
        {sentence, path, "work_order_update", "work_order_updates", change, sentence}, text);
}

}  // namespace portal

namespace portal {

// Plain ASCII: an SMS in the GSM 7-bit alphabet is one message, not a Unicode one at half length.
std::optional<Notice> announce_quote(pqxx::transaction_base& tx, const Config& config,
                                     const Garage& garage, long work_order_id, long quote_id) {
    JobFacts j = job_facts(tx, garage.id, work_order_id);
    return notify_work_order(tx, config, garage, j.customer_id,
                             "We've sent you a quote for your " + j.vehicle +
                                 ". Please look at it and tell us what to go ahead with.",
                             "/quotes/" + std::to_string(quote_id),
                             "quote:" + std::to_string(quote_id));
}

std::optional<Notice> announce_status(pqxx::transaction_base& tx, const Config& config,
                                      const Garage& garage, long work_order_id) {
    JobFacts j = job_facts(tx, garage.id, work_order_id);
    std::string sentence =
        j.status == "ready"            ? "Your " + j.vehicle + " is ready to collect."
        : j.status == "awaiting_parts" ? "We're waiting for parts for your " + j.vehicle + "."
        : j.status == "complete"       ? "The work on your " + j.vehicle + " is complete."
                                       : "";
    if (sentence.empty()) return std::nullopt;
    return notify_work_order(tx, config, garage, j.customer_id, sentence, "/jobs/" + j.reference,
                             "work_order_status:" + std::to_string(j.change));
}

}  // namespace portal
