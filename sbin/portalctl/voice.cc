// portalctl voice lookup|verify-pin: what the garage's voice assistant may say about whoever owns
// a phone number or email address, by the customer's privacy tier (lib/voice_assistant.h).
#include <iostream>
#include <sstream>

#include "command.h"
#include "email_address.h"
#include "mail_transport.h"
#include "voice_assistant.h"

namespace portalctl {

namespace {

const char* kUsage =
    "usage: portalctl voice lookup --garage SUBDOMAIN (--phone NUMBER | --email ADDRESS) [--json]\n"
    "       portalctl voice verify-pin --garage SUBDOMAIN (--phone NUMBER | --email ADDRESS)\n"
    "                                  --pin DIGITS [--json]\n"
    "\n"
    "For the garage's voice assistant: what it may say about whoever owns the number (as the\n"
    "caller ID gives it, +447700900101) or the address, by their privacy level. The answer is one\n"
    "of: customer (name, vehicles and active jobs may be said), pin_required (an account exists;\n"
    "ask for the voice PIN, then verify-pin), customer_exists (say nothing more), "
    "no_such_customer\n"
    "(an unknown caller and a customer at Zero Disclosure alike), pin_wrong, pin_locked (5 wrong\n"
    "PINs in 15 minutes). Every question is recorded; a customer at Zero Disclosure is alerted as\n"
    "they chose, at most once an hour per channel. --json prints one JSON object.\n";

portal::VoiceSubject subject(const Options& o) {
    if (o.has("phone") == o.has("email")) throw UsageError("give one of --phone and --email");
    portal::VoiceSubject who;
    if (o.has("email")) {
        std::optional<std::string> email = portal::canonical_email(o.get("email"));
        if (!email) throw UsageError("--email is not an email address");
        who.email = *email;
        return who;
    }
    who.phone = o.get("phone");
    size_t digits = 0;
    for (char ch : who.phone) {
        if (ch >= '0' && ch <= '9')
            ++digits;
        else if (std::string(" +-().").find(ch) == std::string::npos)
            throw UsageError("--phone must be a phone number, like +447700900101");
    }
    if (digits < 6 || digits > 15) throw UsageError("--phone must have 6 to 15 digits");
    return who;
}

void print_json(const portal::VoiceAnswer& a) {
    using portal::json_string;
    std::ostringstream out;
    out << "{\"answer\":" << json_string(a.answer);
    if (a.answer == "pin_wrong") out << ",\"pins_left\":" << a.pins_left;
    if (a.answer == "customer") {
        out << ",\"customer\":{\"title\":" << json_string(a.title)
            << ",\"first_name\":" << json_string(a.first_name)
            << ",\"last_name\":" << json_string(a.last_name) << "},\"vehicles\":[";
        for (size_t i = 0; i < a.vehicles.size(); ++i) {
            const auto& v = a.vehicles[i];
            out << (i ? "," : "") << "{\"registration\":" << json_string(v.registration)
                << ",\"make\":" << json_string(v.make) << ",\"model\":" << json_string(v.model)
                << ",\"colour\":" << json_string(v.colour) << "}";
        }
        out << "],\"jobs\":[";
        for (size_t i = 0; i < a.jobs.size(); ++i) {
            const auto& j = a.jobs[i];
            out << (i ? "," : "") << "{\"reference\":" << json_string(j.reference)
                << ",\"vehicle\":" << json_string(j.vehicle())
                << ",\"registration\":" << json_string(j.registration)
                << ",\"status\":" << json_string(j.status)
                << ",\"status_label\":" << json_string(portal::status_label(j.status))
                << ",\"status_message\":" << json_string(j.status_message)
                << ",\"estimated_ready\":" << json_string(j.estimated_ready) << "}";
        }
        out << "]";
    }
    std::cout << out.str() << "}\n";
}

void print_text(const portal::VoiceAnswer& a) {
    std::cout << "answer: " << a.answer << "\n";
    if (a.answer == "pin_wrong") std::cout << "PIN tries left: " << a.pins_left << "\n";
    if (a.answer != "customer") return;
    std::cout << "customer: " << (a.title.empty() ? "" : a.title + " ") << a.first_name << " "
              << a.last_name << "\n";
    for (const auto& v : a.vehicles)
        std::cout << "vehicle: " << v.registration << " " << v.make << " " << v.model << "\n";
    for (const auto& j : a.jobs)
        std::cout << "job: " << j.reference << " " << j.vehicle() << " — "
                  << portal::status_label(j.status) << ": " << j.status_message << "\n";
}

// Answers a lookup, or with the caller's PIN a verification, as the voice assistant asks.
int answer(Env& env, const Options& o, bool verify) {
    no_arguments(o);
    portal::VoiceSubject who = subject(o);
    std::string pin = verify ? o.required("pin") : "";
    if (verify && (pin.empty() || pin.size() > 16 ||
                   pin.find_first_not_of("0123456789") != std::string::npos))
        throw UsageError("--pin must be the digits the caller said");
    pqxx::work tx(env.db());
    GarageRef garage = find_garage(tx, o.required("garage"));
    portal::VoiceAnswer answer = verify ? portal::voice_verify_pin(tx, env.config, garage, who, pin)
                                        : portal::voice_lookup(tx, env.config, garage, who);
    tx.commit();
    if (o.has("json"))
        print_json(answer);
    else
        print_text(answer);
    return 0;
}

int lookup(Env& env, const Options& o) {
    return answer(env, o, false);
}
int verify_pin(Env& env, const Options& o) {
    return answer(env, o, true);
}

}  // namespace

int voice(Env& env, const std::vector<std::string>& args) {
    return run_subcommand(
        env, args, kUsage,
        {
            {"lookup", lookup, {"garage", "phone", "email"}, {}, {"json"}},
            {"verify-pin", verify_pin, {"garage", "phone", "email", "pin"}, {}, {"json"}},
        });
}

}  // namespace portalctl
