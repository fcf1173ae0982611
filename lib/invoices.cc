// Invoices as a customer reads them, and the money rules every program shares.
#include "invoices.h"

#include <cstdlib>
#include <regex>

#include "db.h"
#include "garage.h"
#include "session.h"

namespace portal {

namespace {

// The card's columns over invoices i and the joins they need; $3 is the garage's time zone
// (overdue is decided by its calendar).
const char* const kCardColumns =
    "i.number, i.status, i.paid_minor, i.gross_minor, i.currency,"
    " to_char(i.issued_on, 'FMDD Mon YYYY') AS issued_on,"
    " coalesce(v.registration, '') AS registration,"
    " i.due_on < (now() AT TIME ZONE $3)::date AS past_due";
const char* const kCardJoins =
    " LEFT JOIN work_orders w ON w.garage_id = i.garage_id AND w.id = i.work_order_id"
    " LEFT JOIN vehicles v ON v.garage_id = i.garage_id"
    "  AND v.id = coalesce(i.vehicle_id, w.vehicle_id)";
const std::string kCardSql = std::string("SELECT ") + kCardColumns + " FROM invoices i" +
                             kCardJoins + " WHERE i.garage_id = $1 AND i.customer_id = $2";

// An invoice named by its number is found by (garage_id, number) alone, then checked to be the
// customer's: given the customer too, a generic plan (which guesses one invoice a customer) walked
// all of a customer's invoices for the number: up to 1.4 and 2.8 ms against 0.2 ms for a customer
// with 1,500 (bench/RESULTS.md).
// MATERIALIZED keeps the planner from merging the customer back into that lookup.

// One more than a page, to know whether there is a next one. (The newest page comes with the
// session: kInvoiceListWithSession.)
const Statement kOlder{
    "invoices_older",
    "WITH after_invoice AS MATERIALIZED (SELECT customer_id, issued_on, id FROM invoices"
    " WHERE garage_id = $1 AND number = $5) " +
        kCardSql +
        " AND (i.issued_on, i.id) < (SELECT issued_on, id FROM after_invoice"
        "  WHERE customer_id = $2)"
        " ORDER BY i.issued_on DESC, i.id DESC LIMIT $4"};

const Statement kHead{
    "invoice_head",
    "WITH found AS MATERIALIZED (SELECT * FROM invoices WHERE garage_id = $1 AND number = $3)"
    " SELECT i.id, i.number, i.status, i.currency, i.net_minor, i.vat_minor, i.gross_minor,"
    " i.paid_minor, to_char(i.issued_on, 'FMDD Mon YYYY') AS issued_on,"
    " to_char(i.due_on, 'FMDD Mon YYYY') AS due_on, i.issued_on::text AS issued_iso,"
    " i.due_on < (now() AT TIME ZONE $4)::date AS past_due,"
    " coalesce(i.pdf_path, '') AS pdf_path, coalesce(i.payment_url, '') AS payment_url,"
    " coalesce(w.reference, '') AS job_reference, coalesce(v.registration, '') AS registration,"
    " coalesce(v.make, '') AS make, coalesce(v.model, '') AS model,"
    " g.name AS garage_name, coalesce(g.address, '') AS garage_address,"
    " coalesce(g.vat_number, '') AS garage_vat_number, g.email AS garage_email,"
    " coalesce(g.main_phone, '') AS garage_phone,"
    " concat_ws(' ', c.first_name, c.last_name) AS customer_name, c.email AS customer_email"
    " FROM found i"
    " JOIN garages g ON g.id = i.garage_id"
    " JOIN customers c ON c.garage_id = i.garage_id AND c.id = i.customer_id"
    " LEFT JOIN work_orders w ON w.garage_id = i.garage_id AND w.id = i.work_order_id"
    " LEFT JOIN vehicles v ON v.garage_id = i.garage_id"
    "  AND v.id = coalesce(i.vehicle_id, w.vehicle_id)"
    " WHERE i.customer_id = $2"};
const Statement kLines{
    "invoice_lines",
    "SELECT l.position, l.description, l.quantity_centi, l.unit_price_minor,"
    " l.vat_rate_basis_points, l.net_minor, l.vat_minor, l.gross_minor"
    " FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id"
    " WHERE i.garage_id = $1 AND i.customer_id = $2 AND i.id = $3 ORDER BY l.position"};
const Statement kPayments{
    "invoice_payments",
    "SELECT to_char(p.paid_at AT TIME ZONE $4, 'FMDD Mon YYYY') AS paid_on,"
    " coalesce(p.method, '') AS method, p.amount_minor"
    " FROM payments p JOIN invoices i ON i.id = p.invoice_id"
    " WHERE i.garage_id = $1 AND i.customer_id = $2 AND i.id = $3 ORDER BY p.paid_at, p.id"};

// a × b / divisor rounded half away from zero (divisor > 0); the product is taken in 128 bits so
// that no quantity and price the schema can hold overflows on the way.
long rounded(long a, long b, long divisor) {
    __int128 value = static_cast<__int128>(a) * b, half = divisor / 2;
    return static_cast<long>(value >= 0 ? (value + half) / divisor : -((-value + half) / divisor));
}

}  // namespace

bool is_invoice_number(std::string_view s) {
    static const std::regex form("^[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?$");
    return s.size() <= 64 && std::regex_match(s.begin(), s.end(), form);
}

bool is_payment_link(std::string_view url) {
    static const std::regex form(
        "^https://[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?"
        "([/?#][^[:space:][:cntrl:]\"<>\\\\]*)?$");
    return url.size() <= 2000 && std::regex_match(url.begin(), url.end(), form);
}

LineAmounts line_amounts(long quantity_centi, long unit_price_minor, long vat_basis_points) {
    LineAmounts a;
    a.net_minor = rounded(quantity_centi, unit_price_minor, 100);
    a.vat_minor = rounded(a.net_minor, vat_basis_points, 10000);
    a.gross_minor = a.net_minor + a.vat_minor;
    return a;
}

std::string payment_state(std::string_view status, long paid_minor) {
    if (status == "paid" || status == "void") return std::string(status);
    return paid_minor > 0 ? "part_paid" : "unpaid";
}

const char* payment_state_label(std::string_view state) {
    return state == "paid"        ? "Paid"
           : state == "part_paid" ? "Part paid"
           : state == "void"      ? "Void"
                                  : "Unpaid";
}

// The first page, with the session: its rows are the session's, one per card (one row of nulls
// when there is none).
const Statement kInvoiceListWithSession{
    "invoices_with_session",
    session_select(kCardColumns,
                   (std::string("LEFT JOIN LATERAL (SELECT * FROM invoices i"
                                " WHERE i.garage_id = c.garage_id AND i.customer_id = c.id"
                                " ORDER BY i.issued_on DESC, i.id DESC LIMIT ") +
                    std::to_string(kInvoicesPerPage + 1) + ") i ON true" + kCardJoins)
                       .c_str(),
                   "i.issued_on DESC, i.id DESC")};

InvoiceList older_invoices(pqxx::transaction_base& tx, const Garage& garage, long customer_id,
                           const std::string& after) {
    return read_invoice_list(tx.exec_prepared(kOlder.name, garage.id, customer_id, garage.timezone,
                                              kInvoicesPerPage + 1, after));
}

const Statement& invoice_list_with_session() {
    return kInvoiceListWithSession;
}

InvoiceList read_invoice_list(const pqxx::result& rows) {
    InvoiceList list;
    for (const auto& r : rows) {
        if (r["number"].is_null()) continue;
        if (list.cards.size() == kInvoicesPerPage) {
            list.older = list.cards.back().number;
            break;
        }
        InvoiceCard card;
        card.number = r["number"].as<std::string>();
        std::string status = r["status"].as<std::string>();
        long paid = r["paid_minor"].as<long>();
        card.gross_minor = r["gross_minor"].as<long>();
        card.state = payment_state(status, paid);
        card.overdue = status == "unpaid" && card.gross_minor > paid && r["past_due"].as<bool>();
        card.issued_on = r["issued_on"].as<std::string>();
        card.registration = r["registration"].as<std::string>();
        card.currency = r["currency"].as<std::string>();
        list.cards.push_back(std::move(card));
    }
    return list;
}

bool Invoice::payable() const {
    return balance_minor() > 0 && status == "unpaid" && is_payment_link(payment_url);
}

std::string Invoice::vehicle() const {
    std::string name = make + (make.empty() || model.empty() ? "" : " ") + model;
    return name.empty() ? registration : name;
}

std::optional<Invoice> load_invoice(pqxx::transaction_base& tx, const Garage& garage,
                                    long customer_id, const std::string& number) {
    pqxx::result head =
        tx.exec_prepared(kHead.name, garage.id, customer_id, number, garage.timezone);
    if (head.empty()) return std::nullopt;
    const pqxx::row h = head[0];
    Invoice inv;
    inv.id = h["id"].as<long>();
    inv.number = h["number"].as<std::string>();
    inv.status = h["status"].as<std::string>();
    inv.currency = h["currency"].as<std::string>();
    inv.net_minor = h["net_minor"].as<long>();
    inv.vat_minor = h["vat_minor"].as<long>();
    inv.gross_minor = h["gross_minor"].as<long>();
    inv.paid_minor = h["paid_minor"].as<long>();
    inv.issued_on = h["issued_on"].as<std::string>();
    inv.due_on = h["due_on"].as<std::string>();
    inv.issued_iso = h["issued_iso"].as<std::string>();
    inv.past_due = h["past_due"].as<bool>();
    inv.pdf_path = h["pdf_path"].as<std::string>();
    inv.payment_url = h["payment_url"].as<std::string>();
    inv.job_reference = h["job_reference"].as<std::string>();
    inv.registration = h["registration"].as<std::string>();
    inv.make = h["make"].as<std::string>();
    inv.model = h["model"].as<std::string>();
    inv.garage_name = h["garage_name"].as<std::string>();
    inv.garage_address = h["garage_address"].as<std::string>();
    inv.garage_vat_number = h["garage_vat_number"].as<std::string>();
    inv.garage_email = h["garage_email"].as<std::string>();
    inv.garage_phone = h["garage_phone"].as<std::string>();
    inv.customer_name = h["customer_name"].as<std::string>();
    inv.customer_email = h["customer_email"].as<std::string>();
    for (const auto& r : tx.exec_prepared(kLines.name, garage.id, customer_id, inv.id)) {
        InvoiceLine l;
        l.position = r["position"].as<int>();
        l.description = r["description"].as<std::string>();
        l.quantity_centi = r["quantity_centi"].as<long>();
        l.unit_price_minor = r["unit_price_minor"].as<long>();
        l.vat_basis_points = r["vat_rate_basis_points"].as<long>();
        l.net_minor = r["net_minor"].as<long>();
        l.vat_minor = r["vat_minor"].as<long>();
        l.gross_minor = r["gross_minor"].as<long>();
        inv.lines.push_back(std::move(l));
    }
    for (const auto& r :
         tx.exec_prepared(kPayments.name, garage.id, customer_id, inv.id, garage.timezone)) {
        InvoicePayment p;
        p.paid_on = r["paid_on"].as<std::string>();
        p.method = r["method"].as<std::string>();
        p.amount_minor = r["amount_minor"].as<long>();
        inv.payments.push_back(std::move(p));
    }
    return inv;
}

}  // namespace portal
