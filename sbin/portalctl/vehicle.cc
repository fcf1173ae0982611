// portalctl vehicle add|list: a customer's vehicles, found again by registration.
#include <iomanip>
#include <iostream>
#include <regex>

#include "command.h"
#include "db.h"
#include "validate.h"

namespace portalctl {

namespace {

const portal::Statement kListVehicles{
    "portalctl_list_vehicles",
    "SELECT v.id, v.registration,"
    " coalesce(nullif(btrim(coalesce(v.make, '') || ' ' || coalesce(v.model, '')), ''), '-'),"
    " coalesce(v.year::text, '-'), c.email"
    " FROM vehicles v JOIN customers c ON c.garage_id = v.garage_id AND c.id = v.customer_id"
    " WHERE v.garage_id = $1 AND ($2 = 0 OR v.customer_id = $2)"
    " ORDER BY c.email, v.registration"};
const portal::Statement kFindVehicle{
    "portalctl_find_vehicle",
    "SELECT id, registration FROM vehicles WHERE garage_id = $1 AND customer_id = $2"
    " AND upper(replace(registration, ' ', '')) = upper(replace($3, ' ', ''))"
    " ORDER BY id LIMIT 1"};
const portal::Statement kAddVehicle{
    "portalctl_add_vehicle",
    "INSERT INTO vehicles (garage_id, customer_id, registration, make, model, colour,"
    " year, vin) VALUES ($1, $2, $3, nullif($4, ''), nullif($5, ''), nullif($6, ''),"
    " nullif($7, '')::int, nullif($8, '')) RETURNING id"};

const char* kUsage =
    "usage: portalctl vehicle add --garage SUBDOMAIN --customer EMAIL --registration REG\n"
    "                             [--make TEXT] [--model TEXT] [--colour TEXT] [--year YYYY]\n"
    "                             [--vin VIN]\n"
    "       portalctl vehicle list --garage SUBDOMAIN [--customer EMAIL]\n"
    "\n"
    "The registration is stored upper-case with single spaces (\"ab12  cde\" becomes\n"
    "\"AB12 CDE\") and found again ignoring case and spaces; a customer has each registration\n"
    "once. add prints the new vehicle's id.\n";

std::string upper(std::string s) {
    for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return s;
}

// "ab12  cde " → "AB12 CDE".
std::string normal_registration(const std::string& given) {
    std::string out;
    for (char ch : given) {
        if (ch == ' ' || ch == '\t') {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += ch;
        }
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return upper(out);
}

int add(Env& env, const Options& o) {
    no_arguments(o);
    VehicleInput v = vehicle_input(o);
    pqxx::work tx(env.db());
    GarageRef garage = find_garage(tx, o.required("garage"));
    long customer = find_customer(tx, garage.id, o.required("customer"));
    VehicleRef existing = find_vehicle(tx, garage.id, customer, v.registration);
    if (existing.id)
        throw std::runtime_error(o.get("customer") + " already has vehicle " +
                                 std::to_string(existing.id) + " with registration " +
                                 existing.registration);
    long id = add_vehicle(tx, garage.id, customer, v);
    tx.commit();
    std::cout << "added vehicle " << id << " " << v.registration;
    if (!v.make.empty() || !v.model.empty())
        std::cout << " (" << v.make << (v.make.empty() || v.model.empty() ? "" : " ") << v.model
                  << ")";
    std::cout << " for " << o.get("customer") << "\n";
    return 0;
}

int list(Env& env, const Options& o) {
    no_arguments(o);
    pqxx::read_transaction tx(env.db());
    GarageRef garage = find_garage(tx, o.required("garage"));
    long customer = o.has("customer") ? find_customer(tx, garage.id, o.get("customer")) : 0;
    pqxx::result r = tx.exec_prepared(kListVehicles.name, garage.id, customer);
    if (r.empty()) {
        std::cout << "no vehicles\n";
        return 0;
    }
    std::cout << std::left << std::setw(8) << "ID" << std::setw(12) << "REG" << std::setw(28)
              << "VEHICLE" << std::setw(6) << "YEAR"
              << "CUSTOMER\n";
    for (const auto& row : r)
        std::cout << std::setw(8) << row[0].c_str() << std::setw(12) << row[1].c_str()
                  << std::setw(28) << row[2].c_str() << std::setw(6) << row[3].c_str()
                  << row[4].c_str() << "\n";
    return 0;
}

}  // namespace

VehicleInput vehicle_input(const Options& o) {
    static const std::regex registration("^[A-Z0-9]([A-Z0-9 -]{0,13}[A-Z0-9])?$");
    static const std::regex vin("^[A-Z0-9]{5,17}$");
    VehicleInput v;
    v.registration = normal_registration(o.required("registration"));
    if (!std::regex_match(v.registration, registration))
        throw UsageError(
            "--registration must be letters, digits, spaces and hyphens, such as "
            "AB12 CDE (at most 15)");
    for (const char* f : {"make", "model", "colour"})
        if (!portal::v::line(40)(o.get(f)))
            throw UsageError(std::string("--") + f + " must be one line of at most 40 characters");
    v.make = o.get("make");
    v.model = o.get("model");
    v.colour = o.get("colour");
    v.year = o.get("year");
    if (!v.year.empty() && !portal::v::integer(1886, 2100)(v.year))
        throw UsageError("--year must be a year from 1886 to 2100");
    v.vin = upper(o.get("vin"));
    if (!v.vin.empty() && !std::regex_match(v.vin, vin))
        throw UsageError("--vin must be 5 to 17 letters and digits (17 since 1981)");
    return v;
}

VehicleRef find_vehicle(pqxx::transaction_base& tx, long garage_id, long customer_id,
                        const std::string& registration) {
    // The same expression as vehicles_registration_idx, so the index answers.
    pqxx::result r = tx.exec_prepared(kFindVehicle.name, garage_id, customer_id, registration);
    if (r.empty()) return {};
    return {r[0][0].as<long>(), r[0][1].as<std::string>()};
}

long add_vehicle(pqxx::transaction_base& tx, long garage_id, long customer_id,
                 const VehicleInput& v) {
    return tx
        .exec_prepared1(kAddVehicle.name, garage_id, customer_id, v.registration, v.make, v.model,
                        v.colour, v.year, v.vin)[0]
        .as<long>();
}

int vehicle(Env& env, const std::vector<std::string>& args) {
    return run_subcommand(
        env, args, kUsage,
        {
            {"add",
             add,
             {"garage", "customer", "registration", "make", "model", "colour", "year", "vin"}},
            {"list", list, {"garage", "customer"}},
        });
}

}  // namespace portalctl
