// portalctl: drives the portal without SQL — migrations, demo data, garages, customers, jobs.
#include <iomanip>
#include <iostream>
#include <sstream>

#include "command.h"

namespace {

// The commands, in the order the help lists them.
struct Command {
    const char* name;
    int (*run)(portalctl::Env&, const std::vector<std::string>&);
    const char* subcommands;
    const char* summary;
};
const Command kCommands[] = {
    {"migrate", portalctl::migrate, "", "apply the numbered migrations in sql/ not applied yet"},
    {"demo", portalctl::demo, "", "load the demo garages and customers (replaces earlier ones)"},
    {"garage", portalctl::garage, "add|set|list", "manage garages and their branding"},
    {"customer", portalctl::customer, "add|list", "manage a garage's customers"},
    {"vehicle", portalctl::vehicle, "add|list", "manage a customer's vehicles"},
    {"job", portalctl::job, "add|set-status|close|list",
     "book a job, move it through its statuses, close it on collection"},
    {"quote", portalctl::quote, "add|withdraw",
     "send a quote (items, parts, photos) for approval; take it back"},
    {"link", portalctl::link, "", "mint a sign-in deep link to a page, for SMS or WhatsApp"},
    {"outbox", portalctl::outbox, "list|retry",
     "see queued, sent and failed email/SMS/WhatsApp; resend one"},
    {"message", portalctl::message, "add|list",
     "post into a customer's conversation; the garage's inbox"},
    {"invoice", portalctl::invoice, "add|list|void|set-payment-link|attach-pdf",
     "issue and manage invoices"},
    {"payment", portalctl::payment, "add",
     "record a payment (in full or in part) against an invoice"},
    {"notify", portalctl::notify, "",
     "email a customer a service reminder or an offer (consents apply)"},
    {"voice", portalctl::voice, "lookup|verify-pin",
     "what the voice assistant may say about a caller (privacy tiers)"},
    {"nginx-sites", portalctl::nginx_sites, "",
     "print nginx server blocks for the garages' own domains"},
};

std::string usage() {
    std::ostringstream out;
    out << "usage: portalctl COMMAND [ARGS]\n\ncommands:\n";
    for (const Command& c : kCommands) {
        std::string synopsis = std::string(c.name) + (*c.subcommands ? " " : "") + c.subcommands;
        // A long synopsis gets its own line, the summary under it.
        out << "  " << std::left << std::setw(24) << synopsis
            << (synopsis.size() >= 24 ? "\n" + std::string(26, ' ') : "") << c.summary << "\n";
    }
    out << "\nEach command takes --help. The configuration file is $PORTAL_CONF\n"
           "(default /etc/garage-portal/portal.conf).\n";
    return out.str();
}

const Command* find_command(const std::string& name) {
    for (const Command& c : kCommands)
        if (name == c.name) return &c;
    return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << usage();
        return args.empty() ? 2 : 0;
    }
    std::string name = args[0];
    args.erase(args.begin());
    const Command* command = find_command(name);
    if (!command) {
        std::cerr << "portalctl: unknown command '" << name << "'\n\n" << usage();
        return 2;
    }
    try {
        portalctl::Env env;
        if (!portalctl::wants_help(args)) env.config = portal::load_config();
        return command->run(env, args);
    } catch (const portalctl::UsageError& e) {
        std::cerr << "portalctl " << name << ": " << e.what() << "\n(see portalctl " << name
                  << " --help)\n";
        return 2;
    } catch (const pqxx::broken_connection& e) {
        std::cerr << "portalctl: cannot reach the database: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "portalctl " << name << ": " << e.what() << "\n";
        return 1;
    }
}
