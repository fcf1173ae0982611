// The sign-in page: Email link (the default) and Password tabs, as the seed's "How customers
// access the portal" describes them. Tabs are links, so they work without JavaScript.
#include "app.h"
#include "format.h"

namespace {

using portal::Ctx;
using portal::set;
namespace v = portal::v;

// GET /login — 200; 400 for an unknown tab or a `next` that is not a local path.
void show_login(Ctx& c) {
    bool password_tab = c.field("tab") == "password";
    auto& d = c.page("login.tpl", "Sign in");
    d.SetValue("LINK_SELECTED", password_tab ? "false" : "true");
    d.SetValue("PASSWORD_SELECTED", password_tab ? "true" : "false");
    d.ShowSection(password_tab ? "LINK_HIDDEN" : "PASSWORD_HIDDEN");
    if (c.has("next")) set(*d.AddSectionDictionary("NEXT"), "NEXT_PATH", c.field("next"));
    if (!c.garage.main_phone.empty()) {
        d.AddSectionDictionary("HAS_PHONE")
            ->SetValue("PHONE_DIAL", portal::dial_string(c.garage.main_phone));
    }
    c.render();
}

}  // namespace

int main() {
    portal::App app("login");
    app.get("/login", show_login)
        .public_page()
        .optional("tab", v::one_of({"link", "password"}))
        .optional("next", v::local_path());
    return app.run();
}
