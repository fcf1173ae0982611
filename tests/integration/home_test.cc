// The signed-in home page through nginx: the empty state, the single-job hero, the tile grid,
// the job cards with friendly dates, the first-visit welcome strip, and the forms' CSRF checks.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <cctype>
#include <random>

#include "fixtures.h"

using namespace itest;

namespace {

// A customer nobody else's test touches, with no password and no visit yet.
Customer new_customer(const std::string& garage = "smiths") {
    return itest::new_customer(garage, "home", "Hana", "Hollis");
}

std::string add_vehicle(const Customer& c, const std::string& make, const std::string& model,
                        const std::string& colour) {
    std::string tag = unique_tag();
    return sql(
        "INSERT INTO vehicles (garage_id, customer_id, registration, make, model, colour)"
        " SELECT garage_id, id, " +
        quoted(tag.substr(0, 4) + " " + tag.substr(4, 3)) + ", " + quoted(make) + ", " +
        quoted(model) + ", " + quoted(colour) + " FROM customers WHERE id = " + c.id +
        " RETURNING id");
}

std::string registration_of(const std::string& vehicle) {
    return sql("SELECT registration FROM vehicles WHERE id = " + vehicle);
}

// A job as the garage books it; the times are SQL expressions ("null" for none).
struct Job {
    std::string status = "in_progress", message = "Work in progress";
    std::string description = "Full service";
    std::string appointment = "null", ready = "null";
    std::string booked = "now() - interval '3 days'", closed = "null";
};

std::string add_job(const std::string& vehicle, const Job& j) {
    std::string reference = "WO-HOME-" + unique_tag();
    sql("INSERT INTO work_orders (garage_id, customer_id, vehicle_id, reference, status,"
        " status_message, description, appointment_at, estimated_ready_at, booked_at, closed_at)"
        " SELECT garage_id, customer_id, id, " +
        quoted(reference) + ", " + quoted(j.status) + ", " + quoted(j.message) + ", " +
        quoted(j.description) + ", " + j.appointment + ", " + j.ready + ", " + j.booked + ", " +
        j.closed + " FROM vehicles WHERE id = " + vehicle);
    return reference;
}

// The home page's tile for job `reference` ("" when there is none).
std::string tile_of(const std::string& body, const std::string& reference) {
    size_t at = body.find("<a class=\"tile job-tile\" href=\"/jobs/" + reference + "\">");
    if (at == std::string::npos) return "";
    return body.substr(at, body.find("</a>", at) - at);
}

const char* const kStrip =
    "Welcome to Smith&#39;s Garage. Your car’s status is at the top of this page, and you can "
    "message the team anytime via Messages.";

}  // namespace

BOOST_AUTO_TEST_SUITE(home)

BOOST_AUTO_TEST_CASE(a_customer_with_no_active_jobs_sees_the_empty_state_and_a_call_button) {
    Customer c = new_customer();
    Browser b = sign_in(c);
    Reply r = b.get("/");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.has("<h1>Welcome, Hana</h1>"));
    BOOST_TEST(r.has("Track your vehicle’s progress at Smith&#39;s Garage"));
    BOOST_TEST(r.has("<h2>Your garage is ready when you are</h2>"));
    BOOST_TEST(r.has("href=\"tel:+442079460321\">Call Smith&#39;s Garage</a>"));
    BOOST_TEST(r.has("<h3>No active jobs</h3>"));
    BOOST_TEST(r.has("When you book with us, you’ll see your car’s status here."));
    BOOST_TEST(r.has("<a href=\"/messages\">View Messages</a>"));
    BOOST_TEST(r.has("<a href=\"/invoices\">View Invoices</a>"));  // seed: "A View Invoices link"
    BOOST_TEST(!r.has("class=\"hero\""));
    BOOST_TEST(!r.has("job-tile"));
    BOOST_TEST(!r.has("job-card"));
}

BOOST_AUTO_TEST_CASE(exactly_one_active_job_is_the_hero_linking_to_its_status_page) {
    Customer c = new_customer();
    Job j;
    j.ready = london(0, "16:00");
    std::string ref = add_job(add_vehicle(c, "Ford", "Fiesta", "Blue"), j);
    Browser b = sign_in(c);
    Reply r = b.get("/");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.has("<a class=\"hero\" href=\"/jobs/" + ref + "\">"));
    BOOST_TEST(
        r.has("<span class=\"hero-text\">Your Ford Fiesta - In Progress. Estimated ready "
              "today, 4:00 pm</span>"));
    // The Messages and Invoices tiles still appear below the hero; no job tiles, no empty state.
    BOOST_TEST(
        r.has("<a class=\"tile\" href=\"/messages\"><span class=\"tile-title\">Messages</span>"));
    BOOST_TEST(
        r.has("<a class=\"tile\" href=\"/invoices\"><span class=\"tile-title\">Invoices</span>"));
    BOOST_TEST(r.body.find("class=\"hero\"") < r.body.find("class=\"tiles\""));
    BOOST_TEST(!r.has("job-tile"));
    BOOST_TEST(!r.has("Your garage is ready when you are"));
    BOOST_TEST(!r.has("No active jobs"));
    BOOST_TEST(count(r.body, "<article class=\"card job-card\"") == 1u);
}

BOOST_AUTO_TEST_CASE(a_hero_without_an_estimate_says_the_status_message) {
    Customer c = new_customer();
    Job j;
    j.status = "ready";
    j.message = "Ready for collection";
    j.ready = london(0, "16:00");  // past its use: a ready car says its message instead
    add_job(add_vehicle(c, "Honda", "Jazz", "White"), j);
    Browser b = sign_in(c);
    Reply r = b.get("/");
    BOOST_TEST(
        r.has("<span class=\"hero-text\">Your Honda Jazz - Ready. Ready for collection</span>"));
}

BOOST_AUTO_TEST_CASE(two_active_jobs_show_a_tile_each_and_no_hero) {
    Customer c = new_customer();
    std::string golf = add_vehicle(c, "Volkswagen", "Golf", "Grey");
    std::string van = add_vehicle(c, "Ford", "Transit Custom", "White");
    Job first;
    first.status = "scheduled";
    first.message = "Booked in";
    first.ready = london(1, "17:00");
    first.booked = "now() - interval '8 days'";
    Job second;
    second.status = "awaiting_parts";
    second.message = "Waiting for the flywheel";
    second.ready = london(3, "17:00");
    second.booked = "now() - interval '2 days'";
    std::string ref1 = add_job(golf, first), ref2 = add_job(van, second);
    std::string ready2 = sql("SELECT portal_time(" + london(3, "17:00") + ", 'Europe/London')");

    Browser b = sign_in(c);
    Reply r = b.get("/");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(!r.has("class=\"hero\""));
    BOOST_TEST(!r.has("Your garage is ready when you are"));
    BOOST_TEST(count(r.body, "<a class=\"tile job-tile\"") == 2u);
    std::string golf_tile = tile_of(r.body, ref1), van_tile = tile_of(r.body, ref2);
    BOOST_TEST(contains(golf_tile, "<span class=\"tile-title\">Volkswagen Golf</span>"), golf_tile);
    BOOST_TEST(contains(golf_tile, "<span class=\"plate\">" + registration_of(golf) + "</span>"));
    BOOST_TEST(contains(golf_tile, "<span class=\"badge badge-scheduled\">Scheduled</span>"));
    BOOST_TEST(contains(golf_tile, ">Estimated ready tomorrow, 5:00 pm</span>"));
    BOOST_TEST(contains(van_tile, "<span class=\"tile-title\">Ford Transit Custom</span>"),
               van_tile);
    BOOST_TEST(contains(van_tile, "<span class=\"plate\">" + registration_of(van) + "</span>"));
    BOOST_TEST(
        contains(van_tile, "<span class=\"badge badge-awaiting_parts\">Awaiting Parts</span>"));
    BOOST_TEST(contains(van_tile, ">Estimated ready " + ready2 + "</span>"));
    BOOST_TEST(r.has("<span class=\"tile-title\">Messages</span>"));
    BOOST_TEST(r.has("<span class=\"tile-title\">Invoices</span>"));
    // Your Jobs: a card for each, oldest booking first.
    BOOST_TEST(count(r.body, "<article class=\"card job-card\"") == 2u);
    BOOST_TEST(r.body.find("id=\"job-" + ref1 + "\"") < r.body.find("id=\"job-" + ref2 + "\""));
}

BOOST_AUTO_TEST_CASE(a_fleet_with_21_active_jobs_sees_20_and_a_link_to_all_of_them) {
    Customer c = new_customer();
    std::string van = add_vehicle(c, "Ford", "Transit", "White");
    // 21 jobs booked a day apart: WO-…-01 the oldest, WO-…-21 the newest.
    std::string prefix = "WO-FLEET-" + unique_tag() + "-";
    sql("INSERT INTO work_orders (garage_id, customer_id, vehicle_id, reference, status,"
        " status_message, description, booked_at)"
        " SELECT v.garage_id, v.customer_id, v.id, " +
        quoted(prefix) +
        " || lpad(n::text, 2, '0'), 'in_progress', 'Work in progress', 'Service',"
        " now() - make_interval(days => 30 - n)"
        " FROM vehicles v CROSS JOIN generate_series(1, 21) n WHERE v.id = " +
        van);

    Browser b = sign_in(c);
    Reply r = b.get("/");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(count(r.body, "<a class=\"tile job-tile\"") == 20u);
    BOOST_TEST(count(r.body, "<article class=\"card job-card\"") == 20u);
    BOOST_TEST(r.has("id=\"job-" + prefix + "01\""));  // oldest booking first, as before
    BOOST_TEST(r.has("id=\"job-" + prefix + "20\""));
    BOOST_TEST(!r.has(prefix + "21"));
    BOOST_TEST(
        r.has("<a class=\"button button-secondary\" href=\"/?jobs=all\">Show all 21 jobs</a>"));

    Reply all = b.get("/?jobs=all");
    BOOST_TEST(all.status == 200);
    BOOST_TEST(count(all.body, "<a class=\"tile job-tile\"") == 21u);
    BOOST_TEST(count(all.body, "<article class=\"card job-card\"") == 21u);
    BOOST_TEST(all.body.find("id=\"job-" + prefix + "20\"") <
               all.body.find("id=\"job-" + prefix + "21\""));
    BOOST_TEST(!all.has("Show all 21 jobs"));

    BOOST_TEST(b.get("/?jobs=some").status == 400);
}

BOOST_AUTO_TEST_CASE(twenty_active_jobs_show_without_a_link) {
    Customer c = new_customer();
    std::string van = add_vehicle(c, "Ford", "Transit", "White");
    sql("INSERT INTO work_orders (garage_id, customer_id, vehicle_id, reference, status,"
        " status_message, description, booked_at)"
        " SELECT v.garage_id, v.customer_id, v.id, " +
        quoted("WO-FLEET-" + unique_tag() + "-") +
        " || n, 'in_progress', 'Work in progress', 'Service', now() - make_interval(days => n)"
        " FROM vehicles v CROSS JOIN generate_series(1, 20) n WHERE v.id = " +
        van);
    Reply r = sign_in(c).get("/");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(count(r.body, "<article class=\"card job-card\"") == 20u);
    BOOST_TEST(!r.has("/?jobs=all"));
}

BOOST_AUTO_TEST_CASE(a_complete_job_not_yet_collected_still_shows) {
    Customer c = new_customer();
    Job j;
    j.status = "complete";
    j.message = "Work complete – your car is ready to collect";
    j.description = "Replace timing belt and water pump";
    j.ready = london(-1, "17:00");
    std::string ref = add_job(add_vehicle(c, "Toyota", "Yaris", "Silver"), j);
    Browser b = sign_in(c);
    Reply r = b.get("/");
    BOOST_TEST(r.has("<a class=\"hero\" href=\"/jobs/" + ref + "\">"));
    BOOST_TEST(r.has("Your Toyota Yaris - Complete. Work complete – your car is ready to collect"));
    BOOST_TEST(r.has("<span class=\"badge badge-complete\">Complete</span>"));
    BOOST_TEST(!r.has("No active jobs"));
    BOOST_TEST(!r.has("<dt>Estimated ready</dt>"));  // done: no estimate any more
}

BOOST_AUTO_TEST_CASE(a_closed_job_does_not_show) {
    Customer c = new_customer();
    std::string car = add_vehicle(c, "MINI", "Cooper", "Chili Red");
    Job old;
    old.status = "complete";
    old.message = "Collected";
    old.description = "MOT test and interim service";
    old.booked = "now() - interval '40 days'";
    old.closed = "now() - interval '30 days'";
    std::string closed = add_job(car, old);

    Browser b = sign_in(c);
    Reply r = b.get("/");
    BOOST_TEST(r.has("Your garage is ready when you are"));
    BOOST_TEST(r.has("No active jobs"));
    BOOST_TEST(!r.has(closed));
    BOOST_TEST(!r.has("MOT test and interim service"));

    // With an active job besides it, only the active one is the hero and has a card.
    std::string active = add_job(car, Job{});
    r = b.get("/");
    BOOST_TEST(r.has("<a class=\"hero\" href=\"/jobs/" + active + "\">"));
    BOOST_TEST(count(r.body, "<article class=\"card job-card\"") == 1u);
    BOOST_TEST(!r.has(closed));
}

BOOST_AUTO_TEST_CASE(the_job_card_shows_every_field_with_friendly_dates) {
    Customer c = new_customer();
    std::string car = add_vehicle(c, "Ford", "Fiesta", "Blue");
    Job j;
    j.status = "scheduled";
    j.message = "Booked in – please drop the car off by 9:00";
    j.description = "Annual service & check the <brakes>";
    j.appointment = london(1, "09:00");
    j.ready = london(1, "17:00");
    j.booked = "now() - interval '12 days'";
    std::string ref = add_job(car, j);
    std::string booked =
        sql("SELECT portal_day(booked_at, 'Europe/London') FROM work_orders"
            " WHERE reference = " +
            quoted(ref));
    BOOST_TEST_REQUIRE(booked.find("day") == std::string::npos);  // a date, not "today"

    Browser b = sign_in(c);
    Reply r = b.get("/");
    size_t start = r.body.find("<article class=\"card job-card\"");
    BOOST_TEST_REQUIRE(start != std::string::npos);
    std::string card = r.body.substr(start, r.body.find("</article>", start) - start);
    BOOST_TEST(card.find("<h3 class=\"job-reference\" id=\"job-" + ref + "\">" + ref + "</h3>") !=
                   std::string::npos,
               card);
    BOOST_TEST(card.find("<p class=\"hint\">Quote this reference when calling</p>") !=
               std::string::npos);
    BOOST_TEST(card.find("<span class=\"plate\">" + registration_of(car) +
                         "</span> <span>Ford Fiesta</span> <span class=\"colour\">· Blue</span>") !=
                   std::string::npos,
               card);
    BOOST_TEST(card.find("<span class=\"badge badge-scheduled\">Scheduled</span>") !=
               std::string::npos);
    BOOST_TEST(
        card.find("<p class=\"status-message\">Booked in – please drop the car off by 9:00</p>") !=
        std::string::npos);
    // The garage's words are escaped, never markup.
    BOOST_TEST(
        card.find("<p class=\"description\">Annual service &amp; check the &lt;brakes&gt;</p>") !=
            std::string::npos,
        card);
    BOOST_TEST(card.find("<dt>Appointment</dt><dd>tomorrow, 9:00 am</dd>") != std::string::npos);
    BOOST_TEST(card.find("<dt>Estimated ready</dt><dd>tomorrow, 5:00 pm</dd>") !=
               std::string::npos);
    BOOST_TEST(card.find("<p class=\"booked\">Booked " + booked + "</p>") != std::string::npos,
               card);
    BOOST_TEST(card.find("<a class=\"view-status\" href=\"/jobs/" + ref + "\">View status") !=
               std::string::npos);

    // Once the car is in the workshop, the appointment has served its purpose.
    sql("UPDATE work_orders SET status = 'in_progress', status_message = 'Work in progress'"
        " WHERE reference = " +
        quoted(ref));
    r = b.get("/");
    BOOST_TEST(!r.has("<dt>Appointment</dt>"));
    BOOST_TEST(r.has("<span class=\"badge badge-in_progress\">In Progress</span>"));
}

BOOST_AUTO_TEST_CASE(dates_further_away_read_as_a_weekday_day_and_month) {
    Customer c = new_customer();
    Job j;
    j.ready = london(4, "08:30");
    add_job(add_vehicle(c, "Ford", "Fiesta", "Blue"), j);
    std::string expected = sql("SELECT to_char(" + london(4, "08:30") +
                               " AT TIME ZONE 'Europe/London', 'Dy FMDD Mon') || ', 8:30 am'");
    // Close to New Year the date carries its year.
    if (sql("SELECT extract(year FROM " + london(4, "08:30") +
            " AT TIME ZONE 'Europe/London') ="
            " extract(year FROM now() AT TIME ZONE 'Europe/London')") == "f")
        expected = sql("SELECT to_char(" + london(4, "08:30") +
                       " AT TIME ZONE 'Europe/London', 'Dy FMDD Mon YYYY') || ', 8:30 am'");
    Browser b = sign_in(c);
    Reply r = b.get("/");
    BOOST_TEST(r.has("Estimated ready " + expected + "</span>"), expected);
    BOOST_TEST(r.has("<dt>Estimated ready</dt><dd>" + expected + "</dd>"));
}

BOOST_AUTO_TEST_CASE(the_first_sign_in_shows_the_welcome_strip_until_it_is_dismissed) {
    Customer c = new_customer();
    Reply signed_in;
    Browser b = sign_in(c, "/", &signed_in);
    // The strip's cookie lives as long as the browser does: no Max-Age, no Expires.
    std::string cookie;
    auto range = signed_in.headers.equal_range("set-cookie");
    for (auto it = range.first; it != range.second; ++it)
        if (it->second.rfind("portal_welcome=", 0) == 0) cookie = it->second;
    BOOST_TEST_REQUIRE(!cookie.empty());
    BOOST_TEST(cookie.find("Max-Age") == std::string::npos, cookie);
    BOOST_TEST(cookie.find("Expires") == std::string::npos, cookie);

    Reply r = b.get("/");
    BOOST_TEST(r.has(kStrip));
    BOOST_TEST(r.has("<form method=\"post\" action=\"/welcome/dismiss\""));
    // Above the standard header.
    BOOST_TEST(r.body.find(kStrip) < r.body.find("<header class=\"site-header\">"));
    BOOST_TEST(b.get("/").has(kStrip));  // still there on the next page view in this browser

    Reply dismissed = b.post("/welcome/dismiss", "");
    BOOST_TEST(dismissed.status == 303);
    BOOST_TEST(dismissed.header("location") == "/");
    BOOST_TEST(sql("SELECT welcome_strip_dismissed_at IS NOT NULL FROM customers WHERE id = " +
                   c.id) == "t");
    BOOST_TEST(b.cookie("portal_welcome").empty());
    r = b.get("/");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(!r.has("Your car’s status is at the top of this page"));

    // A stale cookie (say, a second tab) no longer brings it back, and is cleared.
    b.set_cookie("portal_welcome", "1");
    r = b.get("/");
    BOOST_TEST(!r.has("Your car’s status is at the top of this page"));
    BOOST_TEST(b.cookie("portal_welcome").empty());
}

BOOST_AUTO_TEST_CASE(a_later_sign_in_never_shows_the_welcome_strip) {
    Customer c = new_customer();
    Browser first = sign_in(c);
    BOOST_TEST_REQUIRE(first.get("/").has(kStrip));

    Reply signed_in;
    Browser later = sign_in(c, "/", &signed_in);
    BOOST_TEST(signed_in.header("set-cookie").find("portal_welcome") == std::string::npos);
    BOOST_TEST(later.cookie("portal_welcome").empty());
    Reply r = later.get("/");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(!r.has("Your car’s status is at the top of this page"));
    // Not dismissed: it simply isn't a first visit.
    BOOST_TEST(sql("SELECT welcome_strip_dismissed_at IS NULL FROM customers WHERE id = " + c.id) ==
               "t");
}

BOOST_AUTO_TEST_CASE(closing_the_browser_clears_the_welcome_strip) {
    Customer c = new_customer();
    Browser b = sign_in(c);
    BOOST_TEST_REQUIRE(b.get("/").has(kStrip));
    b.forget("portal_welcome");  // a session cookie: gone when the browser restarts
    Reply r = b.get("/");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.has("<h1>Welcome, Hana</h1>"));
    BOOST_TEST(!r.has("Your car’s status is at the top of this page"));
}

BOOST_AUTO_TEST_CASE(dismissing_the_strip_without_a_valid_csrf_token_is_403_and_changes_nothing) {
    Customer c = new_customer();
    Browser b = sign_in(c);
    BOOST_TEST_REQUIRE(b.get("/").has(kStrip));
    BOOST_TEST(post_without_token(b, "/welcome/dismiss", "").status == 403);
    Reply wrong = b.post("/welcome/dismiss", "", std::string(64, 'a').c_str());
    BOOST_TEST(wrong.status == 403);
    BOOST_TEST(wrong.has("That form has expired"));
    // Another customer's valid token is no good either.
    Browser other = sign_in(new_customer());
    other.get("/");
    BOOST_TEST(b.post("/welcome/dismiss", "", other.csrf().c_str()).status == 403);
    BOOST_TEST(sql("SELECT welcome_strip_dismissed_at IS NULL FROM customers WHERE id = " + c.id) ==
               "t");
    BOOST_TEST(b.get("/").has(kStrip));
}

BOOST_AUTO_TEST_CASE(setting_a_password_without_a_valid_csrf_token_is_403_and_changes_nothing) {
    Customer c = new_customer();
    Browser b = sign_in(c);
    BOOST_TEST_REQUIRE(b.get("/").has("Want to sign in faster?"));
    std::string form = "new_password=" + url_encode("lantern-orbit-93") +
                       "&confirm_password=" + url_encode("lantern-orbit-93");
    BOOST_TEST(post_without_token(b, "/password", form).status == 403);
    BOOST_TEST(b.post("/password", form, std::string(64, '0').c_str()).status == 403);
    BOOST_TEST(sql("SELECT password_hash IS NULL FROM customers WHERE id = " + c.id) == "t");
    BOOST_TEST(b.get("/").has("Want to sign in faster?"));
}

BOOST_AUTO_TEST_CASE(the_home_page_signed_out_sends_the_customer_to_sign_in) {
    Reply r = get("smiths.localhost", "/");
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == "/login?next=/");
    BOOST_TEST(!r.has("Welcome,"));
    Call dismiss;
    dismiss.method = "POST";
    dismiss.path = "/welcome/dismiss";
    dismiss.headers = {"Content-Type: application/x-www-form-urlencoded"};
    BOOST_TEST(http(dismiss).status == 303);
}

BOOST_AUTO_TEST_SUITE_END()
