// My Profile and communication preferences (seed: "My Profile"): how the customer is addressed,
// the consent toggles with their audit trail, and the one-click unsubscribe of reminder and offer
// emails (RFC 8058), which works without signing in.
#include "app.h"
#include "consents.h"
#include "ratelimit.h"
#include "salutation.h"
#include "unsubscribe.h"

namespace {

using portal::Ctx;
namespace v = portal::v;

const portal::Statement kSaveSalutation{"profile_save_salutation",
                                        "UPDATE customers SET salutation = $3, title = nullif($4, "
                                        "'') WHERE garage_id = $1 AND id = $2"};

// Links we never made, from one address: guessing a 256-bit token is hopeless, but whoever tries
// is stopped early all the same.
const portal::Limit kUnknownLinks{"unknown unsubscribe links", 20, 60 * 60};

const char* kNoTitle = "To be addressed by title and surname, please choose your title as well.";

// The profile page; `problem` is what was wrong with the form (422), shown above it.
void render_profile(Ctx& c, const std::string& salutation, const std::string& title,
                    const std::string& problem, int status) {
    const auto& who = *c.customer;
    auto& d = c.page("profile.tpl", "My Profile");
    portal::set(d, "EMAIL", who.email);
    if (!problem.empty()) portal::set(*d.AddSectionDictionary("PROBLEM"), "TEXT", problem);
    if (c.field("notice") == "saved") d.ShowSection("SAVED");
    for (const auto& choice : portal::salutation_choices(title, who.first_name, who.last_name)) {
        auto* o = d.AddSectionDictionary("CHOICE");
        o->SetValue("CODE", choice.code);
        o->SetValue("LABEL", choice.label);
        portal::set(*o, "EXAMPLE", choice.example);
        if (salutation == choice.code) o->SetValue("CHECKED", "checked");
    }
    auto* none = d.AddSectionDictionary("TITLE");
    none->SetValue("VALUE", "none");
    none->SetValue("LABEL", "None");
    if (title.empty()) none->SetValue("SELECTED", "selected");
    for (const auto& t : portal::kTitles) {
        auto* o = d.AddSectionDictionary("TITLE");
        o->SetValue("VALUE", t);
        o->SetValue("LABEL", t);
        if (t == title) o->SetValue("SELECTED", "selected");
    }
    c.render(status);
}

// GET /profile — 200.
void show_profile(Ctx& c) {
    render_profile(c, c.customer->salutation, c.customer->title, "", 200);
}

// POST /profile — 303 back to the page, which now greets them so; 422 (nothing saved) for
// "title and surname" without a title.
void save_profile(Ctx& c) {
    std::string salutation(c.field("salutation"));
    std::string title = c.field("title") == "none" ? "" : std::string(c.field("title"));
    if (salutation == "title_last_name" && title.empty())
        return render_profile(c, salutation, title, kNoTitle, 422);
    pqxx::work tx(c.db.conn());
    tx.exec_prepared(kSaveSalutation.name, c.garage.id, c.customer->id, salutation, title);
    tx.commit();
    c.res.redirect("/profile?notice=saved");
}

// Who made the last change, as the customer reads it.
const char* changed_by(const portal::ConsentChange& change) {
    const std::string& source = change.source;
    return change.initial            ? "when your account was set up"
           : source == "portal"      ? "by you"
           : source == "unsubscribe" ? "by you, from the unsubscribe link in an email"
           : source == "garage"      ? "by the garage"
                                     : "when your account was set up";
}

// GET /profile/preferences — 200.
void show_preferences(Ctx& c) {
    pqxx::read_transaction tx(c.db.conn());
    auto consents = portal::load_consents(tx, c.garage.id, c.customer->id);
    auto last = portal::last_consent_change(tx, c.garage.id, c.customer->id, c.garage.timezone);
    auto& d = c.page("profile_preferences.tpl", "Communication preferences");
    if (c.field("notice") == "saved") d.ShowSection("SAVED");
    for (const auto& k : consents) {
        auto* t = d.AddSectionDictionary("CATEGORY");
        t->SetValue("CODE", k.code);
        portal::set(*t, "NAME", k.name);
        portal::set(*t, "DESCRIPTION", k.description);
        if (k.granted || k.locked) t->SetValue("CHECKED", "checked");
        if (k.locked) t->ShowSection("LOCKED");
    }
    if (last) {
        auto* l = d.AddSectionDictionary("LAST_CHANGE");
        portal::set(*l, "NAME", last->name);
        l->SetValue("STATE", last->granted ? "on" : "off");
        portal::set(*l, "WHEN", last->when);
        l->SetValue("BY", changed_by(*last));
    }
    c.render();
}

// POST /profile/preferences — 303 back to the page. A ticked box is "on"; an absent one is off,
// except work order updates while a job is open, which stay on whatever the form says.
void save_preferences(Ctx& c) {
    pqxx::work tx(c.db.conn());
    portal::ConsentChanger by{"portal", c.req.remote_addr, c.customer->session_id};
    int changed = 0;
    for (const auto& k : portal::load_consents(tx, c.garage.id, c.customer->id)) {
        if (k.locked) continue;
        changed += portal::set_consent(tx, c.garage.id, c.customer->id, k.code,
                                       c.field(k.code) == "on", by);
    }
    tx.commit();
    c.note("consents changed: " + std::to_string(changed));
    c.res.redirect("/profile/preferences?notice=saved");
}

// The unsubscribe page: what the link does, or why it does nothing.
void render_unsubscribe(Ctx& c, const portal::UnsubscribeLink& link, bool done, int status) {
    auto& d = c.page("profile_unsubscribe.tpl", "Unsubscribe");
    if (link.state == portal::UnsubscribeState::invalid) {
        d.ShowSection("INVALID");
    } else if (link.state == portal::UnsubscribeState::used && !done) {
        d.ShowSection("USED");
    } else {
        auto* s = d.AddSectionDictionary(done ? "DONE" : "ASK");
        portal::set(*s, "NAME", link.category_name);
        s->SetValue("PATH", c.req.path);
    }
    c.res.header("Cache-Control", "no-store");
    c.render(status);
}

std::string unknown_links_key(Ctx& c) {
    return portal::limit_key("unsubscribe:ip",
                             std::to_string(c.garage.id) + "|" + c.req.remote_addr);
}

// Refuses (429) an address that has tried too many links we never made.
void check_unknown_links(Ctx& c, pqxx::transaction_base& tx) {
    if (portal::exhausted(tx, kUnknownLinks, unknown_links_key(c)))
        throw portal::HttpError(429, "", "too many unknown unsubscribe links");
}

void count_unknown_link(Ctx& c, pqxx::transaction_base& tx, const portal::UnsubscribeLink& link) {
    if (link.state == portal::UnsubscribeState::invalid)
        portal::count_event(tx, kUnknownLinks, unknown_links_key(c));
}

// GET /unsubscribe/<token> — 200 a page with one "Unsubscribe" button (a mail scanner opening the
// link changes nothing); 404 for a link we never made; 410 for one already used or too old; 429
// after too many unknown links from one address.
void ask_unsubscribe(Ctx& c) {
    pqxx::work tx(c.db.conn());
    check_unknown_links(c, tx);
    auto link = portal::peek_unsubscribe(tx, c.garage.id, c.field("token"));
    count_unknown_link(c, tx, link);
    tx.commit();
    int status = link.state == portal::UnsubscribeState::ok        ? 200
                 : link.state == portal::UnsubscribeState::invalid ? 404
                                                                   : 410;
    render_unsubscribe(c, link, false, status);
}

// POST /unsubscribe/<token> — the button, or a mail client's one-click POST
// ("List-Unsubscribe=One-Click", RFC 8058 §3.2, with no cookie): 200 unsubscribed, recorded in
// the audit trail; 404 for a link we never made; 410 for one already used or too old; 429 after
// too many unknown links from one address.
void unsubscribe(Ctx& c) {
    pqxx::work tx(c.db.conn());
    check_unknown_links(c, tx);
    auto link = portal::use_unsubscribe(tx, c.garage.id, c.field("token"), c.req.remote_addr);
    count_unknown_link(c, tx, link);
    tx.commit();
    if (link.state != portal::UnsubscribeState::ok) c.note("unsubscribe link not usable");
    int status = link.state == portal::UnsubscribeState::ok        ? 200
                 : link.state == portal::UnsubscribeState::invalid ? 404
                                                                   : 410;
    render_unsubscribe(c, link, link.state == portal::UnsubscribeState::ok, status);
}

}  // namespace

int main() {
    portal::App app("profile");
    auto saved = v::one_of({"saved"});
    app.get("/profile", show_profile).optional("notice", saved);
    app.post("/profile", save_profile)
        .field("salutation", v::one_of({"first_name", "title_last_name", "full_name"}))
        .field("title", v::one_of({"none", "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr"}));
    app.get("/profile/preferences", show_preferences).optional("notice", saved);
    auto& save = app.post("/profile/preferences", save_preferences);
    for (const char* code : {"work_order_updates", "service_reminders", "offers", "whatsapp"})
        save.optional(code, v::one_of({"on"}));
    app.get("/unsubscribe/{token}", ask_unsubscribe)
        .segment("token", v::token())
        .public_page()
        .secret_path();
    // RFC 8058 §3.1: the one-click POST may come as multipart/form-data, or urlencoded.
    portal::MultipartLimits one_click;
    one_click.max_files = 0;
    one_click.max_file_bytes = 0;
    one_click.max_total_bytes = 4096;
    app.post("/unsubscribe/{token}", unsubscribe)
        .segment("token", v::token())
        .uploads(one_click)
        .optional("List-Unsubscribe", v::one_of({"One-Click"}))
        .public_page()
        .secret_path()
        .token_is_the_proof();
    return app.run();
}
