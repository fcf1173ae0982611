// Messages the garage sends a customer without being asked, under the customer's consents: work
// order updates (a new quote, Ready, Awaiting Parts, Complete), word of a garage message (issue
// 12) and reminder or offer emails, each greeted as the customer prefers to be addressed (issue
// 14).
#pragma once

#include <ctemplate/template.h>

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "config.h"
#include "garage.h"

namespace portal {

// What was queued: the outbox row (0 when this change was already announced), its channel, and
// why the customer's consents kept it back ("" when it will go).
struct Notice {
    long outbox_id = 0;
    std::string channel, recipient, suppressed;
};

// An email of `category` (service_reminders or offers) to the customer, with `text` under a
// greeting and a one-click unsubscribe (RFC 8058) from that category.
Notice queue_customer_email(pqxx::transaction_base& tx, const Config& config, const Garage& garage,
                            long customer_id, const std::string& category,
                            const std::string& subject, const std::string& text);

// A short notice that links to a page of the portal, sent the way the garage reaches the
// customer: WhatsApp when the customer has a mobile number and allows WhatsApp (and the garage has
// a WhatsApp number), else SMS to the mobile, else email. SMS and WhatsApp say "<garage name>:
// <sentence> <link>", the link signing them in to `path` with one tap (a deep link).
struct CustomerNotice {
    std::string sentence;  // plain ASCII where it can be: a GSM 7-bit SMS is one, not half
    std::string path;      // the page it links to ("/jobs/WO-1", "/messages/7")
    std::string purpose, category, dedupe_key;       // as OutgoingEmail's (outbox.h)
    std::string subject;                             // the email's
    const char* email_template = "customer_notice";  // templates/email/<name>.{txt,html}.tpl
};
// Queues `n` in `tx`. An email is `n.email_template` filled with `email_values` and GREETING (as
// the customer prefers to be addressed) and URL (the page; the LINK section shown). Nothing is
// queued when `n.dedupe_key` was queued before.
Notice notify_customer(pqxx::transaction_base& tx, const Config& config, const Garage& garage,
                       long customer_id, const CustomerNotice& n,
                       ctemplate::TemplateDictionary& email_values);

// One short work order update: `sentence` and a link to `path` on the portal, by
// notify_customer's rule. `change` names the change ("quote:12"): a second notice for it is not
// queued.
Notice notify_work_order(pqxx::transaction_base& tx, const Config& config, const Garage& garage,
                         long customer_id, const std::string& sentence, const std::string& path,
                         const std::string& change);

// The work order updates the garage sends (seed: direct links "to a quote awaiting approval or a
// work order status page"): a new quote on the job, or the job becoming Ready, Awaiting Parts or
// Complete (its newest history entry is the change). nullopt when the job's status is none of
// those. Each change is announced once.
std::optional<Notice> announce_quote(pqxx::transaction_base& tx, const Config& config,
                                     const Garage& garage, long work_order_id, long quote_id);
std::optional<Notice> announce_status(pqxx::transaction_base& tx, const Config& config,
                                      const Garage& garage, long work_order_id);

}  // namespace portal
