// portalctl invoice add|list|void|set-payment-link|attach-pdf: the garage's invoices — lines read
// as exact decimals, totals computed here and checked by the schema, the customer told by email.
#include <sys/stat.h>

#include <fstream>
#include <iomanip>
#include <iostream>
#include <random>
#include <regex>

#include "auth_tokens.h"
#include "command.h"
#include "customers.h"
#include "db.h"
#include "files.h"
#include "format.h"
#include "invoices.h"
#include "outbox.h"
#include "validate.h"
#include "view.h"

namespace portalctl {

namespace {

const portal::Statement kJobForInvoice{
    "portalctl_invoice_job",
    "SELECT id, vehicle_id FROM work_orders WHERE garage_id = $1 AND customer_id = $2"
    " AND reference = $3"};
const portal::Statement kInvoiceDates{
    "portalctl_invoice_dates",
    "SELECT d.issued::text, (d.issued + $3::int)::text, coalesce(nullif($2, '')::date, d.issued"
    " + $3::int)::text FROM (SELECT coalesce(nullif($1, '')::date,"
    " (now() AT TIME ZONE $4)::date) AS issued) d"};
const portal::Statement kAddInvoice{
    "portalctl_add_invoice",
    "INSERT INTO invoices (garage_id, customer_id, work_order_id, vehicle_id, number, issued_on,"
    " due_on, net_minor, vat_minor, gross_minor, currency, payment_url)"
    " VALUES ($1, $2, nullif($3::bigint, 0), nullif($4::bigint, 0), $5, $6::date, $7::date, $8,"
    " $9, $10, $11, nullif($12, '')) RETURNING id, to_char(due_on, 'FMDD Mon YYYY')"};
const portal::Statement kAddInvoiceLine{
    "portalctl_add_invoice_line",
    "INSERT INTO invoice_lines (invoice_id, position, description, quantity_centi,"
    " unit_price_minor, vat_rate_basis_points, net_minor, vat_minor, gross_minor)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"};
const char* const kListSql =
    "SELECT i.number, c.email, i.issued_on::text, i.due_on::text, i.status, i.paid_minor,"
    " i.gross_minor, i.currency, i.due_on < (now() AT TIME ZONE $2)::date AS past_due"
    " FROM invoices i JOIN customers c ON c.garage_id = i.garage_id AND c.id = i.customer_id"
    " WHERE i.garage_id = $1";
const portal::Statement kListInvoices{
    "portalctl_list_invoices",
    std::string(kListSql) + " ORDER BY i.issued_on DESC, i.id DESC LIMIT $3"};
const portal::Statement kListCustomerInvoices{
    "portalctl_list_customer_invoices",
    std::string(kListSql) +
        " AND i.customer_id = $4 ORDER BY i.issued_on DESC, i.id DESC LIMIT $3"};
const portal::Statement kInvoiceForChange{
    "portalctl_invoice_for_change",
    "SELECT id, status, paid_minor FROM invoices WHERE garage_id = $1 AND number = $2 FOR UPDATE"};
const portal::Statement kVoidInvoice{
    "portalctl_void_invoice",
    "UPDATE invoices SET status = 'void' WHERE garage_id = $1 AND id = $2"};
const portal::Statement kSetPaymentLink{
    "portalctl_set_payment_link",
    "UPDATE invoices SET payment_url = nullif($3, '') WHERE garage_id = $1 AND id = $2"};
const portal::Statement kAttachPdf{
    "portalctl_attach_pdf", "UPDATE invoices SET pdf_path = $3 WHERE garage_id = $1 AND id = $2"};

const char* kUsage =
    "usage: portalctl invoice add --garage SUBDOMAIN --customer EMAIL --number NUMBER\n"
    "                             [--job WO-... | --registration REG] [--issued DATE]\n"
    "                             --due DATE|+DAYS --line 'DESCRIPTION|QUANTITY|UNIT PRICE[|VAT "
    "%]'...\n"
    "                             [--vat-rate PERCENT] [--payment-link https://...]\n"
    "       portalctl invoice list --garage SUBDOMAIN [--customer EMAIL] [--limit N]\n"
    "       portalctl invoice void --garage SUBDOMAIN --number NUMBER\n"
    "       portalctl invoice set-payment-link --garage SUBDOMAIN --number NUMBER (--url "
    "https://... | --none)\n"
    "       portalctl invoice attach-pdf --garage SUBDOMAIN --number NUMBER --file PDF\n"
    "\n"
    "add issues an invoice and emails the customer a link that signs them in to it. NUMBER is\n"
    "the garage's own (letters, digits and -, such as SG-10501). Each --line is one item, such as\n"
    "--line 'Front brake pads|1|68.50|20': QUANTITY (1, 2.5), UNIT PRICE net of VAT in the\n"
    "garage's currency and the VAT rate in per cent, each an exact decimal with at most two\n"
    "places (VAT % defaults to --vat-rate, itself 20). Net and VAT are rounded per line to whole\n"
    "pennies (half away from zero); the invoice's totals are the sums of its lines. DATE is\n"
    "YYYY-MM-DD in the garage's time zone (--issued defaults to today); --due +30 is 30 days\n"
    "after the issue date. --payment-link is the card-payment provider's page for \"Pay now\"\n"
    "(https only). --job ties the invoice to the customer's job (and its vehicle).\n"
    "void withdraws an invoice nothing has been paid on. attach-pdf sends the garage's own PDF\n"
    "instead of the one the portal draws.\n";

constexpr size_t kMaxLines = 500;
constexpr long kMaxPdfBytes = 20L * 1024 * 1024;

// An exact decimal with at most two places, in hundredths: "2.5" → 250. Refuses "1.234", "1,5",
// "-3", "abc" and anything above `max` hundredths, naming `what`.
long decimal(const std::string& text, long max, const std::string& what) {
    portal::Validator exact = portal::v::money(max);
    if (!exact(text))
        throw UsageError(what + " '" + text +
                         "' must be a number such as 12 or 68.50 (at most two decimals, no sign, "
                         "at most " +
                         portal::hundredths(max) + ")");
    return exact.number(text);
}

std::string invoice_number(const Options& o) {
    std::string number = o.required("number");
    if (!portal::is_invoice_number(number))
        throw UsageError("--number must be letters, digits and - (at most 64), such as SG-10501");
    return number;
}

std::string payment_link(const std::string& url) {
    if (!portal::is_payment_link(url))
        throw UsageError("the payment link must be an https:// address (at most 2000 characters)");
    return url;
}

struct LineInput {
    std::string description;
    long quantity_centi = 0, unit_price_minor = 0, vat_basis_points = 0;
    portal::LineAmounts amounts;
};

LineInput parse_line(const std::string& value, long default_vat) {
    std::vector<std::string> f(1);
    for (char ch : value) {
        if (ch == '|')
            f.emplace_back();
        else
            f.back().push_back(ch);
    }
    std::string where = "--line '" + value + "'";
    if (f.size() < 3 || f.size() > 4)
        throw UsageError(where + " must be DESCRIPTION|QUANTITY|UNIT PRICE or add |VAT %");
    LineInput l;
    l.description = f[0];
    if (l.description.empty() || !portal::v::line(300)(l.description))
        throw UsageError(where + ": the description must be one line of 1 to 300 characters");
    l.quantity_centi = decimal(f[1], 9999999, where + ": the quantity");
    if (l.quantity_centi == 0) throw UsageError(where + ": the quantity must be more than 0");
    l.unit_price_minor = decimal(f[2], 999999999, where + ": the unit price");
    l.vat_basis_points =
        f.size() == 4 ? decimal(f[3], 10000, where + ": the VAT rate") : default_vat;
    l.amounts = portal::line_amounts(l.quantity_centi, l.unit_price_minor, l.vat_basis_points);
    return l;
}

// The date given as --`option` ("YYYY-MM-DD"), or "" when not given.
std::string date_option(const Options& o, const char* option) {
    static const std::regex form("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
    std::string value = o.get(option);
    if (!value.empty() && !std::regex_match(value, form))
        throw UsageError(std::string("--") + option + " must be a date such as 2026-12-31");
    return value;
}

// Emails the customer that the invoice is issued, with a link that signs them in to it.
void tell_customer(Env& env, pqxx::transaction_base& tx, const GarageRef& garage, long customer,
                   const std::string& number, long gross, const std::string& due, bool payable) {
    portal::CustomerAccount who = portal::customer_by_id(tx, garage.id, customer).value();
    auto issued = portal::issue_token(tx, garage.id, customer, "deep_link",
                                      portal::kDeepLinkSeconds, "/invoices/" + number, "");
    std::string origin = portal::public_origin(env.config, garage);
    ctemplate::TemplateDictionary dict("invoice_issued");
    portal::set(dict, "FIRST_NAME", who.greeting);
    portal::set(dict, "NUMBER", number);
    dict.SetValue("GROSS", portal::money(gross, garage.currency));
    portal::set(dict, "DUE", due);
    if (payable) dict.ShowSection("PAYABLE");
    dict.SetValue("LINK_URL", origin + "/auth/" + issued.token);
    portal::set(dict, "DAYS", static_cast<long>(portal::kDeepLinkSeconds / 86400));
    portal::load_email_templates(env.config.share_dir);
    portal::EmailBody body = portal::render_email("invoice_issued", dict, garage, origin);
    portal::OutgoingEmail m;
    m.garage_id = garage.id;
    m.to = who.email;
    m.subject = "Invoice " + number + " from " + garage.name;
    m.text = body.text;
    m.html = body.html;
    m.purpose = "invoice_issued";
    m.customer_id = customer;
    m.not_after_seconds = portal::kDeepLinkSeconds;
    m.carries_secret = true;  // the link signs the customer in
    portal::enqueue_email(tx, m);
}

int add(Env& env, const Options& o) {
    no_arguments(o);
    std::string number = invoice_number(o);
    if (o.has("job") && o.has("registration"))
        throw UsageError("give --job or --registration, not both");
    std::string reference = o.has("job") ? job_reference(o.get("job"), "job") : "";
    long default_vat = o.has("vat-rate") ? decimal(o.get("vat-rate"), 10000, "--vat-rate") : 2000;
    std::vector<LineInput> lines;
    for (const auto& value : o.all("line")) lines.push_back(parse_line(value, default_vat));
    if (lines.empty()) throw UsageError("an invoice needs at least one --line");
    if (lines.size() > kMaxLines)
        throw UsageError("an invoice has at most " + std::to_string(kMaxLines) + " lines");
    std::string link = o.has("payment-link") ? payment_link(o.get("payment-link")) : "";
    std::string issued_on = date_option(o, "issued");
    std::string due = o.required("due");
    static const std::regex days("^\\+([0-9]{1,3})$");
    std::smatch m;
    bool relative = std::regex_match(due, m, days);
    if (!relative && !std::regex_match(due, std::regex("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")))
        throw UsageError("--due must be a date such as 2026-12-31, or +30 (days after issue)");

    long net = 0, vat = 0;
    for (const auto& l : lines) net += l.amounts.net_minor, vat += l.amounts.vat_minor;
    if (net + vat <= 0) throw UsageError("the invoice's total must be more than zero");

    pqxx::work tx(env.db());
    GarageRef garage = find_garage(tx, o.required("garage"));
    long customer = find_customer(tx, garage.id, o.required("customer"));
    long job = 0, vehicle = 0;
    if (!reference.empty()) {
        pqxx::result r = tx.exec_prepared(kJobForInvoice.name, garage.id, customer, reference);
        if (r.empty()) throw UsageError("this customer has no job " + reference);
        job = r[0][0].as<long>();
        vehicle = r[0][1].as<long>();
    } else if (o.has("registration")) {
        vehicle = find_vehicle(tx, garage.id, customer, o.get("registration")).id;
        if (!vehicle) throw UsageError("this customer has no vehicle " + o.get("registration"));
    }
    pqxx::row dates = [&] {
        try {
            pqxx::subtransaction check(tx, "dates");
            pqxx::row r = check.exec_prepared1(kInvoiceDates.name, issued_on, relative ? "" : due,
                                               relative ? std::stoi(m[1]) : 0, garage.timezone);
            check.commit();
            return r;
        } catch (const pqxx::data_exception&) {
            throw UsageError("--issued or --due is not a real date");
        }
    }();
    std::string issued = dates[0].as<std::string>(), due_on = dates[2].as<std::string>();
    if (due_on < issued) throw UsageError("--due must not be before the issue date");

    pqxx::row row = [&] {
        try {
            pqxx::subtransaction insert(tx, "invoice");
            pqxx::row r =
                insert.exec_prepared1(kAddInvoice.name, garage.id, customer, job, vehicle, number,
                                      issued, due_on, net, vat, net + vat, garage.currency, link);
            insert.commit();
            return r;
        } catch (const pqxx::unique_violation&) {
            throw std::runtime_error("garage " + garage.subdomain + " already has invoice " +
                                     number);
        }
    }();
    long id = row[0].as<long>();
    for (size_t i = 0; i < lines.size(); ++i) {
        const LineInput& l = lines[i];
        tx.exec_prepared(kAddInvoiceLine.name, id, i + 1, l.description, l.quantity_centi,
                         l.unit_price_minor, l.vat_basis_points, l.amounts.net_minor,
                         l.amounts.vat_minor, l.amounts.gross_minor);
    }
    tell_customer(env, tx, garage, customer, number, net + vat, row[1].as<std::string>(),
                  !link.empty());
    tx.commit();  // the schema re-checks the totals against the lines here
    std::cout << "added invoice " << number << ": " << lines.size()
              << (lines.size() == 1 ? " line" : " lines") << ", net "
              << portal::money(net, garage.currency) << ", VAT "
              << portal::money(vat, garage.currency) << ", total "
              << portal::money(net + vat, garage.currency) << "; issued " << issued << ", due "
              << due_on << "\n"
              << "emailed the customer a link to /invoices/" << number << "\n";
    return 0;
}

int list(Env& env, const Options& o) {
    no_arguments(o);
    long limit = 50;
    if (o.has("limit")) {
        if (!portal::v::integer(1, 1000)(o.get("limit")))
            throw UsageError("--limit must be a whole number from 1 to 1000");
        limit = std::stol(o.get("limit"));
    }
    pqxx::read_transaction tx(env.db());
    GarageRef garage = find_garage(tx, o.required("garage"));
    pqxx::result r = o.has("customer")
                         ? tx.exec_prepared(kListCustomerInvoices.name, garage.id, garage.timezone,
                                            limit, find_customer(tx, garage.id, o.get("customer")))
                         : tx.exec_prepared(kListInvoices.name, garage.id, garage.timezone, limit);
    std::cout << std::left << std::setw(16) << "NUMBER" << std::setw(28) << "CUSTOMER"
              << std::setw(12) << "ISSUED" << std::setw(12) << "DUE" << std::setw(18) << "STATUS"
              << std::right << std::setw(14) << "TOTAL" << std::setw(14) << "BALANCE"
              << "\n";
    for (const auto& row : r) {
        std::string status = row["status"].as<std::string>();
        long paid = row["paid_minor"].as<long>(), gross = row["gross_minor"].as<long>();
        std::string state = portal::payment_state_label(portal::payment_state(status, paid));
        if (status == "unpaid" && row["past_due"].as<bool>()) state += ", overdue";
        std::string currency = row["currency"].as<std::string>();
        std::cout << std::left << std::setw(16) << row["number"].c_str() << std::setw(28)
                  << row["email"].c_str() << std::setw(12) << row["issued_on"].c_str()
                  << std::setw(12) << row["due_on"].c_str() << std::setw(18) << state << std::right
                  << std::setw(14) << portal::money(gross, currency) << std::setw(14)
                  << portal::money(status == "void" ? 0 : gross - paid, currency) << "\n";
    }
    return 0;
}

// The garage's invoice `number`, locked for the change to come: its id, status and paid amount.
pqxx::row invoice_for_change(pqxx::transaction_base& tx, const GarageRef& garage,
                             const std::string& number) {
    pqxx::result r = tx.exec_prepared(kInvoiceForChange.name, garage.id, number);
    if (r.empty()) throw UsageError("garage " + garage.subdomain + " has no invoice " + number);
    return r[0];
}

int void_invoice(Env& env, const Options& o) {
    no_arguments(o);
    std::string number = invoice_number(o);
    pqxx::work tx(env.db());
    GarageRef garage = find_garage(tx, o.required("garage"));
    pqxx::row inv = invoice_for_change(tx, garage, number);
    std::string status = inv["status"].as<std::string>();
    if (status == "void") throw std::runtime_error("invoice " + number + " is already void");
    if (status == "paid" || inv["paid_minor"].as<long>() > 0)
        throw std::runtime_error("invoice " + number +
                                 " has payments against it; only an invoice nothing has been "
                                 "paid on can be voided");
    tx.exec_prepared(kVoidInvoice.name, garage.id, inv["id"].as<long>());
    tx.commit();
    std::cout << "voided invoice " << number << "\n";
    return 0;
}

int set_link(Env& env, const Options& o) {
    no_arguments(o);
    std::string number = invoice_number(o);
    if (o.has("url") == o.has("none")) throw UsageError("give either --url https://... or --none");
    std::string url = o.has("url") ? payment_link(o.get("url")) : "";
    pqxx::work tx(env.db());
    GarageRef garage = find_garage(tx, o.required("garage"));
    pqxx::row inv = invoice_for_change(tx, garage, number);
    tx.exec_prepared(kSetPaymentLink.name, garage.id, inv["id"].as<long>(), url);
    tx.commit();
    std::cout << (url.empty() ? "removed the payment link of invoice " + number
                              : "invoice " + number + " pays at " + url)
              << "\n";
    return 0;
}

// The whole file, refused unless it is a PDF (by its content) of at most 20 MB.
std::string read_pdf(const std::string& path) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
        throw UsageError("--file " + path + " is not a readable file");
    if (st.st_size > kMaxPdfBytes) throw UsageError("--file " + path + " is larger than 20 MB");
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw UsageError("--file: cannot read " + path);
    auto type = portal::detect_type(bytes);
    if (!type || std::string(type->mime) != "application/pdf")
        throw UsageError("--file " + path + " is not a PDF");
    return bytes;
}

int attach_pdf(Env& env, const Options& o) {
    no_arguments(o);
    std::string number = invoice_number(o);
    std::string bytes = read_pdf(o.required("file"));
    portal::NewPrivateFiles files(env.config.files_dir);
    pqxx::work tx(env.db());
    GarageRef garage = find_garage(tx, o.required("garage"));
    pqxx::row inv = invoice_for_change(tx, garage, number);
    // A new name each time: a file another request may be sending is never overwritten.
    std::random_device random;
    std::string path = "invoices/" + std::to_string(garage.id) + "/" + number + "-" +
                       std::to_string(random() % 1000000000) + ".pdf";
    files.write(path, bytes);
    tx.exec_prepared(kAttachPdf.name, garage.id, inv["id"].as<long>(), path);
    try {
        tx.commit();
    } catch (const pqxx::in_doubt_error&) {
        files.keep();
        throw;
    }
    files.keep();
    std::cout << "invoice " << number << " now sends " << path << " (" << bytes.size()
              << " bytes) as its PDF\n";
    return 0;
}

}  // namespace

int invoice(Env& env, const std::vector<std::string>& args) {
    return run_subcommand(
        env, args, kUsage,
        {
            {"add",
             add,
             {"garage", "customer", "number", "job", "registration", "issued", "due", "line",
              "vat-rate", "payment-link"},
             {"line"}},
            {"list", list, {"garage", "customer", "limit"}},
            {"void", void_invoice, {"garage", "number"}},
            {"set-payment-link", set_link, {"garage", "number", "url"}, {}, {"none"}},
            {"attach-pdf", attach_pdf, {"garage", "number", "file"}},
        });
}

}  // namespace portalctl
