// Invoices as a customer reads them — the list's cards, one invoice with its lines and payments —
// and the rules every program shares: line amounts and VAT rounding, payment state, overdue.
#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

namespace portal {

struct Garage;
struct Statement;

// Cards on one page of the customer's list; "Show older invoices" leads to the next page.
constexpr int kInvoicesPerPage = 20;

// An invoice number as the schema allows it (invoices.number): "SG-10417".
bool is_invoice_number(std::string_view s);

// A payment link the portal may show as "Pay now": an https URL of at most 2000 characters,
// with a host and nothing that could leave an attribute (the schema checks the same).
bool is_payment_link(std::string_view url);

// One line's amounts from its quantity (hundredths), unit price (minor units, net of VAT) and VAT
// rate (basis points): net = quantity × unit price and VAT = net × rate, each rounded to a whole
// minor unit, half away from zero (as PostgreSQL's round() does); gross = net + VAT. The
// invoice's totals are the sums of its lines (sql/001 checks this at commit).
struct LineAmounts {
    long net_minor = 0, vat_minor = 0, gross_minor = 0;
};
LineAmounts line_amounts(long quantity_centi, long unit_price_minor, long vat_basis_points);

// What an invoice's badge says: "paid", "part_paid", "unpaid" or "void" (its CSS class), from the
// stored status and what has been paid; and the badge's words ("Part paid").
std::string payment_state(std::string_view status, long paid_minor);
const char* payment_state_label(std::string_view state);

// One card of the list.
struct InvoiceCard {
    std::string number, state, issued_on, registration, currency;
    long gross_minor = 0;
    bool overdue = false;
};

struct InvoiceList {
    std::vector<InvoiceCard> cards;  // newest first, at most kInvoicesPerPage
    std::string older;               // the number to continue after ("" when this is the end)
};

// The customer's invoices at this garage older than invoice `after`, newest first. An `after`
// that is not one of theirs gives an empty list.
InvoiceList older_invoices(pqxx::transaction_base& tx, const Garage& garage, long customer_id,
                           const std::string& after);
// The newest page found with the session in its one round trip (app.h with_session_data): the
// statement, and how its rows read.
const Statement& invoice_list_with_session();
InvoiceList read_invoice_list(const pqxx::result& rows);

struct InvoiceLine {
    int position = 0;
    std::string description;
    long quantity_centi = 0, unit_price_minor = 0, vat_basis_points = 0;
    long net_minor = 0, vat_minor = 0, gross_minor = 0;
};

struct InvoicePayment {
    std::string paid_on, method;  // "26 Nov 2026" in the garage's time zone; "card" or ""
    long amount_minor = 0;
};

// Everything a printed invoice says, read afresh for each page and each PDF.
struct Invoice {
    long id = 0;
    std::string number, status, currency, issued_on, due_on;  // dates as "26 Nov 2026"
    std::string issued_iso;                                   // "2026-11-26"
    std::string pdf_path, payment_url;                        // "" when the garage gave none
    long net_minor = 0, vat_minor = 0, gross_minor = 0, paid_minor = 0;
    bool past_due = false;  // the due date is before today in the garage's time zone
    std::string job_reference, registration, make, model;  // "" when not about a job or vehicle
    std::string garage_name, garage_address, garage_vat_number, garage_email, garage_phone;
    std::string customer_name, customer_email;
    std::vector<InvoiceLine> lines;
    std::vector<InvoicePayment> payments;

    long balance_minor() const { return status == "void" ? 0 : gross_minor - paid_minor; }
    std::string state() const { return payment_state(status, paid_minor); }
    // Unpaid or part paid, and its due date has passed where the garage is: an invoice due
    // today is not overdue until tomorrow there.
    bool overdue() const { return status == "unpaid" && balance_minor() > 0 && past_due; }
    // "Pay now" shows: something is owed and the garage gave an https payment page.
    bool payable() const;
    std::string vehicle() const;  // "Ford Fiesta", or the registration
};

// The customer's invoice `number` at this garage, or nullopt (not theirs, or no such invoice).
std::optional<Invoice> load_invoice(pqxx::transaction_base& tx, const Garage& garage,
                                    long customer_id, const std::string& number);

}  // namespace portal
