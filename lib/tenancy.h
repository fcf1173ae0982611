// Tenancy: the Host header names the garage, as <subdomain>.<base_domain> or a custom domain.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "config.h"
#include "db.h"
#include "garage.h"

namespace portal {

// Lower-cases a Host header and strips its port and a trailing dot; nullopt when it holds
// anything but letters, digits, dots and hyphens (then no garage can match).
std::optional<std::string> normalise_host(std::string_view host);

// Which lookup a normalised host needs: a subdomain of `base_domain`, or a custom domain.
struct HostKey {
    bool is_subdomain;
    std::string value;
};
HostKey host_key(const std::string& host, const std::string& base_domain);

// Resolves hosts to garages, remembering answers (found or not) for `ttl_seconds` per process.
class Tenancy {
  public:
    Tenancy(std::string base_domain, int ttl_seconds);
    ~Tenancy();
    // nullptr for an unknown host. Throws pqxx::broken_connection if the database is down.
    std::shared_ptr<const Garage> resolve(std::string_view host, Db& db);

  private:
    struct Cache;
    std::string base_domain_;
    int ttl_seconds_;
    std::unique_ptr<Cache> cache_;
};

}  // namespace portal
