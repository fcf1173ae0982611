// portalctl: drives the portal without SQL — migrations, demo data, garages, customers, jobs.
#include <iostream>

#include "command.h"

namespace {

const char* kUsage =
    "usage: portalctl COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  migrate                 apply the numbered migrations in sql/ that are not applied yet\n"
    "  demo                    load the demo garages and customers (replaces earlier demo data)\n"
    "  garage add|set|list     manage garages and their branding\n"
    "  customer add|list       manage a garage's customers\n"
    "  outbox list|retry       see queued, sent and failed email/SMS/WhatsApp; resend one\n"
    "  link                    mint a sign-in deep link to a page, for SMS or WhatsApp\n"
    "  vehicle add|list        manage a customer's vehicles\n"
    "  job add|set-status|close|list\n"
    "                          book a job, move it through its statuses, close it on collection\n"
    "  quote add|withdraw      send a quote (items, parts, photos) for approval; take it back\n"
    "  voice lookup|verify-pin what the voice assistant may say about a caller (privacy tiers)\n"
    "\n"
    "Each command takes --help. The configuration file is $PORTAL_CONF\n"
    "(default /etc/garage-portal/portal.conf).\n";

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << kUsage;
        return args.empty() ? 2 : 0;
    }
    std::string command = args[0];
    args.erase(args.begin());
    using Fn = int (*)(portalctl::Env&, const std::vector<std::string>&);
    Fn fn = command == "migrate"    ? portalctl::migrate
            : command == "demo"     ? portalctl::demo
            : command == "garage"   ? portalctl::garage
            : command == "customer" ? portalctl::customer
            : command == "outbox"   ? portalctl::outbox
            : command == "link"     ? portalctl::link
            : command == "vehicle"  ? portalctl::vehicle
            : command == "job"      ? portalctl::job
            : command == "quote"    ? portalctl::quote
            : command == "voice"    ? portalctl::voice
                                    : nullptr;
    if (!fn) {
        std::cerr << "portalctl: unknown command '" << command << "'\n\n" << kUsage;
        return 2;
    }
    try {
        portalctl::Env env;
        if (!portalctl::wants_help(args)) env.config = portal::load_config();
        return fn(env, args);
    } catch (const portalctl::UsageError& e) {
        std::cerr << "portalctl " << command << ": " << e.what() << "\n(see portalctl " << command
                  << " --help)\n";
        return 2;
    } catch (const pqxx::broken_connection& e) {
        std::cerr << "portalctl: cannot reach the database: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "portalctl " << command << ": " << e.what() << "\n";
        return 1;
    }
}
