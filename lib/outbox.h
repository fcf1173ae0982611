// The outbox: pages queue email, SMS and WhatsApp in their own transaction; portal-mailer sends.
#pragma once

#include <ctemplate/template.h>

#include <pqxx/pqxx>
#include <string>

namespace portal {

struct Garage;

struct OutgoingEmail {
    long garage_id = 0;
    std::string to;  // one address, already validated
    std::string subject;
    std::string text;           // plain-text body
    std::string html;           // HTML body, may be empty
    std::string purpose;        // "magic_link", "password_reset", "quote_decision", ...
    int not_after_seconds = 0;  // don't send after now()+this (0: no limit); a magic link passes
                                // its 15 minutes
    // The body holds a secret (a sign-in link or code): the database forgets the body once the
    // message is sent, dead or expired (sql/004), so no table or backup keeps a usable secret.
    bool carries_secret = false;
    // The customer it is for (0: none, such as mail to the garage) and its consent category
    // (work_order_updates, service_reminders, offers; "" for a message the customer asked for):
    // a message the customer's consents rule out is kept as 'suppressed', with the reason, and
    // never sent (sql/008).
    long customer_id = 0;
    std::string category;
    std::string list_unsubscribe;  // a one-click unsubscribe URL (unsubscribe.h), or ""
    // Once per change: a second message with the same key is not queued ("" for no key).
    std::string dedupe_key;
    // false: validate and run the same INSERT, storing nothing — for an address that is nobody's,
    // so that answering it takes the same work as answering a customer's.
    bool deliver = true;
};

// Queues in the caller's transaction (sent only if it commits); the table's trigger NOTIFYs
// portal-mailer. Returns the outbox id (0 when not `deliver`, or when its dedupe_key was queued
// before). A message is never sent after its
// not_after. Throws std::invalid_argument for CR/LF in `to` or `subject`, an address we could not
// send to, or an empty body.
long enqueue_email(pqxx::transaction_base& tx, const OutgoingEmail& m);

// Queues an SMS or WhatsApp message ("sms" or "whatsapp") to an E.164 number (+447700900101).
// Throws std::invalid_argument for another channel, a malformed number or an empty text.
long enqueue_sms(pqxx::transaction_base& tx, long garage_id, const std::string& to_e164,
                 const std::string& text, const char* channel, const std::string& purpose,
                 int not_after_seconds);

// The same for a message to a customer, under their consents (see OutgoingEmail).
struct OutgoingText {
    long garage_id = 0, customer_id = 0;
    std::string channel;  // sms or whatsapp
    std::string to;       // E.164
    std::string text, purpose, category, dedupe_key;
    bool carries_secret = false;  // as for OutgoingEmail: a deep link's body is forgotten once sent
};
long enqueue_text(pqxx::transaction_base& tx, const OutgoingText& m);

// Whether outbox row `id` was suppressed by the customer's consents, and why ("" when not).
std::string suppression_reason(pqxx::transaction_base& tx, long id);

// Renders templates/email/<name>.txt.tpl and <name>.html.tpl with `dict`, each wrapped in the
// branded layouts templates/email/layout.txt.tpl and layout.html.tpl (logo as an absolute URL,
// brand colour, garage name and contact line). Besides the caller's values the bodies may use
// GARAGE_NAME, GARAGE_PHONE, GARAGE_EMAIL, PORTAL_URL, BRAND_COLOUR and BRAND_TEXT_COLOUR.
// `base_url` is the garage's public origin ("https://smiths.portal.example.com"), built from
// the configuration (public_origin), never from a Host header.
struct EmailBody {
    std::string text, html;
};
EmailBody render_email(const char* name, const ctemplate::TemplateDictionary& dict,
                       const Garage& garage, const std::string& base_url);

// Parses every template under `share_dir`/templates/email/ now (a missing or broken one is a
// start-up error). render_email calls it on first use, next to the page templates that
// load_templates found, so a page program needs no extra step.
void load_email_templates(const std::string& share_dir);

}  // namespace portal
