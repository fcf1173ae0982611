// portalctl: shared pieces of the sysadmin commands (argument parsing, config, connection).
#pragma once

#include <map>
#include <pqxx/pqxx>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "config.h"
#include "garage.h"
#include "notices.h"

namespace portalctl {

// A mistake in how the command was called: exit status 2 and the command's usage.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// "--name value" options, checked against the ones the command accepts; `flags` are options
// that take no value ("--replace").
class Options {
  public:
    Options(const std::vector<std::string>& args, const std::set<std::string>& allowed,
            const std::set<std::string>& repeatable = {}, const std::set<std::string>& flags = {});
    bool has(const std::string& name) const { return values_.count(name) > 0; }
    std::string get(const std::string& name, const std::string& fallback = "") const;
    std::string required(const std::string& name) const;
    std::vector<std::string> all(const std::string& name) const;
    const std::vector<std::string>& positional() const { return positional_; }

  private:
    std::multimap<std::string, std::string> values_;
    std::vector<std::string> positional_;
};

struct Env {
    portal::Config config;
    pqxx::connection& db();

  private:
    std::unique_ptr<pqxx::connection> conn_;
};

bool wants_help(const std::vector<std::string>& args);

// One subcommand of a command ("customer add"): its name, what it does, and the options it
// accepts (see Options).
struct Subcommand {
    const char* name;
    int (*run)(Env&, const Options&);
    std::set<std::string> options;
    std::set<std::string> repeatable = {};
    std::set<std::string> flags = {};
};
// Runs the subcommand that args[0] names with the rest as its options. Prints `usage` for
// --help (status 0) or when nothing is named (status 2); an unknown name is a UsageError.
int run_subcommand(Env& env, const std::vector<std::string>& args, const std::string& usage,
                   const std::vector<Subcommand>& subcommands);

int migrate(Env& env, const std::vector<std::string>& args);
int demo(Env& env, const std::vector<std::string>& args);
int garage(Env& env, const std::vector<std::string>& args);
int customer(Env& env, const std::vector<std::string>& args);
int outbox(Env& env, const std::vector<std::string>& args);
int link(Env& env, const std::vector<std::string>& args);
int vehicle(Env& env, const std::vector<std::string>& args);
int job(Env& env, const std::vector<std::string>& args);
int quote(Env& env, const std::vector<std::string>& args);
int nginx_sites(Env& env, const std::vector<std::string>& args);
int message(Env& env, const std::vector<std::string>& args);
int invoice(Env& env, const std::vector<std::string>& args);
int payment(Env& env, const std::vector<std::string>& args);
int notify(Env& env, const std::vector<std::string>& args);
int voice(Env& env, const std::vector<std::string>& args);

// Refuses arguments that are not options (a subcommand that names nothing positionally).
void no_arguments(const Options& o);

// The garage named by --garage; every query of the commands is scoped by its id.
using GarageRef = portal::Garage;
GarageRef find_garage(pqxx::transaction_base& tx, const std::string& subdomain);
// The id of the garage's customer with that email address (any case).
long find_customer(pqxx::transaction_base& tx, long garage_id, const std::string& email);

// A time given as --`option`, read in the garage's time zone: "2026-11-26 16:00",
// "today 16:00", "tomorrow 08:30", or from now: "+2h", "+3d", "90m". Returns the instant as
// PostgreSQL timestamptz text, for a $n::timestamptz parameter.
std::string garage_time(pqxx::transaction_base& tx, long garage_id, const std::string& option,
                        const std::string& when);

// A vehicle as --registration, --make, --model, --colour, --year and --vin give it (checked;
// the registration upper-cased with single spaces).
struct VehicleInput {
    std::string registration, make, model, colour, year, vin;
};
VehicleInput vehicle_input(const Options& o);
// The customer's vehicle with that registration, ignoring case and spaces (id 0 when none),
// and its registration as stored.
struct VehicleRef {
    long id = 0;
    std::string registration;
};
VehicleRef find_vehicle(pqxx::transaction_base& tx, long garage_id, long customer_id,
                        const std::string& registration);
long add_vehicle(pqxx::transaction_base& tx, long garage_id, long customer_id,
                 const VehicleInput& v);

// A job reference given as --`option` ("wo-tango-1234" is read as WO-TANGO-1234), checked.
std::string job_reference(const std::string& given, const char* option);
// The garage's job with that reference, locked for the change to come; refuses a closed job.
struct JobRef {
    long id = 0;
    std::string reference;
    std::string status;
};
JobRef find_open_job(pqxx::transaction_base& tx, const GarageRef& garage,
                     const std::string& reference);

// Says what became of a work order update to the customer (notices.h).
void print_notice(const portal::Notice& n);

// Writes /branding/<subdomain>/theme.css (and copies a logo, if given) for one garage; returns
// the logo's URL path ("" when no logo was given).
std::string write_branding(const portal::Config& config, const std::string& subdomain,
                           const std::string& colour, const std::string& logo_file);

}  // namespace portalctl
