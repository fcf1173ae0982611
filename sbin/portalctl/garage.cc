// portalctl garage add|set|list: a garage's identity, contact channels and branding.
#include <iomanip>
#include <iostream>
#include <regex>

#include "command.h"
#include "db.h"
#include "validate.h"

namespace portalctl {

namespace {

const portal::Statement kTimezoneExists{"portalctl_timezone_exists",
                                        "SELECT 1 FROM pg_timezone_names WHERE name = $1"};
const portal::Statement kAddGarage{
    "portalctl_add_garage",
    "INSERT INTO garages (subdomain, name, primary_colour, email, custom_domain,"
    " main_phone, whatsapp_number, voice_ai_numbers, timezone, currency)"
    " VALUES ($1, $2, upper($3), $4, nullif($5, ''), nullif($6, ''), nullif($7, ''),"
    " $8::text[], $9, $10)"};
const portal::Statement kSetLogo{"portalctl_set_logo",
                                 "UPDATE garages SET logo_path = $2 WHERE subdomain = $1"};
const portal::Statement kGarageBranding{
    "portalctl_garage_branding",
    "SELECT primary_colour, coalesce(logo_path, '') FROM garages WHERE subdomain = $1"
    " FOR UPDATE"};
const portal::Statement kListGarages{
    "portalctl_list_garages",
    "SELECT subdomain, name, primary_colour, coalesce(custom_domain, '-'), email,"
    " (SELECT count(*) FROM customers c WHERE c.garage_id = g.id)"
    " FROM garages g ORDER BY subdomain"};
const portal::Statement kSetGarage{
    "portalctl_set_garage",
    "UPDATE garages SET subdomain = $2, primary_colour = upper($3),"
    " name = CASE WHEN $4 THEN $5 ELSE name END,"
    " email = CASE WHEN $6 THEN $7 ELSE email END,"
    " custom_domain = CASE WHEN $8 THEN nullif($9, '') ELSE custom_domain END,"
    " main_phone = CASE WHEN $10 THEN nullif($11, '') ELSE main_phone END,"
    " whatsapp_number = CASE WHEN $12 THEN nullif($13, '') ELSE whatsapp_number END,"
    " voice_ai_numbers = CASE WHEN $14 THEN $15::text[] ELSE voice_ai_numbers END,"
    " timezone = CASE WHEN $16 THEN $17 ELSE timezone END,"
    " currency = CASE WHEN $18 THEN $19 ELSE currency END,"
    " updated_at = now()"
    " WHERE subdomain = $1"};

const char* kUsage =
    "usage: portalctl garage add --subdomain NAME --name TEXT --colour #RRGGBB --email ADDRESS\n"
    "                          [--domain HOST] [--logo FILE] [--phone NUMBER] [--whatsapp NUMBER]\n"
    "                          [--voice-number NUMBER]... [--timezone ZONE] [--currency CODE]\n"
    "       portalctl garage set SUBDOMAIN [the same options, any of them]\n"
    "       portalctl garage list\n"
    "\n"
    "The portal of a garage answers at https://SUBDOMAIN.<base_domain> and at --domain if given.\n"
    "--logo copies an .svg/.png/.jpg/.webp file into the branding directory; the colour becomes\n"
    "the portal's primary colour (text on it is chosen for contrast). --domain '' removes a\n"
    "custom domain; --voice-number '' clears the voice AI numbers.\n";

const std::set<std::string> kOptions = {"subdomain",    "name",     "colour",  "email",
                                        "domain",       "logo",     "phone",   "whatsapp",
                                        "voice-number", "timezone", "currency"};

void check(const Options& o) {
    static const std::regex subdomain("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");
    static const std::regex domain("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$");
    static const std::regex colour("^#[0-9A-Fa-f]{6}$");
    static const std::regex currency("^[A-Z]{3}$");
    static const std::regex phone("^\\+?[0-9 ()-]{6,20}$");
    if (o.has("subdomain") && !std::regex_match(o.get("subdomain"), subdomain))
        throw UsageError("--subdomain must be lower-case letters, digits and hyphens");
    if (o.has("domain") && !o.get("domain").empty() && !std::regex_match(o.get("domain"), domain))
        throw UsageError("--domain must be a lower-case host name such as portal.example.com");
    if (o.has("colour") && !std::regex_match(o.get("colour"), colour))
        throw UsageError("--colour must look like #0B6E4F");
    if (o.has("currency") && !std::regex_match(o.get("currency"), currency))
        throw UsageError("--currency must be an ISO 4217 code such as GBP");
    if (o.has("email") && !portal::v::email()(o.get("email")))
        throw UsageError("--email is not an email address");
    if (o.has("name") && !portal::v::line(120)(o.get("name")))
        throw UsageError("--name must be one line of at most 120 characters");
    for (const char* p : {"phone", "whatsapp"})
        if (o.has(p) && !o.get(p).empty() && !std::regex_match(o.get(p), phone))
            throw UsageError(std::string("--") + p + " is not a phone number");
    for (const auto& n : o.all("voice-number"))
        if (!n.empty() && !std::regex_match(n, phone))
            throw UsageError("--voice-number is not a phone number");
}

void check_timezone(pqxx::transaction_base& tx, const Options& o) {
    if (o.has("timezone") && tx.exec_prepared(kTimezoneExists.name, o.get("timezone")).empty())
        throw UsageError("--timezone must be an IANA zone such as Europe/London");
}

std::vector<std::string> voice_numbers(const Options& o) {
    std::vector<std::string> out;
    for (const auto& n : o.all("voice-number"))
        if (!n.empty()) out.push_back(n);
    return out;
}

// "{a,b}" for a text[] parameter; numbers hold no quotes or commas (checked above).
std::string pg_array(const std::vector<std::string>& items) {
    std::string s = "{";
    for (size_t i = 0; i < items.size(); ++i) s += (i ? ",\"" : "\"") + items[i] + "\"";
    return s + "}";
}

int add(Env& env, const Options& o) {
    check(o);
    std::string sub = o.required("subdomain");
    pqxx::work tx(env.db());
    check_timezone(tx, o);
    try {
        tx.exec_prepared(kAddGarage.name, sub, o.required("name"), o.required("colour"),
                         o.required("email"), o.get("domain"), o.get("phone"), o.get("whatsapp"),
                         pg_array(voice_numbers(o)), o.get("timezone", "Europe/London"),
                         o.get("currency", "GBP"));
    } catch (const pqxx::unique_violation&) {
        throw std::runtime_error("a garage with that subdomain or domain already exists");
    }
    // Files only once the database has accepted the garage: a refused add touches nothing.
    std::string logo_path = write_branding(env.config, sub, o.required("colour"), o.get("logo"));
    if (!logo_path.empty()) tx.exec_prepared(kSetLogo.name, sub, logo_path);
    tx.commit();
    std::cout << "added garage " << o.required("name") << " (" << sub << ")\n";
    return 0;
}

int set(Env& env, const Options& o) {
    if (o.positional().size() != 1) throw UsageError("name the garage: garage set SUBDOMAIN ...");
    check(o);
    std::string sub = o.positional()[0];
    pqxx::work tx(env.db());
    check_timezone(tx, o);
    pqxx::result r = tx.exec_prepared(kGarageBranding.name, sub);
    if (r.empty()) throw std::runtime_error("no garage with subdomain " + sub);
    std::string new_sub = o.get("subdomain", sub);
    std::string colour = o.get("colour", r[0][0].as<std::string>());
    std::string logo_file = o.get("logo");
    std::string old_logo = r[0][1].as<std::string>();
    // A renamed garage takes its logo along to its new branding directory.
    if (logo_file.empty() && new_sub != sub && old_logo.rfind("/branding/", 0) == 0)
        logo_file = env.config.branding_dir + old_logo.substr(9);
    auto given = [&](const char* name) { return o.has(name); };
    // Each option given replaces its column; the others keep their values.
    try {
        tx.exec_prepared(kSetGarage.name, sub, new_sub, colour, given("name"), o.get("name"),
                         given("email"), o.get("email"), given("domain"), o.get("domain"),
                         given("phone"), o.get("phone"), given("whatsapp"), o.get("whatsapp"),
                         given("voice-number"), pg_array(voice_numbers(o)), given("timezone"),
                         o.get("timezone"), given("currency"), o.get("currency"));
    } catch (const pqxx::unique_violation&) {
        throw std::runtime_error("another garage already has that subdomain or domain");
    }
    // Files only once the database has accepted the change.
    std::string logo_path = write_branding(env.config, new_sub, colour, logo_file);
    if (!logo_path.empty()) tx.exec_prepared(kSetLogo.name, new_sub, logo_path);
    tx.commit();
    std::cout << "updated garage " << new_sub << "\n";
    return 0;
}

int list(Env& env, const Options&) {
    pqxx::read_transaction tx(env.db());
    pqxx::result r = tx.exec_prepared(kListGarages.name);
    std::cout << std::left << std::setw(16) << "SUBDOMAIN" << std::setw(26) << "NAME"
              << std::setw(9) << "COLOUR" << std::setw(26) << "DOMAIN"
              << "CUSTOMERS\n";
    for (const auto& row : r)
        std::cout << std::setw(16) << row[0].c_str() << std::setw(26) << row[1].c_str()
                  << std::setw(9) << row[2].c_str() << std::setw(26) << row[3].c_str()
                  << row[5].c_str() << "\n";
    return 0;
}

}  // namespace

int garage(Env& env, const std::vector<std::string>& args) {
    return run_subcommand(env, args, kUsage,
                          {
                              {"add", add, kOptions, {"voice-number"}},
                              {"set", set, kOptions, {"voice-number"}},
                              {"list", list, {}},
                          });
}

}  // namespace portalctl
