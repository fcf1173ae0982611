// portalctl: shared pieces of the sysadmin commands (argument parsing, config, connection).
#pragma once

#include <map>
#include <pqxx/pqxx>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "config.h"

namespace portalctl {

// A mistake in how the command was called: exit status 2 and the command's usage.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// "--name value" options, checked against the ones the command accepts.
class Options {
public:
    Options(const std::vector<std::string>& args, const std::set<std::string>& allowed,
            const std::set<std::string>& repeatable = {});
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

int migrate(Env& env, const std::vector<std::string>& args);
int demo(Env& env, const std::vector<std::string>& args);
int garage(Env& env, const std::vector<std::string>& args);
int customer(Env& env, const std::vector<std::string>& args);
int outbox(Env& env, const std::vector<std::string>& args);
int link(Env& env, const std::vector<std::string>& args);

// Writes /branding/<subdomain>/theme.css (and copies a logo, if given) for one garage; returns
// the logo's URL path ("" when no logo was given).
std::string write_branding(const portal::Config& config, const std::string& subdomain,
                           const std::string& colour, const std::string& logo_file);

}  // namespace portalctl
