// portalctl notify: a service reminder or an offer by email to one customer, under their
// consents, with a one-click unsubscribe (the garage's reminder runs call it per customer).
#include <iostream>

#include "command.h"
#include "notices.h"
#include "validate.h"

namespace portalctl {

namespace {

const char* kUsage =
    "usage: portalctl notify --garage SUBDOMAIN --customer EMAIL\n"
    "                        --category service_reminders|offers --subject TEXT --text TEXT\n"
    "\n"
    "Queues one email to the customer, greeted as they prefer to be addressed, with a one-click\n"
    "unsubscribe from that category (List-Unsubscribe, RFC 8058). A customer who switched the\n"
    "category off (offers are off until they say yes) gets nothing: the message is kept in the\n"
    "outbox as suppressed, with the reason, and this command says so.\n";

}  // namespace

int notify(Env& env, const std::vector<std::string>& args) {
    if (args.empty() || wants_help(args)) {
        std::cout << kUsage;
        return args.empty() ? 2 : 0;
    }
    Options o(args, {"garage", "customer", "category", "subject", "text"});
    no_arguments(o);
    std::string category = o.required("category");
    if (category != "service_reminders" && category != "offers")
        throw UsageError("--category must be service_reminders or offers");
    std::string subject = o.required("subject"), text = o.required("text");
    if (!portal::v::line(150)(subject))
        throw UsageError("--subject must be one line of at most 150 characters");
    if (!portal::v::text(4000)(text) || text.empty())
        throw UsageError("--text must be text of at most 4000 characters");
    pqxx::work tx(env.db());
    GarageRef garage = find_garage(tx, o.required("garage"));
    long customer = find_customer(tx, garage.id, o.required("customer"));
    portal::Notice n =
        portal::queue_customer_email(tx, env.config, garage, customer, category, subject, text);
    tx.commit();
    if (n.suppressed.empty())
        std::cout << "queued outbox " << n.outbox_id << ": email to " << n.recipient << "\n";
    else
        std::cout << "not sent (outbox " << n.outbox_id << " suppressed): " << n.suppressed << "\n";
    return 0;
}

}  // namespace portalctl
