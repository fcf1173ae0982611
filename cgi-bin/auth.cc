// Landing of magic links, password-reset links and SMS/WhatsApp deep links: /auth/<token>.
// Mail scanners open links and even submit forms, so a GET consumes nothing — except in the
// very browser that asked for the link (it holds the pending-sign-in cookie).
#include "app.h"
#include "auth_tokens.h"
#include "customers.h"
#include "password.h"

namespace {

using portal::Ctx;
using portal::TokenState;
namespace v = portal::v;

void refuse(Ctx& c, TokenState state) {
    c.note(state == TokenState::expired ? "token expired" : "token invalid");
    c.res.redirect(portal::with_query(
        "/login", {{"notice", state == TokenState::expired ? "expired" : "invalid"}}));
}

void show_reset_form(Ctx& c, const char* problem, int status) {
    auto& d = c.page("reset.tpl", "Choose a new password");
    d.SetValue("ACTION", "/auth/" + std::string(c.field("token")));
    if (problem) d.AddSectionDictionary("NOTICE")->SetValue("TEXT", problem);
    c.render(status);
}

// GET /auth/<token> — 303 into the portal for the browser that asked for the link (or one
// already signed in as the same customer); else 200 with a "Sign in" button or the new-password
// form; 303 to /login with the expired or invalid message.
void land(Ctx& c) {
    pqxx::work tx(c.db.conn());
    portal::TokenInfo t = portal::peek_token(tx, c.garage.id, c.field("token"),
                                             c.req.token_cookie(portal::kPendingCookie));
    std::string destination = t.redirect_path.empty() ? "/" : t.redirect_path;
    if (c.customer && t.customer_id == c.customer->id && t.purpose != "password_reset") {
        c.res.redirect(destination);  // an old link opened again where they are signed in
        return;
    }
    if (t.state != TokenState::ok) return refuse(c, t.state);
    if (t.purpose == "password_reset") return show_reset_form(c, nullptr, 200);
    if (t.pending_matches) {
        t = portal::consume_token(tx, c.garage.id, c.field("token"));
        if (t.state != TokenState::ok) return refuse(c, t.state);
        c.sign_in(tx, t.customer_id, t.purpose.c_str());
        tx.commit();
        c.res.redirect(destination);
        return;
    }
    auto& d = c.page("auth.tpl", "Sign in");
    d.SetValue("ACTION", "/auth/" + std::string(c.field("token")));
    c.render();
}

// POST /auth/<token> — 303 into the portal, signed in (a reset also sets the password and
// ends every other session); 422 for a refused new password (the link stays usable); 303 to
// /login with the expired or invalid message.
void confirm(Ctx& c) {
    pqxx::work tx(c.db.conn());
    portal::TokenInfo t = portal::peek_token(tx, c.garage.id, c.field("token"), "");
    if (t.state != TokenState::ok) return refuse(c, t.state);

    if (t.purpose == "password_reset") {
        std::optional<portal::CustomerAccount> who =
            portal::customer_by_id(tx, c.garage.id, t.customer_id);
        if (!who) throw portal::NotFound("We couldn't find that customer.");
        std::string problem =
            portal::password_problem(c.field("new_password"), c.field("confirm_password"),
                                     {who->first_name, who->last_name,
                                      who->email.substr(0, who->email.find('@')), c.garage.name});
        if (!problem.empty()) return show_reset_form(c, problem.c_str(), 422);
    } else if (c.has("new_password") || c.has("confirm_password")) {
        throw portal::HttpError(400, "", "password fields on a sign-in link");
    }

    t = portal::consume_token(tx, c.garage.id, c.field("token"));
    if (t.state != TokenState::ok) return refuse(c, t.state);
    if (t.purpose == "password_reset") {
        // A reset is a change made by email: the same rule as the password page, the current
        // password being what the customer forgot (every token retired, every session ended).
        portal::store_password(tx, c.garage.id, t.customer_id, c.field("new_password"));
        portal::retire_all_tokens(tx, c.garage.id, t.customer_id);
        portal::end_other_sessions(tx, c.garage.id, t.customer_id, 0);
        c.customer.reset();  // that session was just ended with the others
        c.sign_in(tx, t.customer_id, "reset");
        tx.commit();
        c.res.redirect("/?notice=password_reset");
        return;
    }
    c.sign_in(tx, t.customer_id, t.purpose.c_str());
    tx.commit();
    c.res.redirect(t.redirect_path.empty() ? "/" : t.redirect_path);
}

}  // namespace

int main() {
    portal::App app("auth");
    app.get("/auth/{token}", land).public_page().secret_path().segment("token", v::token());
    app.post("/auth/{token}", confirm)
        .public_page()
        .secret_path()
        .segment("token", v::token())
        .optional("new_password", v::line(1024))
        .optional("confirm_password", v::line(1024));
    return app.run();
}
