// A garage (the tenant): the domain type every layer above the base passes around, and its
// public origin. Found by the gate's tenancy (tenancy.h), used by sessions, quotes, the outbox.
#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "config.h"

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

// The garage with that subdomain, or with that custom domain; nullopt when there is none.
std::optional<Garage> garage_by_subdomain(pqxx::transaction_base& tx, const std::string& subdomain);
std::optional<Garage> garage_by_custom_domain(pqxx::transaction_base& tx,
                                              const std::string& domain);

}  // namespace portal
