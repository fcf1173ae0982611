// Finding a garage, and its public origin (see garage.h).
#include "garage.h"

#include "db.h"

namespace portal {

namespace {

constexpr const char* kGarageColumns =
    "id, subdomain, coalesce(custom_domain, '') AS custom_domain, name,"
    " coalesce(logo_path, '') AS logo_path, primary_colour,"
    " coalesce(main_phone, '') AS main_phone, coalesce(whatsapp_number, '') AS whatsapp_number,"
    " email, timezone, currency, extract(epoch from updated_at)::bigint AS brand_version";

const Statement kBySubdomain{"garage_by_subdomain", std::string("SELECT ") + kGarageColumns +
                                                        " FROM garages WHERE subdomain = $1"};
const Statement kByCustomDomain{
    "garage_by_custom_domain",
    std::string("SELECT ") + kGarageColumns + " FROM garages WHERE custom_domain = $1"};

std::optional<Garage> read_garage(const pqxx::result& r) {
    if (r.size() != 1) return std::nullopt;
    const pqxx::row& row = r[0];
    auto text = [&](const char* name) { return row[name].as<std::string>(); };
    Garage g;
    g.id = row["id"].as<long>();
    g.subdomain = text("subdomain");
    g.custom_domain = text("custom_domain");
    g.name = text("name");
    g.logo_path = text("logo_path");
    g.primary_colour = text("primary_colour");
    g.main_phone = text("main_phone");
    g.whatsapp_number = text("whatsapp_number");
    g.email = text("email");
    g.timezone = text("timezone");
    g.currency = text("currency");
    g.brand_version = row["brand_version"].as<long>();
    return g;
}

}  // namespace

std::optional<Garage> garage_by_subdomain(pqxx::transaction_base& tx,
                                          const std::string& subdomain) {
    return read_garage(tx.exec_prepared(kBySubdomain.name, subdomain));
}

std::optional<Garage> garage_by_custom_domain(pqxx::transaction_base& tx,
                                              const std::string& domain) {
    return read_garage(tx.exec_prepared(kByCustomDomain.name, domain));
}

std::string public_origin(const Config& config, const Garage& garage) {
    std::string host = garage.custom_domain.empty() ? garage.subdomain + "." + config.base_domain
                                                    : garage.custom_domain;
    std::string origin = config.public_scheme + "://" + host;
    if (!config.public_port.empty()) origin += ":" + config.public_port;
    return origin;
}

}  // namespace portal
