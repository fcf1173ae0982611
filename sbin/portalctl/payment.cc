// portalctl payment add: a payment received against an invoice — in full or in part, never more
// than the balance; the payment that settles the invoice marks it paid (sql/007).
#include <iostream>
#include <regex>

#include "command.h"
#include "db.h"
#include "format.h"
#include "invoices.h"
#include "validate.h"

namespace portalctl {

namespace {

const portal::Statement kInvoiceForPayment{
    "portalctl_invoice_for_payment",
    "SELECT id, status, gross_minor, paid_minor, currency FROM invoices"
    " WHERE garage_id = $1 AND number = $2 FOR UPDATE"};
// A date in the garage's time zone is taken as noon there; no date is now. Never in the future.
const portal::Statement kPaidAt{"portalctl_payment_time",
                                "SELECT t, t <= now() FROM (SELECT CASE WHEN $1 = '' THEN now()"
                                " ELSE ($1::date + time '12:00') AT TIME ZONE $2 END AS t) p"};
const portal::Statement kAddPayment{
    "portalctl_add_payment",
    "INSERT INTO payments (invoice_id, amount_minor, paid_at, method)"
    " SELECT id, $3, $4::timestamptz, nullif($5, '') FROM invoices"
    " WHERE garage_id = $1 AND id = $2 RETURNING id"};
const portal::Statement kInvoiceAfterPayment{
    "portalctl_invoice_after_payment",
    "SELECT status, gross_minor - paid_minor FROM invoices WHERE garage_id = $1 AND id = $2"};

const char* kUsage =
    "usage: portalctl payment add --garage SUBDOMAIN --invoice NUMBER --amount AMOUNT\n"
    "                             [--date YYYY-MM-DD] [--method TEXT]\n"
    "\n"
    "Records a payment received against an invoice: AMOUNT such as 120 or 45.50 (an exact\n"
    "decimal, at most two places) in the invoice's currency, at most its balance. A part\n"
    "payment leaves the invoice part paid; the payment that settles it marks it paid. --date is\n"
    "the day it was received in the garage's time zone (default now); --method says how, such as\n"
    "card, cash or bank transfer.\n";

int add(Env& env, const Options& o) {
    no_arguments(o);
    std::string number = o.required("invoice");
    if (!portal::is_invoice_number(number))
        throw UsageError("--invoice must be an invoice number, such as SG-10501");
    std::string text = o.required("amount");
    portal::Validator amount_rule = portal::v::money(99999999999);
    if (!amount_rule(text))
        throw UsageError(
            "--amount '" + text +
            "' must be an amount such as 120 or 45.50 (at most two decimals, no sign)");
    long amount = amount_rule.number(text);
    if (amount == 0) throw UsageError("--amount must be more than zero");
    std::string date = o.get("date");
    if (!date.empty() && !std::regex_match(date, std::regex("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")))
        throw UsageError("--date must be a date such as 2026-12-31");
    std::string method = o.get("method");
    if (!portal::v::line(40)(method))
        throw UsageError("--method must be one line of at most 40 characters");

    pqxx::work tx(env.db());
    GarageRef garage = find_garage(tx, o.required("garage"));
    pqxx::result found = tx.exec_prepared(kInvoiceForPayment.name, garage.id, number);
    if (found.empty()) throw UsageError("garage " + garage.subdomain + " has no invoice " + number);
    const pqxx::row inv = found[0];
    long id = inv["id"].as<long>();
    std::string status = inv["status"].as<std::string>();
    std::string currency = inv["currency"].as<std::string>();
    long balance = inv["gross_minor"].as<long>() - inv["paid_minor"].as<long>();
    if (status == "void") throw std::runtime_error("invoice " + number + " is void");
    if (status == "paid" || balance <= 0)
        throw std::runtime_error("invoice " + number + " is already paid");
    if (amount > balance)
        throw std::runtime_error("a payment of " + portal::money(amount, currency) +
                                 " is more than the balance of invoice " + number + ", " +
                                 portal::money(balance, currency) + "; nothing was recorded");
    pqxx::row when = [&] {
        try {
            pqxx::subtransaction check(tx, "date");
            pqxx::row r = check.exec_prepared1(kPaidAt.name, date, garage.timezone);
            check.commit();
            return r;
        } catch (const pqxx::data_exception&) {
            throw UsageError("--date " + date + " is not a real date");
        }
    }();
    if (!when[1].as<bool>()) throw UsageError("--date must not be in the future");
    tx.exec_prepared1(kAddPayment.name, garage.id, id, amount, when[0].as<std::string>(), method);
    pqxx::row after = tx.exec_prepared1(kInvoiceAfterPayment.name, garage.id, id);
    tx.commit();
    std::cout << "recorded a payment of " << portal::money(amount, currency) << " on invoice "
              << number << "; "
              << (after[0].as<std::string>() == "paid"
                      ? "it is now paid"
                      : "balance " + portal::money(after[1].as<long>(), currency) + " (part paid)")
              << "\n";
    return 0;
}

}  // namespace

int payment(Env& env, const std::vector<std::string>& args) {
    return run_subcommand(env, args, kUsage,
                          {
                              {"add", add, {"garage", "invoice", "amount", "date", "method"}},
                          });
}

}  // namespace portalctl
