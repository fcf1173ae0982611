// The signed-in home page (seed: "What the portal shows"): the welcome, the first-visit strip,
// the single-job hero, the tile grid or the empty state, the password upgrade card and Your Jobs
// (the first kJobsShown active jobs, all of them at /?jobs=all).
#include <algorithm>

#include "app.h"
#include "format.h"
#include "job_cards.h"
#include "password_form.h"

namespace {

using portal::Ctx;
namespace v = portal::v;

// A fleet customer may have dozens of active jobs: the page shows this many tiles and cards and
// links to the rest (issue 16: a customer's own data is bounded on the page too).
constexpr size_t kJobsShown = 20;

// Everything the page shows, found with the session itself in one round trip: one row per
// active job (one row of nulls when there are none) with the strip flag and the tile counts.
// The counts find the customer through the session token again, so they don't depend on the
// row: PostgreSQL runs each once (an InitPlan), not once per active job.
const char* const kSessionCustomer =
    " FROM sessions me WHERE me.token_hash = decode($1, 'hex') AND me.garage_id = $2";
const portal::Statement kHome{
    "home_page",
    portal::session_select(
        std::string(
            "c.welcome_strip_dismissed_at IS NOT NULL AS strip_dismissed,"
            " (SELECT count(*) FROM conversations cv JOIN messages m"
            "   ON m.garage_id = cv.garage_id AND m.conversation_id = cv.id"
            "   WHERE (cv.garage_id, cv.customer_id) = (SELECT me.garage_id, me.customer_id") +
            kSessionCustomer +
            ") AND m.author = 'garage' AND m.read_at IS NULL) AS unread,"
            " (SELECT count(*) FROM invoices i"
            "   WHERE (i.garage_id, i.customer_id) = (SELECT me.garage_id, me.customer_id" +
            kSessionCustomer +
            ") AND i.status = 'unpaid') AS unpaid,"
            " w.id IS NOT NULL AS has_job, " +
            portal::kJobColumns,
        "LEFT JOIN work_orders w ON w.garage_id = c.garage_id AND w.customer_id = c.id"
        "  AND w.closed_at IS NULL"
        " LEFT JOIN vehicles v ON v.garage_id = w.garage_id AND v.id = w.vehicle_id",
        "")};
const portal::Statement kDismissStrip{
    "home_dismiss_strip",
    "UPDATE customers SET welcome_strip_dismissed_at = coalesce(welcome_strip_dismissed_at, now())"
    " WHERE garage_id = $1 AND id = $2"};

// A tile's detail line: "2 unread", or what it means when there are none.
void count_line(ctemplate::TemplateDictionary& d, const char* name, long n, const char* some,
                const char* none) {
    d.SetValue(name, n > 0 ? std::to_string(n) + " " + some : none);
}

// What the page shows, read from kHome's rows.
struct Home {
    bool strip_dismissed = false;
    long unread = 0, unpaid = 0;
    std::vector<portal::Job> jobs;  // active, oldest booking first
};

Home read_home(const pqxx::result& r) {
    Home h;
    const pqxx::row first = r.at(0);
    h.strip_dismissed = first["strip_dismissed"].as<bool>();
    h.unread = first["unread"].as<long>();
    h.unpaid = first["unpaid"].as<long>();
    for (const auto& row : r)
        if (row["has_job"].as<bool>()) h.jobs.push_back(portal::read_job(row));
    std::sort(h.jobs.begin(), h.jobs.end(), portal::booked_before);
    return h;
}

void render_home(Ctx& c, const Home& home, const char* problem, int status) {
    // The jobs shown: the first kJobsShown unless the customer asked for all (?jobs=all). Every
    // active job's quote banner still shows: a hidden job's quote awaits a decision all the same.
    const bool all_jobs = c.field("jobs") == "all";
    const std::vector<portal::Job> jobs(
        home.jobs.begin(),
        home.jobs.begin() + static_cast<long>(all_jobs ? home.jobs.size()
                                                       : std::min(home.jobs.size(), kJobsShown)));
    auto& d = c.page("home.tpl", "Welcome");
    d.SetValue("NAME", c.customer->display_name());

    // The strip shows while the browser that first signed in keeps its session cookie.
    if (!c.req.cookie(portal::kWelcomeCookie).empty()) {
        if (home.strip_dismissed)
            c.res.set_cookie(portal::clear_cookie(portal::kWelcomeCookie));
        else
            c.layout().ShowSection("WELCOME_STRIP");
    }

    auto* tiles = d.AddSectionDictionary("TILES");
    count_line(*tiles, "UNREAD", home.unread, "unread", "No unread messages");
    count_line(*tiles, "UNPAID", home.unpaid, "unpaid", "Nothing to pay");
    if (jobs.size() == 1) {
        const auto& job = jobs[0];
        auto* hero = d.AddSectionDictionary("HERO");
        portal::set(*hero, "REFERENCE", job.reference);
        portal::set(*hero, "VEHICLE", job.vehicle());
        hero->SetValue("STATUS_LABEL", portal::status_label(job.status));
        hero->SetValue("STATUS", job.status);
        portal::set(*hero, "READY", portal::ready_line(job));
    } else if (jobs.empty()) {
        auto* empty = d.AddSectionDictionary("EMPTY");
        if (!c.garage.main_phone.empty())
            empty->AddSectionDictionary("CALL")->SetValue("DIAL",
                                                          portal::dial_string(c.garage.main_phone));
    } else {
        for (const auto& job : jobs) {
            auto* tile = tiles->AddSectionDictionary("JOB_TILE");
            portal::set(*tile, "REFERENCE", job.reference);
            portal::set(*tile, "VEHICLE", job.vehicle());
            portal::set(*tile, "REGISTRATION", job.registration);
            tile->SetValue("STATUS", job.status);
            tile->SetValue("STATUS_LABEL", portal::status_label(job.status));
            portal::set(*tile, "READY", portal::ready_line(job));
        }
    }
    for (const auto& job : home.jobs) portal::add_quote_banner(d, job);

    if (!c.customer->has_password) {
        auto* card = d.AddSectionDictionary("PASSWORD_CARD");
        if (problem) {
            card->SetValue("OPEN", "open");
            card->AddSectionDictionary("NOTICE")->SetValue("TEXT", problem);
        }
    } else if (problem) {  // a change of an existing password, posted from elsewhere
        d.AddSectionDictionary("NOTICE")->SetValue("TEXT", problem);
    }
    if (jobs.empty()) d.ShowSection("NO_JOBS");
    for (const auto& job : jobs) portal::add_job_card(*d.AddSectionDictionary("JOB"), job);
    if (jobs.size() < home.jobs.size())
        d.AddSectionDictionary("MORE_JOBS")->SetValue("COUNT", std::to_string(home.jobs.size()));

    std::string_view notice = c.field("notice");
    if (notice == "password_set")
        d.AddSectionDictionary("NOTICE")->SetValue(
            "TEXT", portal::password_notice(portal::PasswordChange::first_set));
    if (notice == "password_changed" || notice == "password_reset")
        d.AddSectionDictionary("NOTICE")->SetValue(
            "TEXT", portal::password_notice(portal::PasswordChange::changed));
    c.render(status);
}

// GET / — 200; ?jobs=all lists every active job.
void show_home(Ctx& c) {
    render_home(c, c.session_data<Home>(), nullptr, 200);
}

// POST /welcome/dismiss — 303 to /: the strip's X; it never shows again for this customer.
void dismiss_strip(Ctx& c) {
    pqxx::work tx(c.db.conn());
    tx.exec_prepared(kDismissStrip.name, c.garage.id, c.customer->id);
    tx.commit();
    c.res.set_cookie(portal::clear_cookie(portal::kWelcomeCookie));
    c.res.redirect("/");
}

// POST /password — 303 to / when set; 422 with the rule that failed or a wrong current password
// (replacing a password needs it: portal::change_password); 429 past the limit on wrong current
// passwords; 303 to a fresh sign-in when the last one is older than 15 minutes (the route's rule).
void set_password(Ctx& c) {
    portal::PasswordFormResult result = portal::submit_password_form(c);
    // The form's own page again with what was wrong (its data fetched only on this path, once
    // the change's transaction is over).
    if (!result.problem.empty())
        return render_home(c, c.fetch_session_data(kHome, read_home), result.problem.c_str(),
                           result.status);
    c.res.redirect(result.change == portal::PasswordChange::changed ? "/?notice=password_changed"
                                                                    : "/?notice=password_set");
}

}  // namespace

int main() {
    portal::App app("home");
    app.get("/", show_home)
        .with_session_data(kHome, read_home)
        .optional("notice", v::one_of({"password_set", "password_changed", "password_reset"}))
        .optional("jobs", v::one_of({"all"}));
    app.post("/welcome/dismiss", dismiss_strip);
    app.post("/password", set_password)
        .recent_sign_in("/")
        .optional("current_password", v::line(1024))
        .field("new_password", v::line(1024))
        .field("confirm_password", v::line(1024));
    return app.run();
}
