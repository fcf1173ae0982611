// Sign out: the session ends on the server, not just in the browser.
#include "app.h"

namespace {

// POST /logout — 303 to the sign-in page with "You've signed out."
void sign_out(portal::Ctx& c) {
    pqxx::work tx(c.db.conn());
    portal::end_session(tx, c.garage, c.customer->session_id);
    tx.commit();
    c.res.set_cookie(portal::clear_cookie(portal::kSessionCookie));
    c.res.redirect("/login?notice=signed_out");
}

}  // namespace

int main() {
    portal::App app("logout");
    app.post("/logout", sign_out);
    return app.run();
}
