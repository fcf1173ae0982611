// portalctl customer add|list: the garage creates its customers; they never sign up themselves.
#include <iomanip>
#include <iostream>

#include "command.h"
#include "consents.h"
#include "db.h"
#include "email_address.h"
#include "validate.h"

namespace portalctl {

namespace {

const portal::Statement kAddCustomer{
    "portalctl_add_customer",
    "INSERT INTO customers (garage_id, email, first_name, last_name, title, phone)"
    " VALUES ($1, $2, $3, $4, nullif($5, ''), nullif($6, '')) RETURNING id"};
const portal::Statement kDefaultConsents{
    "portalctl_default_consents",
    "WITH granted AS ("
    "  INSERT INTO consents (garage_id, customer_id, category_id, granted)"
    "  SELECT $1, $2, id, default_granted FROM consent_categories"
    "  RETURNING category_id, granted)"
    " INSERT INTO consent_events (garage_id, customer_id, category_id, granted, source)"
    " SELECT $1, $2, category_id, granted, 'garage' FROM granted"};
const portal::Statement kListCustomers{
    "portalctl_list_customers",
    "SELECT c.id, c.email, c.first_name || ' ' || c.last_name,"
    " (SELECT count(*) FROM work_orders w WHERE w.garage_id = c.garage_id AND w.customer_id = c.id"
    "  AND w.closed_at IS NULL),"
    " CASE WHEN c.password_hash IS NULL THEN 'no' ELSE 'yes' END,"
    " coalesce(to_char(c.last_login_at, 'YYYY-MM-DD HH24:MI'), 'never')"
    " FROM customers c WHERE c.garage_id = $1 ORDER BY c.email"};

const char* kUsage =
    "usage: portalctl customer add --garage SUBDOMAIN --email ADDRESS --first-name TEXT\n"
    "                              --last-name TEXT [--title TEXT] [--phone NUMBER]\n"
    "       portalctl customer list --garage SUBDOMAIN\n"
    "       portalctl customer consent --garage SUBDOMAIN --customer ADDRESS\n"
    "                                  --category CATEGORY --granted yes|no\n"
    "\n"
    "A customer signs in with a magic link sent to --email; addresses are unique per garage\n"
    "(the same person may be a customer of two garages). --phone is in international form\n"
    "(+44 7700 900101): SMS, WhatsApp and the voice assistant's caller ID need the country code.\n"
    "consent records what the customer told the garage (by phone, at the counter) about a\n"
    "category (work_order_updates, service_reminders, offers, whatsapp), in the audit trail\n"
    "as changed by the garage; the customer sees it on their preferences page.\n";

int add(Env& env, const Options& o) {
    // Stored in the portal's canonical form, the form every sign-in looks it up by.
    std::optional<std::string> canonical = portal::canonical_email(o.required("email"));
    if (!canonical)
        throw UsageError("--email is not an email address (ASCII, like ann@example.com)");
    const std::string& email = *canonical;
    for (const char* f : {"first-name", "last-name", "title", "phone"})
        if (o.has(f) && !portal::v::line(80)(o.get(f)))
            throw UsageError(std::string("--") + f + " must be one line of at most 80 characters");
    if (o.has("phone") && !portal::v::international_phone()(o.get("phone")))
        throw UsageError("--phone must be in international form, like +44 7700 900101");
    pqxx::work tx(env.db());
    long garage = find_garage(tx, o.required("garage")).id;
    try {
        pqxx::row r = tx.exec_prepared1(kAddCustomer.name, garage, email, o.required("first-name"),
                                        o.required("last-name"), o.get("title"), o.get("phone"));
        // Consents start at each category's default, recorded in the audit trail.
        tx.exec_prepared(kDefaultConsents.name, garage, r[0].as<long>());
        tx.commit();
        std::cout << "added customer " << r[0].as<long>() << " <" << email << ">\n";
    } catch (const pqxx::unique_violation&) {
        throw std::runtime_error("this garage already has a customer with that email address");
    }
    return 0;
}

int list(Env& env, const Options& o) {
    pqxx::read_transaction tx(env.db());
    long garage = find_garage(tx, o.required("garage")).id;
    pqxx::result r = tx.exec_prepared(kListCustomers.name, garage);
    std::cout << std::left << std::setw(6) << "ID" << std::setw(28) << "EMAIL" << std::setw(22)
              << "NAME" << std::setw(12) << "ACTIVE JOBS" << std::setw(10) << "PASSWORD"
              << "LAST SIGN-IN\n";
    for (const auto& row : r)
        std::cout << std::setw(6) << row[0].c_str() << std::setw(28) << row[1].c_str()
                  << std::setw(22) << row[2].c_str() << std::setw(12) << row[3].c_str()
                  << std::setw(10) << row[4].c_str() << row[5].c_str() << "\n";
    return 0;
}

int consent(Env& env, const Options& o) {
    no_arguments(o);
    std::string granted = o.required("granted");
    if (granted != "yes" && granted != "no") throw UsageError("--granted must be yes or no");
    pqxx::work tx(env.db());
    long garage = find_garage(tx, o.required("garage")).id;
    long customer = find_customer(tx, garage, o.required("customer"));
    bool changed;
    try {
        changed = portal::set_consent(tx, garage, customer, o.required("category"),
                                      granted == "yes", {"garage", "", 0});
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    tx.commit();
    std::cout << (changed ? "recorded: " : "unchanged: ") << o.get("category") << " "
              << (granted == "yes" ? "on" : "off") << " for " << o.get("customer") << "\n";
    return 0;
}

}  // namespace

int customer(Env& env, const std::vector<std::string>& args) {
    return run_subcommand(
        env, args, kUsage,
        {
            {"add", add, {"garage", "email", "first-name", "last-name", "title", "phone"}},
            {"list", list, {"garage"}},
            {"consent", consent, {"garage", "customer", "category", "granted"}},
        });
}

}  // namespace portalctl
