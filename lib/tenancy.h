// Tenancy: the Host header names the garage, as <subdomain>.<base_domain> or a custom domain.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "config.h"
#include "db.h"

namespace portal {

struct Garage {
    long id = 0;
    std::string subdomain, custom_domain, name, logo_path, primary_colour;
    std::string main_phone, whatsapp_number, email, timezone, currency;
    long brand_version = 0;  // changes when the garage's branding changes (cache busting)
};

// The garage's public origin ("https://smiths.portal.example.com") for links in emails and SMS:
// its custom domain if it has one, else its subdomain; from config, never from a Host header.
std::string public_origin(const Config& config, const Garage& garage);

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
