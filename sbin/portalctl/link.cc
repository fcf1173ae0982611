// portalctl link: mints a deep link for an SMS or WhatsApp message that signs the customer in
// and lands them on one page (a quote awaiting approval, a job's status page).
#include <iostream>
#include <regex>

#include "auth_tokens.h"
#include "command.h"
#include "email_address.h"
#include "garage.h"
#include "validate.h"

namespace portalctl {

namespace {

const char* kUsage =
    "usage: portalctl link --garage SUBDOMAIN --customer EMAIL --to PATH [--ttl DURATION]\n"
    "\n"
    "Prints a URL https://<garage domain>/auth/<token> for the back office to put in an SMS or\n"
    "WhatsApp message. Opening it signs the customer in (after one tap on \"Sign in\", unless\n"
    "the browser is already theirs) and lands on PATH, e.g. /jobs/WO-TANGO-1234. The link\n"
    "works once; --ttl is how long it stays valid: 30m, 12h, 7d (default 7d, at most 30d).\n";

int parse_ttl(const std::string& ttl) {
    static const std::regex form("^([1-9][0-9]{0,5})([smhd]?)$");
    std::smatch m;
    if (!std::regex_match(ttl, m, form)) throw UsageError("--ttl must look like 30m, 12h or 7d");
    long n = std::stol(m[1]);
    char unit = m[2].length() ? m[2].str()[0] : 's';
    long seconds = n * (unit == 'd' ? 86400 : unit == 'h' ? 3600 : unit == 'm' ? 60 : 1);
    if (seconds < 60 || seconds > 30L * 86400)
        throw UsageError("--ttl must be between one minute and 30 days");
    return static_cast<int>(seconds);
}

}  // namespace

int link(Env& env, const std::vector<std::string>& args) {
    if (wants_help(args)) {
        std::cout << kUsage;
        return 0;
    }
    Options o(args, {"garage", "customer", "to", "ttl"});
    std::string path = o.required("to");
    if (!portal::is_local_path(path))
        throw UsageError("--to must be a path on the portal, like /jobs/WO-TANGO-1234");
    int ttl = o.has("ttl") ? parse_ttl(o.get("ttl")) : portal::kDeepLinkSeconds;
    pqxx::work tx(env.db());
    GarageRef garage = find_garage(tx, o.required("garage"));
    long customer = find_customer(tx, garage.id, o.required("customer"));
    auto issued = portal::issue_token(tx, garage.id, customer, "deep_link", ttl, path, "");
    tx.commit();
    std::cout << portal::public_origin(env.config, garage) << "/auth/" << issued.token << "\n";
    return 0;
}

}  // namespace portalctl
