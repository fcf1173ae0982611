// A quote awaiting the customer's decision: items with their breakdown and photos, decisions
// made per item in the browser, one confirmation step, then one POST that records them all.
#include <climits>

#include "app.h"
#include "files.h"
#include "format.h"
#include "outbox.h"
#include "quotes.h"

namespace {

using portal::Ctx;
using portal::Quote;
namespace v = portal::v;

std::string item_field(int position) {
    return "item" + std::to_string(position);
}

const char* category_label(const std::string& category) {
    return category == "safety"        ? "Safety Item"
           : category == "recommended" ? "Recommended"
                                       : "Optional";
}

std::string money(Ctx& c, long minor) {
    return portal::money(minor, c.garage.currency);
}

// The customer's quote from the {id} segment, or 404: not theirs, another garage's, or none.
Quote find_quote(Ctx& c, pqxx::transaction_base& tx, bool lock) {
    auto q = portal::load_quote(tx, c.garage, c.customer->id, c.integer("id"), lock);
    if (!q) throw portal::NotFound("We couldn't find that quote.");
    return std::move(*q);
}

// The choices in the request, one per line ("approve", "decline" or "" for none yet).
std::vector<std::string> choices_of(Ctx& c, const Quote& q) {
    std::vector<std::string> out;
    for (const auto& l : q.lines) out.emplace_back(c.field(item_field(l.position)));
    return out;
}

// True when every line has a choice and no choice names an item the quote doesn't have.
bool complete(Ctx& c, const Quote& q, const std::vector<std::string>& choices) {
    for (const auto& ch : choices)
        if (ch.empty()) return false;
    for (int i = 1; i <= portal::kMaxQuoteItems; ++i) {
        bool on_quote = false;
        for (const auto& l : q.lines) on_quote = on_quote || l.position == i;
        if (c.has(item_field(i)) && !on_quote) return false;
    }
    return true;
}

// Why a late confirmation or a second submission changed nothing (the page also says why).
std::string unchanged(const Quote& q) {
    return q.status == "decided"
               ? "You’ve already sent your decisions on this quote, so nothing was changed."
               : "This quote can no longer be answered, so nothing was changed.";
}

std::string choices_query(const Quote& q, const std::vector<std::string>& choices) {
    std::string out;
    for (size_t i = 0; i < q.lines.size(); ++i)
        if (!choices[i].empty())
            out += (out.empty() ? "?" : "&") + item_field(q.lines[i].position) + "=" + choices[i];
    return out;
}

void fill_line(Ctx& c, ctemplate::TemplateDictionary& d, const Quote& q, const portal::QuoteLine& l,
               const std::string& choice) {
    portal::set(d, "POSITION", l.position);
    d.SetValue("FIELD", item_field(l.position));
    d.SetValue("CATEGORY", l.category);
    d.SetValue("CATEGORY_LABEL", category_label(l.category));
    portal::set(d, "TITLE", l.title);
    portal::set(d, "AMOUNT", money(c, l.gross_minor));
    portal::set(d, "GROSS_MINOR", l.gross_minor);
    if (!l.description.empty())
        portal::set(*d.AddSectionDictionary("DESCRIPTION"), "TEXT", l.description);
    if (!l.notes.empty() && l.notes != l.description) {
        auto* notes = d.AddSectionDictionary("NOTES");
        portal::set(*notes, "TECHNICIAN", q.technician);
        portal::set(*notes, "TEXT", l.notes);
    }
    auto* photos = l.photos.empty() ? nullptr : d.AddSectionDictionary("PHOTOS");
    for (const auto& p : l.photos) {
        auto* photo = photos->AddSectionDictionary("PHOTO");
        photo->SetValue("URL",
                        "/quotes/" + std::to_string(q.id) + "/photos/" + std::to_string(p.id));
        portal::set(*photo, "CAPTION", p.caption.empty() ? l.title : p.caption);
    }
    if (l.labour_centi > 0) {
        auto* labour = d.AddSectionDictionary("LABOUR");
        labour->SetValue("HOURS", portal::hundredths(l.labour_centi));
        labour->SetValue("RATE", money(c, l.rate_minor));
        labour->SetValue("TOTAL", money(c, l.labour_minor));
    }
    for (const auto& p : l.parts) {
        auto* part = d.AddSectionDictionary("PART");
        portal::set(*part, "NAME", p.name);
        portal::set(*part, "QUANTITY", p.quantity);
        part->SetValue("UNIT", money(c, p.unit_minor));
        part->SetValue("TOTAL", money(c, p.total_minor));
    }
    d.SetValue("VAT_RATE", portal::hundredths(q.vat_basis_points));
    d.SetValue("VAT", money(c, l.vat_minor));
    if (l.category == "safety" && l.approve_percent >= 0)
        portal::set(*d.AddSectionDictionary("APPROVAL"), "PERCENT", l.approve_percent);
    if (q.open()) {
        auto* choose = d.AddSectionDictionary("CHOOSE");
        if (choice == "approve") choose->SetValue("APPROVE_CHECKED", "checked");
        if (choice == "decline") choose->SetValue("DECLINE_CHECKED", "checked");
    } else if (!l.decision.empty()) {
        auto* decided = d.AddSectionDictionary("DECIDED");
        decided->SetValue("DECISION", l.decision);
        decided->SetValue("DECISION_LABEL", l.decision == "approved" ? "Approved" : "Declined");
    }
}

// The quote page; `problem` is an error to show above the items (422, 409).
void render_quote(Ctx& c, const Quote& q, const std::vector<std::string>& choices,
                  const std::string& problem, int status) {
    auto& d = c.page("quotes.tpl", "Quote for your " + q.vehicle());
    portal::set(d, "QUOTE_ID", q.id);
    portal::set(d, "VEHICLE", q.vehicle());
    portal::set(d, "REGISTRATION", q.registration);
    portal::set(d, "REFERENCE", q.reference);
    portal::set(d, "TECHNICIAN", q.technician);
    portal::set(d, "SENT", q.sent_at);
    d.SetValue("CURRENCY", c.garage.currency);
    if (!problem.empty()) portal::set(*d.AddSectionDictionary("PROBLEM"), "TEXT", problem);
    if (c.field("notice") == "sent") d.ShowSection("SENT_NOTICE");
    long approved_total = 0;
    for (size_t i = 0; i < q.lines.size(); ++i) {
        fill_line(c, *d.AddSectionDictionary("LINE"), q, q.lines[i], choices[i]);
        if (q.open() ? choices[i] == "approve" : q.lines[i].decision == "approved")
            approved_total += q.lines[i].gross_minor;
    }
    d.SetValue("APPROVED_TOTAL", money(c, approved_total));
    if (q.open()) {
        d.ShowSection("OPEN");
        if (!q.expires_at.empty())
            portal::set(*d.AddSectionDictionary("EXPIRES"), "WHEN", q.expires_at);
    } else {
        portal::set(*d.AddSectionDictionary("CLOSED"), "REASON", q.closed_reason());
    }
    c.render(status);
}

// GET /quotes/<id> — 200; 404 when it isn't this customer's. ?item<n>= preselects choices
// (coming back from the confirmation step).
void show_quote(Ctx& c) {
    pqxx::read_transaction tx(c.db.conn());
    Quote q = find_quote(c, tx, false);
    render_quote(c, q, choices_of(c, q), "", 200);
}

// GET /quotes/<id>/confirm — 200 the confirmation step with the total; 422 back to the quote
// when an item has no choice; 409 when the quote can no longer be decided.
void confirm_quote(Ctx& c) {
    pqxx::read_transaction tx(c.db.conn());
    Quote q = find_quote(c, tx, false);
    auto choices = choices_of(c, q);
    if (!q.open()) return render_quote(c, q, choices, unchanged(q), 409);
    if (!complete(c, q, choices))
        return render_quote(c, q, choices,
                            "Please choose “Go ahead with the fix” or “Decline” for every item.",
                            422);
    auto& d = c.page("quote_confirm.tpl", "Confirm your decisions");
    portal::set(d, "QUOTE_ID", q.id);
    portal::set(d, "VEHICLE", q.vehicle());
    portal::set(d, "REFERENCE", q.reference);
    long total = 0;
    ctemplate::TemplateDictionary *approved = nullptr, *declined = nullptr;
    for (size_t i = 0; i < q.lines.size(); ++i) {
        const auto& l = q.lines[i];
        bool yes = choices[i] == "approve";
        auto*& list = yes ? approved : declined;
        if (!list) list = d.AddSectionDictionary(yes ? "APPROVED" : "DECLINED");
        auto* item = list->AddSectionDictionary("ITEM");
        portal::set(*item, "TITLE", l.title);
        item->SetValue("AMOUNT", money(c, l.gross_minor));
        auto* hidden = d.AddSectionDictionary("CHOICE");
        hidden->SetValue("FIELD", item_field(l.position));
        hidden->SetValue("VALUE", choices[i]);
        if (yes) total += l.gross_minor;
    }
    d.SetValue("TOTAL", money(c, total));
    d.SetValue("BACK", "/quotes/" + std::to_string(q.id) + choices_query(q, choices));
    c.render();
}

void tell_garage(Ctx& c, pqxx::transaction_base& tx, const Quote& q,
                 const std::vector<bool>& approved) {
    ctemplate::TemplateDictionary dict("quote_decision");
    const auto& who = *c.customer;
    portal::set(dict, "CUSTOMER_NAME", who.first_name + " " + who.last_name);
    portal::set(dict, "CUSTOMER_EMAIL", who.email);
    portal::set(dict, "REFERENCE", q.reference);
    portal::set(dict, "VEHICLE", q.vehicle());
    portal::set(dict, "REGISTRATION", q.registration);
    long total = 0;
    int yes = 0;
    for (size_t i = 0; i < q.lines.size(); ++i) {
        auto* item = dict.AddSectionDictionary("ITEM");
        portal::set(*item, "TITLE", q.lines[i].title);
        item->SetValue("DECISION", approved[i] ? "APPROVED" : "declined");
        item->SetValue("AMOUNT", money(c, q.lines[i].gross_minor));
        if (approved[i]) total += q.lines[i].gross_minor, ++yes;
    }
    dict.SetValue("TOTAL", money(c, total));
    portal::OutgoingEmail m;
    m.to = c.garage.email;
    m.subject = "Quote answered: " + q.reference + " (" + q.registration + ") – " +
                std::to_string(yes) + " approved, " + std::to_string(q.lines.size() - yes) +
                " declined";
    m.purpose = "quote_decision";
    c.queue_email(tx, "quote_decision", dict, m);
}

// POST /quotes/<id>/decide — 303 to the read-only quote; 409 (nothing changed, and why) when
// already decided, withdrawn or expired; 422 when an item has no choice; 404 when not theirs.
void decide_quote(Ctx& c) {
    pqxx::work tx(c.db.conn());
    Quote q = find_quote(c, tx, true);
    auto choices = choices_of(c, q);
    if (!q.open()) {
        c.note("quote not open: " + q.status);
        return render_quote(c, q, choices, unchanged(q), 409);
    }
    if (!complete(c, q, choices))
        return render_quote(c, q, choices,
                            "Please choose “Go ahead with the fix” or “Decline” for every item.",
                            422);
    std::vector<bool> approved;
    for (const auto& ch : choices) approved.push_back(ch == "approve");
    portal::record_decisions(tx, q, approved, c.req.remote_addr, c.customer->session_id);
    tell_garage(c, tx, q, approved);
    tx.commit();
    c.res.redirect("/quotes/" + std::to_string(q.id) + "?notice=sent");
}

// GET /quotes/<id>/photos/<photo> — the photo, sent by nginx from the private files with the
// type its bytes say; 404 when the photo isn't on this customer's quote; 500 when the stored file
// is missing or of a type the portal never sends.
void show_photo(Ctx& c) {
    pqxx::read_transaction tx(c.db.conn());
    long quote_id = std::stol(std::string(c.field("id")));
    long photo_id = std::stol(std::string(c.field("photo")));
    auto path = portal::quote_photo_path(tx, c.garage, c.customer->id, quote_id, photo_id);
    if (!path) throw portal::HttpError(404, "We couldn't find that photo.", "no such photo");
    c.res.send_file(portal::private_file(
        c.config.files_dir, *path,
        "quote-" + std::to_string(quote_id) + "-photo-" + std::to_string(photo_id)));
}

portal::Route& with_choices(portal::Route& r) {
    for (int i = 1; i <= portal::kMaxQuoteItems; ++i)
        r.optional(item_field(i).c_str(), v::one_of({"approve", "decline"}));
    return r;
}

}  // namespace

int main() {
    portal::App app("quotes");
    auto id = v::integer(1, LONG_MAX);
    with_choices(app.get("/quotes/{id}", show_quote).segment("id", id))
        .optional("notice", v::one_of({"sent"}));
    with_choices(app.get("/quotes/{id}/confirm", confirm_quote).segment("id", id));
    with_choices(app.post("/quotes/{id}/decide", decide_quote).segment("id", id));
    app.get("/quotes/{id}/photos/{photo}", show_photo).segment("id", id).segment("photo", id);
    return app.run();
}
