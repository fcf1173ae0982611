// The signed-in welcome page: "Track your vehicle's progress at [garage name]", and the password
// upgrade card (seed: "Password upgrade prompt"). The jobs, tiles and strip arrive with the home
// page issue; until then this is the page every sign-in lands on.
#include "app.h"
#include "password.h"

namespace {

using portal::Ctx;
namespace v = portal::v;

void render_home(Ctx& c, const char* problem, int status) {
    auto& d = c.page("home.tpl", "Welcome");
    d.SetValue("NAME", c.customer->display_name());
    if (!c.customer->has_password) {
        auto* card = d.AddSectionDictionary("PASSWORD_CARD");
        if (problem) {
            card->SetValue("OPEN", "open");
            card->AddSectionDictionary("NOTICE")->SetValue("TEXT", problem);
        }
    }
    std::string_view notice = c.field("notice");
    if (notice == "password_set")
        d.AddSectionDictionary("NOTICE")->SetValue(
            "TEXT", "Your password is set. Next time you can sign in with the Password tab.");
    if (notice == "password_reset")
        d.AddSectionDictionary("NOTICE")->SetValue(
            "TEXT", "Your password has been changed, and you've been signed out everywhere else.");
    c.render(status);
}

// GET / — 200.
void show_home(Ctx& c) { render_home(c, nullptr, 200); }

// POST /password — 303 to / when set; 422 with the rule that failed; 303 to a fresh sign-in
// when the last one is older than 15 minutes (a sensitive change).
void set_password(Ctx& c) {
    if (!c.customer->recently_signed_in) {
        c.note("password change needs a recent sign-in");
        c.res.redirect("/login?notice=reauth&next=%2F");
        return;
    }
    std::string problem = portal::password_problem(
        c.field("new_password"), c.field("confirm_password"),
        {c.customer->first_name, c.customer->last_name,
         c.customer->email.substr(0, c.customer->email.find('@')), c.garage.name});
    if (!problem.empty()) return render_home(c, problem.c_str(), 422);
    pqxx::work tx(c.db.conn());
    portal::store_password(tx, c.garage.id, c.customer->id, c.field("new_password"));
    tx.commit();
    c.res.redirect("/?notice=password_set");
}

}  // namespace

int main() {
    portal::App app("home");
    app.get("/", show_home).optional("notice", v::one_of({"password_set", "password_reset"}));
    app.post("/password", set_password)
        .field("new_password", v::line(1024))
        .field("confirm_password", v::line(1024));
    return app.run();
}
