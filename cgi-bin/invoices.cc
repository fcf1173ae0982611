// The customer's invoices: the list, one invoice laid out for a phone with Pay now where it can be
// paid, and its PDF (rendered from the invoice's data on each request, or the garage's own file).
#include "invoices.h"
#include "app.h"
#include "files.h"
#include "format.h"
#include "invoice_pdf.h"

namespace {

using portal::Ctx;
using portal::Invoice;
namespace v = portal::v;

portal::Validator invoice_number() {
    return portal::Validator(64, [](std::string_view s) { return portal::is_invoice_number(s); });
}

void set_state(ctemplate::TemplateDictionary& d, const std::string& state, bool overdue) {
    d.SetValue("STATE", state);
    d.SetValue("STATE_LABEL", portal::payment_state_label(state));
    if (overdue) d.ShowSection("OVERDUE");
}

// The customer's invoice from the {number} segment, or 404: not theirs, another garage's, none.
Invoice find_invoice(Ctx& c, pqxx::transaction_base& tx) {
    auto inv = portal::load_invoice(tx, c.garage, c.customer->id, std::string(c.field("number")));
    if (!inv) throw portal::NotFound("We couldn't find that invoice.");
    return std::move(*inv);
}

// GET /invoices — 200: the newest invoices (read with the session), or those older than
// ?after=<number>.
void list_invoices(Ctx& c) {
    portal::InvoiceList list;
    if (c.has("after")) {
        pqxx::read_transaction tx(c.db.conn());
        list = portal::older_invoices(tx, c.garage, c.customer->id, std::string(c.field("after")));
    } else {
        list = c.session_data<portal::InvoiceList>();
    }
    auto& d = c.page("invoices.tpl", "Invoices");
    if (list.cards.empty()) d.ShowSection(c.has("after") ? "NO_OLDER" : "NONE");
    for (const auto& card : list.cards) {
        auto* item = d.AddSectionDictionary("CARD");
        portal::set(*item, "NUMBER", card.number);
        set_state(*item, card.state, card.overdue);
        portal::set(*item, "ISSUED", card.issued_on);
        if (!card.registration.empty())
            portal::set(*item->AddSectionDictionary("VEHICLE"), "REGISTRATION", card.registration);
        item->SetValue("GROSS", portal::money(card.gross_minor, card.currency));
    }
    if (!list.older.empty()) portal::set(*d.AddSectionDictionary("OLDER"), "AFTER", list.older);
    c.render();
}

void fill_line(ctemplate::TemplateDictionary& d, const Invoice& inv, const portal::InvoiceLine& l) {
    portal::set(d, "DESCRIPTION", l.description);
    d.SetValue("QUANTITY", portal::hundredths(l.quantity_centi));
    d.SetValue("UNIT_PRICE", portal::money(l.unit_price_minor, inv.currency));
    d.SetValue("VAT_RATE", portal::hundredths(l.vat_basis_points));
    d.SetValue("NET", portal::money(l.net_minor, inv.currency));
}

// GET /invoices/<number> — 200; 404 when it isn't this customer's.
void show_invoice(Ctx& c) {
    pqxx::read_transaction tx(c.db.conn());
    Invoice inv = find_invoice(c, tx);
    auto money = [&](long minor) { return portal::money(minor, inv.currency); };
    auto& d = c.page("invoice.tpl", "Invoice " + inv.number);
    portal::set(d, "NUMBER", inv.number);
    set_state(d, inv.state(), inv.overdue());
    portal::set(d, "ISSUED", inv.issued_on);
    portal::set(d, "DUE", inv.due_on);
    portal::set(d, "FROM", inv.garage_name);
    if (!inv.registration.empty()) {
        auto* vehicle = d.AddSectionDictionary("VEHICLE");
        portal::set(*vehicle, "NAME", inv.vehicle());
        portal::set(*vehicle, "REGISTRATION", inv.registration);
    }
    if (!inv.job_reference.empty())
        portal::set(*d.AddSectionDictionary("JOB"), "REFERENCE", inv.job_reference);
    if (!inv.garage_address.empty())
        portal::set(*d.AddSectionDictionary("ADDRESS"), "TEXT", inv.garage_address);
    if (!inv.garage_vat_number.empty())
        portal::set(*d.AddSectionDictionary("VAT_NUMBER"), "TEXT", inv.garage_vat_number);
    for (const auto& l : inv.lines) fill_line(*d.AddSectionDictionary("LINE"), inv, l);
    d.SetValue("NET", money(inv.net_minor));
    d.SetValue("VAT", money(inv.vat_minor));
    d.SetValue("GROSS", money(inv.gross_minor));
    if (inv.payments.empty()) d.ShowSection("NO_PAYMENTS");
    for (const auto& p : inv.payments) {
        auto* payment = d.AddSectionDictionary("PAYMENT");
        portal::set(*payment, "DATE", p.paid_on);
        payment->SetValue("AMOUNT", money(p.amount_minor));
        if (!p.method.empty())
            portal::set(*payment->AddSectionDictionary("METHOD"), "TEXT", p.method);
    }
    if (inv.status != "void") {
        auto* due = d.AddSectionDictionary("DUE_NOW");
        due->SetValue("BALANCE", money(inv.balance_minor()));
        if (inv.overdue()) due->ShowSection("OVERDUE");
    }
    if (inv.payable()) portal::set(*d.AddSectionDictionary("PAY"), "URL", inv.payment_url);
    c.render();
}

// GET /invoices/<number>.pdf — 200 application/pdf as an attachment: the garage's own PDF when it
// supplied one (sent by nginx from the private files), else rendered now from the invoice's
// data, so a payment shows at once; 404 when it isn't this customer's.
void invoice_pdf(Ctx& c) {
    pqxx::read_transaction tx(c.db.conn());
    Invoice inv = find_invoice(c, tx);
    tx.commit();
    if (!inv.pdf_path.empty())
        return c.res.send_file(portal::private_file(c.config.files_dir, inv.pdf_path, inv.number,
                                                    portal::Disposition::download));
    c.res.content_type = "application/pdf";
    c.res.header("Content-Disposition", "attachment; filename=\"" + inv.number + ".pdf\"");
    c.res.body = portal::invoice_pdf(inv, c.garage, c.config.branding_dir);
}

}  // namespace

int main() {
    portal::App app("invoices");
    app.get("/invoices", list_invoices)
        .optional("after", invoice_number())
        .with_session_data(portal::invoice_list_with_session(), portal::read_invoice_list);
    // Before /invoices/{number}, which would take "SG-1.pdf" as a number (and refuse it).
    app.get("/invoices/{number}.pdf", invoice_pdf).segment("number", invoice_number());
    app.get("/invoices/{number}", show_invoice).segment("number", invoice_number());
    app.before_serving(portal::warm_up_invoice_pdf);
    return app.run();
}
