// A job's status page and its quote through nginx: the tracker, the quote banner, the invoice
// link; the quote's items and breakdown, the confirmation step and the one decision POST; photos
// sent from the private files; and nothing of another customer's or another garage's records.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <random>
#include <sstream>

#include "fixtures.h"

using namespace itest;

namespace {

// How the portal words a moment (SQL expression) for the customer: "today, 4:00 pm".
std::string friendly(const std::string& moment) {
    return sql("SELECT portal_time(" + moment + ", 'Europe/London')");
}

// A customer nobody else's test touches; `email` to give the same person at two garages.
Customer new_customer(const std::string& garage = "smiths", std::string email = "") {
    return itest::new_customer(garage, "quotes", "Quinn", "Quayle", email);
}

Customer demo_customer(const std::string& garage, const std::string& email) {
    return {garage, email,
            sql("SELECT c.id FROM customers c JOIN garages g ON g.id = c.garage_id"
                " WHERE g.subdomain = " +
                quoted(garage) + " AND c.email = " + quoted(email))};
}

std::string add_vehicle(const Customer& c, const std::string& make, const std::string& model) {
    std::string tag = unique_tag();
    return sql(
        "INSERT INTO vehicles (garage_id, customer_id, registration, make, model, colour)"
        " SELECT garage_id, id, " +
        quoted(tag.substr(0, 4) + " " + tag.substr(4, 3)) + ", " + quoted(make) + ", " +
        quoted(model) + ", 'Blue' FROM customers WHERE id = " + c.id + " RETURNING id");
}

// Books a job on `vehicle`; times are SQL expressions.
std::string add_job(const std::string& vehicle, const std::string& status,
                    const std::string& message, const std::string& ready = "null") {
    std::string reference = "WO-QUOTE-" + unique_tag();
    sql("INSERT INTO work_orders (garage_id, customer_id, vehicle_id, reference, status,"
        " status_message, description, estimated_ready_at, booked_at, technician_name)"
        " SELECT garage_id, customer_id, id, " +
        quoted(reference) + ", " + quoted(status) + ", " + quoted(message) +
        ", 'Full service, and investigate a squeal from the front brakes', " + ready +
        ", now() - interval '5 days', 'Priya' FROM vehicles WHERE id = " + vehicle);
    return reference;
}

void add_history(const std::string& reference, const std::string& status,
                 const std::string& message, const std::string& note, const std::string& when) {
    sql("INSERT INTO work_order_status_history (work_order_id, status, status_message, note,"
        " changed_at) SELECT id, " +
        quoted(status) + ", " + quoted(message) + ", " + (note.empty() ? "null" : quoted(note)) +
        ", " + when + " FROM work_orders WHERE reference = " + quoted(reference));
}

// How the page words the first time the job reached `status`, as its history records it.
std::string reached(const std::string& reference, const std::string& status) {
    return friendly(
        "(SELECT min(h.changed_at) FROM work_order_status_history h JOIN work_orders w"
        " ON w.id = h.work_order_id WHERE w.reference = " +
        quoted(reference) + " AND h.status = " + quoted(status) + ")");
}

// `count` decided quotes, `approved` of them approved, each with one safety line `title`, on
// the job `reference`: the garage's history that "[X]% of our customers approve this fix" counts.
void add_past_decisions(const std::string& reference, const std::string& title, int count,
                        int approved) {
    sql("WITH q AS (INSERT INTO quotes (garage_id, work_order_id, technician_name, status,"
        " sent_at, decided_at) SELECT garage_id, id, 'Dave', 'decided', now() - interval '9 days',"
        " now() - interval '8 days' FROM work_orders, generate_series(1, " +
        std::to_string(count) + ") WHERE reference = " + quoted(reference) +
        " RETURNING id)"
        " INSERT INTO quote_lines (quote_id, position, category, title, labour_hours_centi,"
        " labour_rate_minor, decision, decided_at) SELECT id, 1, 'safety', " +
        quoted(title) +
        ", 100, 7800, CASE WHEN row_number() OVER (ORDER BY id) <= " + std::to_string(approved) +
        " THEN 'approved' ELSE 'declined' END, now() - interval '8 days' FROM q");
}

// A customer's Ford Fiesta in the workshop with a three-item quote from Priya awaiting their
// decision. The titles carry a random tag so no other quote shares their decision history.
struct QuotedJob {
    Customer customer;
    std::string vehicle, registration, reference, quote, photo;
    std::string titles[3];
};

QuotedJob quoted_job(const std::string& garage = "smiths",
                     const std::string& status = "in_progress",
                     const std::string& message = "Work in progress") {
    QuotedJob j;
    j.customer = new_customer(garage);
    j.vehicle = add_vehicle(j.customer, "Ford", "Fiesta");
    j.registration = sql("SELECT registration FROM vehicles WHERE id = " + j.vehicle);
    j.reference = add_job(j.vehicle, status, message, london(0, "16:00"));
    std::string tag = unique_tag();
    j.titles[0] = "Front brake pads " + tag;
    j.titles[1] = "Brake fluid change " + tag;
    j.titles[2] = "Air con re-gas " + tag;
    j.quote =
        sql("INSERT INTO quotes (garage_id, work_order_id, technician_name, sent_at, expires_at)"
            " SELECT garage_id, id, 'Priya', now() - interval '30 minutes', now() + interval"
            " '7 days' FROM work_orders WHERE reference = " +
            quoted(j.reference) + " RETURNING id");
    auto line = [&](int position, const char* category, const std::string& title,
                    const char* description, const std::string& notes, int hours_centi) {
        return sql(
            "INSERT INTO quote_lines (quote_id, position, category, title, description,"
            " technician_notes, labour_hours_centi, labour_rate_minor) VALUES (" +
            j.quote + ", " + std::to_string(position) + ", '" + category + "', " + quoted(title) +
            ", '" + description + "', " + notes + ", " + std::to_string(hours_centi) +
            ", 7800) RETURNING id");
    };
    auto part = [](const std::string& line_id, const char* name, int quantity, int unit) {
        sql("INSERT INTO quote_line_parts (quote_line_id, name, quantity, unit_price_minor) VALUES "
            "(" +
            line_id + ", '" + name + "', " + std::to_string(quantity) + ", " +
            std::to_string(unit) + ")");
    };
    // 1: £117.00 labour + £34.95 + 2 × £34.25 = £220.45 net, £44.09 VAT, £264.54.
    std::string l1 = line(1, "safety", j.titles[0], "Replace the front pads and discs.",
                          quoted("Pads worn to 2 mm " + tag + ", discs scored."), 150);
    part(l1, "Front brake pad set", 1, 3495);
    part(l1, "Front brake disc", 2, 3425);
    // 2: £39.00 + £12.00 = £51.00 net, £10.20 VAT, £61.20. Notes that only repeat the description.
    std::string l2 = line(2, "recommended", j.titles[1], "Drain and replace the brake fluid.",
                          "'Drain and replace the brake fluid.'", 50);
    part(l2, "DOT 4 brake fluid", 1, 1200);
    // 3: £39.00 + £29.00 = £68.00 net, £13.60 VAT, £81.60. No notes at all.
    std::string l3 = line(3, "optional", j.titles[2], "Recharge the air conditioning.", "null", 50);
    part(l3, "Refrigerant and UV dye", 1, 2900);
    j.photo =
        sql("INSERT INTO quote_line_photos (quote_line_id, file_path, caption, position) VALUES (" +
            l1 + ", 'quotes/demo/brake-pad.jpg', 'Worn pad " + tag + "', 1) RETURNING id");
    return j;
}

// The text between `before` and the next `after`; "" when `before` isn't there.
std::string between(const std::string& text, const std::string& before, const std::string& after) {
    size_t at = text.find(before);
    if (at == std::string::npos) return "";
    at += before.size();
    return text.substr(at, text.find(after, at) - at);
}

// One step of the job page's progress tracker, as the page shows it.
struct Stage {
    std::string state, label, when, pause_state, pause;
    bool current = false;
};

std::vector<Stage> stages_of(const std::string& body) {
    std::vector<Stage> out;
    const std::string open = "<li class=\"stage stage-";
    for (size_t at = body.find(open); at != std::string::npos; at = body.find(open, at + 1)) {
        std::string li = body.substr(at, body.find("</li>", at) - at);
        Stage s;
        s.state = between(li, open, "\"");
        s.current = contains(li, "aria-current=\"step\"");
        s.label = between(li, "<span class=\"stage-label\">", "<");
        s.when = between(li, "<span class=\"stage-when\">", "<");
        s.pause_state = between(li, "<span class=\"stage-pause stage-pause-", "\"");
        if (!s.pause_state.empty())
            s.pause = between(li, "stage-pause-" + s.pause_state + "\">", "<");
        out.push_back(s);
    }
    return out;
}

// The markup of item `n` on a quote page.
std::string item_of(const std::string& body, int n) {
    size_t at = body.find("id=\"item-" + std::to_string(n) + "\"");
    if (at == std::string::npos) return "";
    size_t end = std::min(body.find("id=\"item-" + std::to_string(n + 1) + "\"", at),
                          body.find("</ol>", at));
    return body.substr(at, end - at);
}

std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// What deciding a quote leaves behind, to prove a refused attempt changed none of it.
std::string quote_state(const QuotedJob& j) {
    return sql(
        "SELECT q.status || '|' || coalesce(q.decided_at::text, '-') || '|' ||"
        " coalesce(host(q.decided_ip), '-') || '|' ||"
        " (SELECT string_agg(coalesce(decision, '-'), ',' ORDER BY position) FROM quote_lines"
        "  WHERE quote_id = q.id) || '|' ||"
        " (SELECT count(*) FROM work_order_status_history WHERE work_order_id = q.work_order_id"
        "  AND note LIKE 'Quote answered%') || '|' ||"
        " (SELECT count(*) FROM outbox WHERE purpose = 'quote_decision' AND subject LIKE " +
        quoted("%" + j.reference + "%") +
        ")"
        " FROM quotes q WHERE q.id = " +
        j.quote);
}
const char* const kUndecided = "awaiting|-|-|-,-,-|0|0";

const char* const kChooseEvery =
    "Please choose “Go ahead with the fix” or “Decline” for every item.";

}  // namespace

BOOST_AUTO_TEST_SUITE(jobs_and_quotes)

// ---- The job's status page ----

BOOST_AUTO_TEST_CASE(the_job_page_tracks_each_stage_with_its_time_and_marks_the_current_one) {
    Customer c = new_customer();
    std::string car = add_vehicle(c, "Ford", "Fiesta");
    std::string ref = add_job(car, "in_progress", "Work in progress", london(0, "16:00"));
    add_history(ref, "pending", "Booking received", "Booked online", "now() - interval '5 days'");
    add_history(ref, "scheduled", "Booked in – please drop the car off by 8:30", "",
                "now() - interval '5 days' + interval '20 minutes'");
    add_history(ref, "in_progress", "Work in progress", "Car on the ramp with Priya",
                "least(" + london(0, "08:45") + ", now() - interval '1 hour')");

    Browser b = sign_in(c);
    Reply r = b.get("/jobs/" + ref);
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.has("<h1>Your Ford Fiesta</h1>"));
    auto stages = stages_of(r.body);
    BOOST_TEST_REQUIRE(stages.size() == 4u);
    const char* labels[] = {"Booked", "In the workshop", "Ready", "Complete"};
    const char* states[] = {"done", "current", "upcoming", "upcoming"};
    for (int i = 0; i < 4; ++i) {
        BOOST_TEST_CONTEXT("stage " << i) {
            BOOST_TEST(stages[i].label == labels[i]);
            BOOST_TEST(stages[i].state == states[i]);
            BOOST_TEST(stages[i].current == (i == 1));
            BOOST_TEST(stages[i].pause.empty());
        }
    }
    BOOST_TEST(count(r.body, "aria-current=\"step\"") == 1u);
    BOOST_TEST(stages[0].when == reached(ref, "pending"));
    BOOST_TEST(stages[1].when == reached(ref, "in_progress"));
    BOOST_TEST(stages[2].when.empty());
    BOOST_TEST(stages[3].when.empty());
    BOOST_TEST(r.has("<p class=\"estimate\">Estimated ready: <strong>today, 4:00 pm</strong></p>"));
    // Every update, oldest first, with the garage's notes.
    BOOST_TEST(
        r.has("<li><span class=\"history-when\">" + reached(ref, "scheduled") +
              "</span> <span class=\"badge badge-scheduled\">Scheduled</span> Booked in – please"
              " drop the car off by 8:30</li>"));
    BOOST_TEST(r.has("<span class=\"history-note\">Car on the ramp with Priya</span>"));
    BOOST_TEST(r.body.find("Booking received") < r.body.find("Car on the ramp with Priya"));
    // The card, and how to reach the garage about this job.
    BOOST_TEST(r.has("<h3 class=\"job-reference\" id=\"job-" + ref + "\">" + ref + "</h3>"));
    BOOST_TEST(r.has("Quote <strong>" + ref + "</strong> when you get in touch."));
    BOOST_TEST(
        r.has("<a class=\"button\" href=\"/messages/new?job=" + ref + "\">Message the garage</a>"));
    BOOST_TEST(r.has("href=\"tel:+442079460321\">Call +44 20 7946 0321</a>"));
    BOOST_TEST(!r.has("quote-banner"));
    BOOST_TEST(!r.has("invoice-heading"));
}

BOOST_AUTO_TEST_CASE(a_job_awaiting_parts_shows_the_workshop_stage_paused_since_the_wait_began) {
    Customer c = new_customer();
    std::string ref = add_job(add_vehicle(c, "Ford", "Transit Custom"), "awaiting_parts",
                              "Waiting for the flywheel from our supplier", london(3, "17:00"));
    std::string started = london(-2, "08:20"), paused = london(-2, "11:30");
    add_history(ref, "pending", "Booking received", "", "now() - interval '5 days'");
    add_history(ref, "in_progress", "Work in progress", "", started);
    add_history(ref, "awaiting_parts", "Waiting for the flywheel from our supplier",
                "Dual-mass flywheel on back order", paused);

    Browser b = sign_in(c);
    Reply r = b.get("/jobs/" + ref);
    BOOST_TEST(r.status == 200);
    auto stages = stages_of(r.body);
    BOOST_TEST_REQUIRE(stages.size() == 4u);
    BOOST_TEST(stages[1].current);
    BOOST_TEST(stages[1].when == friendly(started));
    BOOST_TEST(stages[1].pause_state == "waiting");
    BOOST_TEST(stages[1].pause == "Paused: awaiting parts since " + friendly(paused));
    BOOST_TEST(stages[2].state == "upcoming");
    BOOST_TEST(r.has("<span class=\"badge badge-awaiting_parts\">Awaiting Parts</span>"));
    BOOST_TEST(r.has("Estimated ready: <strong>" + friendly(london(3, "17:00")) + "</strong>"));
}

BOOST_AUTO_TEST_CASE(answering_a_quote_during_a_parts_wait_keeps_the_time_the_wait_began) {
    QuotedJob j =
        quoted_job("smiths", "awaiting_parts", "Waiting for the flywheel from our supplier");
    std::string paused = london(-2, "11:30");
    add_history(j.reference, "in_progress", "Work in progress", "", london(-2, "08:20"));
    add_history(j.reference, "awaiting_parts", "Waiting for the flywheel from our supplier", "",
                paused);
    Browser b = sign_in(j.customer);
    auto stages = stages_of(b.get("/jobs/" + j.reference).body);
    BOOST_TEST_REQUIRE(stages.size() == 4u);
    BOOST_TEST(stages[1].pause == "Paused: awaiting parts since " + friendly(paused));

    b.get("/quotes/" + j.quote);
    BOOST_TEST_REQUIRE(
        b.post("/quotes/" + j.quote + "/decide", "item1=approve&item2=decline&item3=decline")
            .status == 303);
    Reply r = b.get("/jobs/" + j.reference);
    BOOST_TEST(r.has("Quote answered in the portal: 1 approved, 2 declined"));
    stages = stages_of(r.body);
    BOOST_TEST_REQUIRE(stages.size() == 4u);
    BOOST_TEST(stages[1].pause_state == "waiting");
    // The car has waited for parts since the wait began, not since the customer answered.
    BOOST_TEST(stages[1].pause == "Paused: awaiting parts since " + friendly(paused));
}

BOOST_AUTO_TEST_CASE(a_job_back_in_the_workshop_after_a_parts_wait_is_no_longer_shown_as_paused) {
    Customer c = new_customer();
    std::string ref = add_job(add_vehicle(c, "Ford", "Transit Custom"), "in_progress",
                              "Work in progress", london(0, "17:00"));
    add_history(ref, "in_progress", "Work in progress", "", london(-2, "08:20"));
    add_history(ref, "awaiting_parts", "Waiting for the EGR valve", "", london(-2, "11:00"));
    add_history(ref, "in_progress", "Work in progress", "EGR valve arrived", london(-1, "08:30"));

    Browser b = sign_in(c);
    Reply r = b.get("/jobs/" + ref);
    BOOST_TEST(r.status == 200);
    auto stages = stages_of(r.body);
    BOOST_TEST_REQUIRE(stages.size() == 4u);
    BOOST_TEST(stages[1].current);
    BOOST_TEST(r.has("<span class=\"badge badge-in_progress\">In Progress</span>"));
    // The car is being worked on again: the page must not tell the customer it is paused.
    BOOST_TEST(!r.has("Paused: awaiting parts since"), stages[1].pause);
}

BOOST_AUTO_TEST_CASE(a_ready_then_complete_job_shows_each_stage_reached_and_no_estimate) {
    Customer c = new_customer();
    std::string ref = add_job(add_vehicle(c, "Honda", "Jazz"), "ready", "Ready for collection",
                              london(0, "15:00"));
    std::string started = london(-1, "10:15"), ready = london(-1, "14:50");
    add_history(ref, "pending", "Booking received", "", "now() - interval '3 days'");
    add_history(ref, "scheduled", "Booked in", "", "now() - interval '3 days' + interval '1 hour'");
    add_history(ref, "in_progress", "Work in progress", "", started);
    add_history(ref, "ready", "Ready for collection", "Tracking was within tolerance", ready);

    Browser b = sign_in(c);
    Reply r = b.get("/jobs/" + ref);
    auto stages = stages_of(r.body);
    BOOST_TEST_REQUIRE(stages.size() == 4u);
    BOOST_TEST(stages[0].state == "done");
    BOOST_TEST(stages[0].when == reached(ref, "pending"));
    BOOST_TEST(stages[1].state == "done");
    BOOST_TEST(stages[1].when == friendly(started));
    BOOST_TEST(stages[2].state == "current");
    BOOST_TEST(stages[2].current);
    BOOST_TEST(stages[2].when == friendly(ready));
    BOOST_TEST(stages[3].state == "upcoming");
    BOOST_TEST(!r.has("Estimated ready"));  // it is ready: no estimate, on the tracker or the card
    BOOST_TEST(r.has("<span class=\"badge badge-ready\">Ready</span>"));

    add_history(ref, "complete", "Work complete – your car is ready to collect", "",
                "now() - interval '5 minutes'");
    sql("UPDATE work_orders SET status = 'complete', status_message = 'Work complete – your car is"
        " ready to collect' WHERE reference = " +
        quoted(ref));
    r = b.get("/jobs/" + ref);
    stages = stages_of(r.body);
    BOOST_TEST_REQUIRE(stages.size() == 4u);
    BOOST_TEST(stages[2].state == "done");
    BOOST_TEST(stages[3].state == "current");
    BOOST_TEST(stages[3].current);
    BOOST_TEST(stages[3].when == reached(ref, "complete"));
    BOOST_TEST(count(r.body, "aria-current=\"step\"") == 1u);
}

BOOST_AUTO_TEST_CASE(the_job_page_links_to_the_invoice_and_the_jobs_conversation) {
    Browser ann = sign_in(demo_customer("smiths", "ann@example.com"));
    Reply r = ann.get("/jobs/WO-ALPHA-0417");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(
        r.has("<a href=\"/invoices/SG-10417\">Invoice SG-10417</a> <span class=\"badge"
              " badge-unpaid\">Unpaid</span>"));
    r = ann.get("/jobs/WO-TANGO-1234");
    std::string conversation =
        sql("SELECT cv.id FROM conversations cv JOIN garages g ON g.id = cv.garage_id"
            " WHERE g.subdomain = 'smiths' AND cv.subject = 'Fiesta service and brakes'");
    BOOST_TEST(r.has("<a class=\"button\" href=\"/messages/" + conversation +
                     "\">Message the garage</a>"));
    BOOST_TEST(!r.has("invoice-heading"));  // no invoice for this job yet

    Browser bob = sign_in(demo_customer("smiths", "bob@example.com"));
    r = bob.get("/jobs/WO-DELTA-1450");  // unpaid and past its due date
    BOOST_TEST(
        r.has("<a href=\"/invoices/SG-10352\">Invoice SG-10352</a> <span class=\"badge"
              " badge-overdue\">Overdue</span>"));
}

BOOST_AUTO_TEST_CASE(the_home_and_job_pages_offer_a_quote_only_while_it_awaits_a_decision) {
    QuotedJob j = quoted_job();
    Browser b = sign_in(j.customer);
    std::string banner = "<a class=\"quote-banner\" href=\"/quotes/" + j.quote + "\">";
    for (const std::string& page : {std::string("/"), "/jobs/" + j.reference}) {
        BOOST_TEST_CONTEXT(page) {
            Reply r = b.get(page);
            BOOST_TEST(r.has(banner));
            BOOST_TEST(r.has("Approve or decline the work on your Ford Fiesta."));
            BOOST_TEST(r.has("<span class=\"quote-banner-action\">Review quote</span>"));
        }
    }
    sql("UPDATE quotes SET expires_at = now() - interval '1 minute' WHERE id = " + j.quote);
    BOOST_TEST(!b.get("/").has("quote-banner"));
    BOOST_TEST(!b.get("/jobs/" + j.reference).has("quote-banner"));
    sql("UPDATE quotes SET expires_at = now() + interval '1 day', status = 'withdrawn' WHERE id "
        "= " +
        j.quote);
    BOOST_TEST(!b.get("/").has("quote-banner"));
    BOOST_TEST(!b.get("/jobs/" + j.reference).has("quote-banner"));
}

// ---- The quote ----

BOOST_AUTO_TEST_CASE(the_quote_shows_the_car_each_item_its_category_amount_and_breakdown) {
    QuotedJob j = quoted_job();
    Reply signed_in;
    Browser b = sign_in(j.customer, "/quotes/" + j.quote, &signed_in);
    // an SMS link lands on the quote itself
    BOOST_TEST(signed_in.header("location") == "/quotes/" + j.quote);
    Reply r = b.get("/quotes/" + j.quote);
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.has("<title>Quote for your Ford Fiesta – Smith&#39;s Garage</title>"));
    BOOST_TEST(r.has("<h1>Quote for your Ford Fiesta</h1>"));
    BOOST_TEST(r.has("<span class=\"plate\">" + j.registration + "</span> <span>Job " +
                     j.reference + "</span>"));
    BOOST_TEST(r.has("<a href=\"/jobs/" + j.reference + "\">‹ Job " + j.reference + "</a>"));
    BOOST_TEST(r.has("<p class=\"lead\">Priya has inspected your car and found a few things:</p>"));

    std::string one = item_of(r.body, 1), two = item_of(r.body, 2), three = item_of(r.body, 3);
    BOOST_TEST_REQUIRE(!three.empty());
    BOOST_TEST(item_of(r.body, 4).empty());
    BOOST_TEST(contains(one, "<span class=\"badge category-safety\">Safety Item</span>"));
    BOOST_TEST(contains(one, "<span class=\"quote-amount\">£264.54</span>"));
    BOOST_TEST(contains(one, "<h2 class=\"quote-title\">" + j.titles[0] + "</h2>"));
    BOOST_TEST(contains(one, "<p>Replace the front pads and discs.</p>"));
    BOOST_TEST(contains(one, "<h3>What Priya found:</h3><p>Pads worn to 2 mm "), one);
    BOOST_TEST(
        contains(one, "<tr><th scope=\"row\">Labour: 1.5 h × £78.00</th><td>£117.00</td></tr>"));
    BOOST_TEST(contains(one,
                        "<tr><th scope=\"row\">Front brake pad set × 1 <span class=\"unit\">(£34.95"
                        " each)</span></th><td>£34.95</td></tr>"));
    BOOST_TEST(contains(one,
                        "<tr><th scope=\"row\">Front brake disc × 2 <span class=\"unit\">(£34.25"
                        " each)</span></th><td>£68.50</td></tr>"));
    BOOST_TEST(contains(one, "<tr><th scope=\"row\">VAT at 20%</th><td>£44.09</td></tr>"));
    BOOST_TEST(contains(one, "<th scope=\"row\">Estimated total</th><td>£264.54</td>"));
    BOOST_TEST(contains(
        one, "<img src=\"/quotes/" + j.quote + "/photos/" + j.photo + "\" alt=\"Worn pad "));
    BOOST_TEST(!contains(one, "approve this fix"));  // no history for this fix yet
    BOOST_TEST(contains(one, "<input type=\"radio\" name=\"item1\" value=\"approve\" >"));
    BOOST_TEST(contains(one, "<input type=\"radio\" name=\"item1\" value=\"decline\" >"));

    BOOST_TEST(contains(two, "<span class=\"badge category-recommended\">Recommended</span>"));
    BOOST_TEST(contains(two, "<span class=\"quote-amount\">£61.20</span>"));
    BOOST_TEST(contains(two, "<p>Drain and replace the brake fluid.</p>"));
    BOOST_TEST(!contains(two, "found:"), two);  // notes that only repeat the description
    BOOST_TEST(contains(two, "Labour: 0.5 h × £78.00</th><td>£39.00</td>"));
    BOOST_TEST(contains(two, "VAT at 20%</th><td>£10.20</td>"));

    BOOST_TEST(contains(three, "<span class=\"badge category-optional\">Optional</span>"));
    BOOST_TEST(contains(three, "<span class=\"quote-amount\">£81.60</span>"));
    BOOST_TEST(!contains(three, "found:"));  // no notes
    BOOST_TEST(!contains(three, "class=\"photos\""));

    BOOST_TEST(r.has("Approved so far: <strong class=\"running-total\">£0.00</strong>"));
    BOOST_TEST(r.has("This quote is valid until " +
                     friendly("(SELECT expires_at FROM quotes WHERE id = " + j.quote + ")") + "."));
    BOOST_TEST(r.has("<form class=\"quote-form\" method=\"get\" action=\"/quotes/" + j.quote +
                     "/confirm\""));
}

BOOST_AUTO_TEST_CASE(anns_safety_item_says_how_many_customers_approve_the_fix) {
    Browser ann = sign_in(demo_customer("smiths", "ann@example.com"));
    std::string quote =
        sql("SELECT q.id FROM quotes q JOIN work_orders w ON w.id = q.work_order_id"
            " WHERE w.reference = 'WO-TANGO-1234' AND q.status = 'awaiting'");
    Reply r = ann.get("/quotes/" + quote);
    BOOST_TEST(r.status == 200);
    // 10 of the 12 past decisions in demo.sql approved the same fix.
    BOOST_TEST(contains(item_of(r.body, 1),
                        "<p class=\"approval\">83% of our customers approve this fix</p>"));
    BOOST_TEST(contains(item_of(r.body, 1), "<h3>What Dave found:</h3>"));
    BOOST_TEST(count(r.body, "approve this fix") == 1u);  // safety items only
}

BOOST_AUTO_TEST_CASE(the_approval_share_shows_only_from_ten_past_decisions_at_this_garage) {
    QuotedJob j = quoted_job();
    const std::string& fix = j.titles[0];
    Customer earlier = new_customer();
    std::string past = add_job(add_vehicle(earlier, "Ford", "Focus"), "complete", "Collected");
    Customer elsewhere = new_customer("northside");
    std::string theirs = add_job(add_vehicle(elsewhere, "Ford", "Focus"), "complete", "Collected");
    add_past_decisions(past, fix, 9, 6);
    add_past_decisions(theirs, fix, 5, 5);  // another garage's customers don't count here

    Browser b = sign_in(j.customer);
    Reply r = b.get("/quotes/" + j.quote);
    BOOST_TEST(r.status == 200);
    BOOST_TEST(!r.has("approve this fix"));

    add_past_decisions(past, fix, 1, 1);  // the tenth: 7 of 10
    r = b.get("/quotes/" + j.quote);
    BOOST_TEST(contains(item_of(r.body, 1),
                        "<p class=\"approval\">70% of our customers approve this fix</p>"));
}

// The share comes from a per-garage summary kept by triggers (sql/005_scale.sql): it follows a
// changed decision and forgets a deleted job's.
BOOST_AUTO_TEST_CASE(the_approval_share_follows_changed_and_deleted_decisions) {
    QuotedJob j = quoted_job();
    const std::string& fix = j.titles[0];
    Customer earlier = new_customer();
    std::string kept = add_job(add_vehicle(earlier, "Ford", "Focus"), "complete", "Collected");
    std::string gone = add_job(add_vehicle(earlier, "Ford", "Ka"), "complete", "Collected");
    add_past_decisions(kept, fix, 10, 7);
    add_past_decisions(gone, fix, 5, 0);

    Browser b = sign_in(j.customer);
    BOOST_TEST(contains(item_of(b.get("/quotes/" + j.quote).body, 1),
                        "<p class=\"approval\">47% of our customers approve this fix</p>"));
    sql("DELETE FROM work_orders WHERE reference = " + quoted(gone));
    BOOST_TEST(contains(item_of(b.get("/quotes/" + j.quote).body, 1),
                        "<p class=\"approval\">70% of our customers approve this fix</p>"));
    sql("UPDATE quote_lines SET decision = 'approved' WHERE id = (SELECT min(l.id) FROM "
        "quote_lines l"
        " JOIN quotes q ON q.id = l.quote_id JOIN work_orders w ON w.id = q.work_order_id"
        " WHERE w.reference = " +
        quoted(kept) + " AND l.decision = 'declined')");
    BOOST_TEST(contains(item_of(b.get("/quotes/" + j.quote).body, 1),
                        "<p class=\"approval\">80% of our customers approve this fix</p>"));
}

BOOST_AUTO_TEST_CASE(confirming_with_an_item_left_undecided_answers_422_and_keeps_the_choices) {
    QuotedJob j = quoted_job();
    Browser b = sign_in(j.customer);
    Reply r = b.get("/quotes/" + j.quote + "/confirm?item1=approve&item3=decline");
    BOOST_TEST(r.status == 422);
    BOOST_TEST(
        r.has(std::string("<p class=\"notice notice-error\" role=\"alert\">") + kChooseEvery));
    BOOST_TEST(r.has("<input type=\"radio\" name=\"item1\" value=\"approve\" checked>"));
    BOOST_TEST(r.has("<input type=\"radio\" name=\"item3\" value=\"decline\" checked>"));
    BOOST_TEST(!contains(item_of(r.body, 2), "checked"));
    BOOST_TEST(r.has("Approved so far: <strong class=\"running-total\">£264.54</strong>"));
    BOOST_TEST(quote_state(j) == kUndecided);
}

BOOST_AUTO_TEST_CASE(the_confirmation_step_lists_each_choice_and_the_total_and_changes_nothing) {
    QuotedJob j = quoted_job();
    Browser b = sign_in(j.customer);
    Reply r = b.get("/quotes/" + j.quote + "/confirm?item1=approve&item2=decline&item3=approve");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.has("<h1>Confirm your decisions</h1>"));
    BOOST_TEST(r.has("Quote for your Ford Fiesta, job " + j.reference));
    std::string yes = between(r.body, "<h2>Go ahead with</h2>", "</ul>");
    std::string no = between(r.body, "<h2>Declined</h2>", "</ul>");
    BOOST_TEST(contains(yes, "<li><span>" + j.titles[0] + "</span> <span>£264.54</span></li>"),
               yes);
    BOOST_TEST(contains(yes, "<li><span>" + j.titles[2] + "</span> <span>£81.60</span></li>"));
    BOOST_TEST(!contains(yes, j.titles[1]));
    BOOST_TEST(contains(no, "<li><span>" + j.titles[1] + "</span> <span>£61.20</span></li>"), no);
    BOOST_TEST(r.has("Total to approve: <strong>£346.14</strong>"));
    BOOST_TEST(r.has("<form method=\"post\" action=\"/quotes/" + j.quote + "/decide\">"));
    BOOST_TEST(r.has("<input type=\"hidden\" name=\"item2\" value=\"decline\">"));
    BOOST_TEST(r.has("<a href=\"/quotes/" + j.quote +
                     "?item1=approve&amp;item2=decline&amp;item3=approve\">Change my choices</a>"));
    BOOST_TEST(quote_state(j) == kUndecided);

    // Coming back to change them: the quote page has the choices ticked.
    r = b.get("/quotes/" + j.quote + "?item1=approve&item2=decline&item3=approve");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.has("<input type=\"radio\" name=\"item2\" value=\"decline\" checked>"));
    BOOST_TEST(r.has("Approved so far: <strong class=\"running-total\">£346.14</strong>"));
}

BOOST_AUTO_TEST_CASE(deciding_records_each_choice_once_and_tells_the_garage) {
    QuotedJob j = quoted_job();
    Browser b = sign_in(j.customer);
    std::string choices = "item1=approve&item2=decline&item3=approve";
    BOOST_TEST_REQUIRE(b.get("/quotes/" + j.quote + "/confirm?" + choices).status == 200);
    Reply sent = b.post("/quotes/" + j.quote + "/decide", choices);
    BOOST_TEST(sent.status == 303);
    BOOST_TEST(sent.header("location") == "/quotes/" + j.quote + "?notice=sent");

    // The database: each line, the quote with when, from where and which session, the job's
    // history, and one email to the garage.
    BOOST_TEST(
        sql("SELECT string_agg(decision || (decided_at IS NOT NULL)::text, ',' ORDER BY position)"
            " FROM quote_lines WHERE quote_id = " +
            j.quote) == "approvedtrue,declinedtrue,approvedtrue");
    BOOST_TEST(
        sql("SELECT status || ' ' || (decided_at > now() - interval '1 minute')::text || ' ' ||"
            " host(decided_ip) FROM quotes WHERE id = " +
            j.quote) == "decided true " + b.ip_);
    BOOST_TEST(sql("SELECT decided_session_id FROM quotes WHERE id = " + j.quote) ==
               sql("SELECT id FROM sessions WHERE customer_id = " + j.customer.id));
    BOOST_TEST(sql("SELECT count(*) FROM work_order_status_history h JOIN work_orders w ON w.id ="
                   " h.work_order_id WHERE w.reference = " +
                   quoted(j.reference) +
                   " AND h.note ="
                   " 'Quote answered in the portal: 2 approved, 1 declined'") == "1");
    BOOST_TEST(sql("SELECT count(*) || ' ' || min(recipient) || ' ' || min(subject) FROM outbox"
                   " WHERE purpose = 'quote_decision' AND subject LIKE " +
                   quoted("%" + j.reference + "%")) ==
               "1 hello@smiths-garage.example Quote answered: " + j.reference + " (" +
                   j.registration + ") – 2 approved, 1 declined");
    std::string email =
        sql("SELECT body_text FROM outbox WHERE purpose = 'quote_decision' AND subject"
            " LIKE " +
            quoted("%" + j.reference + "%"));
    for (const auto& title : j.titles) BOOST_TEST(contains(email, title), title);
    BOOST_TEST(contains(email, j.customer.email));

    // The page is now read-only, with each decision's badge.
    Reply r = b.get(sent.header("location"));
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.has("Thank you. We’ve sent your decisions to Smith&#39;s Garage."));
    std::string decided = friendly("(SELECT decided_at FROM quotes WHERE id = " + j.quote + ")");
    BOOST_TEST(r.has("<p class=\"notice quote-closed\" role=\"status\">Decisions sent " + decided +
                     ".</p>"));
    BOOST_TEST(
        contains(item_of(r.body, 1), "<span class=\"badge badge-approved\">Approved</span>"));
    BOOST_TEST(
        contains(item_of(r.body, 2), "<span class=\"badge badge-declined\">Declined</span>"));
    BOOST_TEST(
        contains(item_of(r.body, 3), "<span class=\"badge badge-approved\">Approved</span>"));
    BOOST_TEST(!r.has("type=\"radio\""));
    BOOST_TEST(!r.has("Review and confirm"));
    BOOST_TEST(r.has("Approved: <strong>£346.14</strong>"));
    // The job's history says so, and the banner is gone.
    Reply job = b.get("/jobs/" + j.reference);
    BOOST_TEST(
        job.has("<span class=\"history-note\">Quote answered in the portal: 2 approved, 1 "
                "declined</span>"));
    BOOST_TEST(!job.has("quote-banner"));
    BOOST_TEST(!b.get("/").has("quote-banner"));
}

BOOST_AUTO_TEST_CASE(a_second_submission_answers_409_and_changes_nothing) {
    QuotedJob j = quoted_job();
    Browser b = sign_in(j.customer);
    b.get("/quotes/" + j.quote);
    BOOST_TEST_REQUIRE(
        b.post("/quotes/" + j.quote + "/decide", "item1=approve&item2=approve&item3=decline")
            .status == 303);
    std::string after = quote_state(j);
    BOOST_TEST(contains(after, "decided|"));
    BOOST_TEST(contains(after, "|approved,approved,declined|1|1"), after);

    Reply again =
        b.post("/quotes/" + j.quote + "/decide", "item1=decline&item2=decline&item3=decline");
    BOOST_TEST(again.status == 409);
    BOOST_TEST(
        again.has("You’ve already sent your decisions on this quote, so nothing was changed."));
    BOOST_TEST(again.has("<span class=\"badge badge-approved\">Approved</span>"));
    BOOST_TEST(!again.has("type=\"radio\""));
    BOOST_TEST(
        b.get("/quotes/" + j.quote + "/confirm?item1=decline&item2=decline&item3=decline").status ==
        409);
    BOOST_TEST(quote_state(j) == after);
}

BOOST_AUTO_TEST_CASE(a_withdrawn_quote_answers_409_with_the_reason_and_changes_nothing) {
    QuotedJob j = quoted_job();
    sql("UPDATE quotes SET status = 'withdrawn' WHERE id = " + j.quote);
    Browser b = sign_in(j.customer);
    const char* reason =
        "The garage has withdrawn this quote. They will be in touch if anything changes.";
    Reply page = b.get("/quotes/" + j.quote);
    BOOST_TEST(page.status == 200);
    BOOST_TEST(page.has(reason));
    BOOST_TEST(!page.has("type=\"radio\""));
    BOOST_TEST(
        b.get("/quotes/" + j.quote + "/confirm?item1=approve&item2=approve&item3=approve").status ==
        409);
    Reply r = b.post("/quotes/" + j.quote + "/decide", "item1=approve&item2=approve&item3=approve");
    BOOST_TEST(r.status == 409);
    BOOST_TEST(r.has("This quote can no longer be answered, so nothing was changed."));
    BOOST_TEST(r.has(reason));
    BOOST_TEST(quote_state(j) == "withdrawn|-|-|-,-,-|0|0");
}

BOOST_AUTO_TEST_CASE(an_expired_quote_answers_409_with_the_reason_and_changes_nothing) {
    QuotedJob j = quoted_job();
    sql("UPDATE quotes SET expires_at = now() - interval '1 minute' WHERE id = " + j.quote);
    Browser b = sign_in(j.customer);
    const char* reason =
        "This quote has expired. Please message or call the garage for an up-to-date one.";
    Reply page = b.get("/quotes/" + j.quote);
    BOOST_TEST(page.status == 200);
    BOOST_TEST(page.has(reason));
    BOOST_TEST(!page.has("type=\"radio\""));
    BOOST_TEST(
        b.get("/quotes/" + j.quote + "/confirm?item1=approve&item2=approve&item3=approve").status ==
        409);
    Reply r = b.post("/quotes/" + j.quote + "/decide", "item1=approve&item2=approve&item3=approve");
    BOOST_TEST(r.status == 409);
    BOOST_TEST(r.has("This quote can no longer be answered, so nothing was changed."));
    BOOST_TEST(r.has(reason));
    BOOST_TEST(quote_state(j) == kUndecided);
}

BOOST_AUTO_TEST_CASE(choices_for_items_the_quote_does_not_have_are_refused_and_change_nothing) {
    QuotedJob j = quoted_job();
    Browser b = sign_in(j.customer);
    b.get("/quotes/" + j.quote);
    const std::string all = "item1=approve&item2=decline&item3=approve";
    for (const std::string extra :
         {"&item4=approve", "&item9=decline", "&item30=approve", "&item31=approve",
          "&item0=approve", "&total=0", "&item1=approve"}) {
        BOOST_TEST_CONTEXT(extra) {
            Reply posted = b.post("/quotes/" + j.quote + "/decide", all + extra);
            BOOST_TEST(posted.status >= 400);
            BOOST_TEST(posted.status < 500);
            Reply confirm = b.get("/quotes/" + j.quote + "/confirm?" + all + extra);
            BOOST_TEST(confirm.status >= 400);
            BOOST_TEST(confirm.status < 500);
            BOOST_TEST(!confirm.has("Confirm and send"));
        }
    }
    for (const std::string form :
         {"item1=maybe&item2=decline&item3=approve", "item1=APPROVE&item2=decline&item3=approve",
          "item1=&item2=decline&item3=approve"}) {
        BOOST_TEST_CONTEXT(form) {
            Reply posted = b.post("/quotes/" + j.quote + "/decide", form);
            BOOST_TEST(posted.status >= 400);
            BOOST_TEST(posted.status < 500);
        }
    }
    BOOST_TEST(quote_state(j) == kUndecided);
    // The right three still work afterwards.
    BOOST_TEST(b.post("/quotes/" + j.quote + "/decide", all).status == 303);
}

BOOST_AUTO_TEST_CASE(deciding_without_a_valid_csrf_token_is_403_and_changes_nothing) {
    QuotedJob j = quoted_job();
    Browser b = sign_in(j.customer);
    b.get("/quotes/" + j.quote + "/confirm?item1=approve&item2=approve&item3=approve");
    const std::string form = "item1=approve&item2=approve&item3=approve";
    BOOST_TEST(post_without_token(b, "/quotes/" + j.quote + "/decide", form).status == 403);
    Reply wrong = b.post("/quotes/" + j.quote + "/decide", form, std::string(64, 'f').c_str());
    BOOST_TEST(wrong.status == 403);
    BOOST_TEST(wrong.has("That form has expired"));
    Browser other = sign_in(new_customer());
    other.get("/");
    BOOST_TEST(b.post("/quotes/" + j.quote + "/decide", form, other.csrf().c_str()).status == 403);
    BOOST_TEST(quote_state(j) == kUndecided);
}

// ---- Photos ----

BOOST_AUTO_TEST_CASE(the_owner_gets_a_quote_photo_from_the_private_files) {
    Browser ann = sign_in(demo_customer("smiths", "ann@example.com"));
    std::string quote =
        sql("SELECT q.id FROM quotes q JOIN work_orders w ON w.id = q.work_order_id"
            " WHERE w.reference = 'WO-TANGO-1234' AND q.status = 'awaiting'");
    std::string photo =
        sql("SELECT ph.id FROM quote_line_photos ph JOIN quote_lines l ON l.id ="
            " ph.quote_line_id WHERE l.quote_id = " +
            quote + " AND ph.file_path = 'quotes/demo/brake-disc.jpg'");
    std::string bytes = file_bytes(stack_dir() + "/files/quotes/demo/brake-disc.jpg");
    BOOST_TEST_REQUIRE(bytes.size() > 1000u);
    BOOST_TEST(
        ann.get("/quotes/" + quote).has("src=\"/quotes/" + quote + "/photos/" + photo + "\""));
    Reply r = ann.get("/quotes/" + quote + "/photos/" + photo);
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.header("content-type") == "image/jpeg");
    BOOST_TEST(r.body.size() == bytes.size());
    BOOST_TEST((r.body == bytes));
    // No copy stays in the browser after sign-out (security review, finding 11).
    BOOST_TEST(r.header("cache-control") == "no-store", r.header("cache-control"));
    BOOST_TEST(r.header("x-accel-redirect").empty());  // nginx's internal hop stays internal

    // A photo on a customer's own new quote, from the same private files.
    QuotedJob j = quoted_job();
    Browser b = sign_in(j.customer);
    Reply own = b.get("/quotes/" + j.quote + "/photos/" + j.photo);
    BOOST_TEST(own.status == 200);
    BOOST_TEST((own.body == file_bytes(stack_dir() + "/files/quotes/demo/brake-pad.jpg")));
    // Someone else's photo id under this customer's own quote is still not theirs.
    BOOST_TEST(b.get("/quotes/" + j.quote + "/photos/" + photo).status == 404);
}

BOOST_AUTO_TEST_CASE(private_files_are_never_served_directly) {
    QuotedJob j = quoted_job();
    Browser b = sign_in(j.customer);
    for (const char* path :
         {"/_private/quotes/demo/brake-pad.jpg", "/%5Fprivate/quotes/demo/brake-pad.jpg",
          "/_private/", "/static/../_private/quotes/demo/brake-pad.jpg"}) {
        BOOST_TEST_CONTEXT(path) {
            Reply signed_in = b.get(path);
            BOOST_TEST(signed_in.status == 404);
            BOOST_TEST(signed_in.header("content-type") != "image/jpeg");
            BOOST_TEST(get("smiths.localhost", path).status == 404);
        }
    }
}

// ---- Nothing of anyone else's ----

BOOST_AUTO_TEST_CASE(another_customers_job_quote_and_photo_answer_404_and_reveal_nothing) {
    QuotedJob mine = quoted_job(), theirs = quoted_job();
    Browser b = sign_in(mine.customer);
    BOOST_TEST_REQUIRE(b.get("/").status == 200);  // a page with this session's CSRF token
    const std::string q = "/quotes/" + theirs.quote;
    std::vector<Reply> replies = {
        b.get("/jobs/" + theirs.reference),
        b.get(q),
        b.get(q + "?item1=approve"),
        b.get(q + "/confirm?item1=approve&item2=approve&item3=approve"),
        b.get(q + "/photos/" + theirs.photo),
        b.get("/quotes/" + mine.quote + "/photos/" + theirs.photo),
        b.post(q + "/decide", "item1=approve&item2=approve&item3=approve"),
    };
    for (size_t i = 0; i < replies.size(); ++i) {
        BOOST_TEST_CONTEXT("request " << i) {
            const Reply& r = replies[i];
            BOOST_TEST(r.status == 404);
            BOOST_TEST(r.has("Page not found"));
            BOOST_TEST(!r.has(theirs.reference));
            BOOST_TEST(!r.has(theirs.registration));
            for (const auto& title : theirs.titles) BOOST_TEST(!r.has(title));
            BOOST_TEST(r.header("content-type") != "image/jpeg");
        }
    }
    BOOST_TEST(quote_state(theirs) == kUndecided);
    // Ids that are nobody's, or not ids at all.
    for (const char* path : {"/quotes/999999999999", "/quotes/0", "/quotes/abc", "/quotes/-1",
                             "/jobs/WO-NOBODY-0000", "/jobs/wo-tango-1234", "/quotes/1/photos/x"})
        BOOST_TEST(b.get(path).status == 404, path);
}

BOOST_AUTO_TEST_CASE(another_garages_records_answer_404_and_reveal_nothing) {
    QuotedJob smiths = quoted_job("smiths");
    // The same person is a customer of Northside too, with a job there.
    Customer there = new_customer("northside", smiths.customer.email);
    std::string their_car = add_vehicle(there, "Honda", "Jazz");
    std::string their_reg = sql("SELECT registration FROM vehicles WHERE id = " + their_car);
    std::string their_job = add_job(their_car, "ready", "Ready for collection");

    Browser northside = sign_in(there);
    BOOST_TEST_REQUIRE(northside.get("/").status == 200);
    const std::string q = "/quotes/" + smiths.quote;
    std::vector<Reply> replies = {
        northside.get("/jobs/" + smiths.reference),
        northside.get(q),
        northside.get(q + "/confirm?item1=approve&item2=approve&item3=approve"),
        northside.get(q + "/photos/" + smiths.photo),
        northside.post(q + "/decide", "item1=approve&item2=approve&item3=approve"),
    };
    for (size_t i = 0; i < replies.size(); ++i) {
        BOOST_TEST_CONTEXT("request " << i) {
            const Reply& r = replies[i];
            BOOST_TEST(r.status == 404);
            BOOST_TEST(!r.has(smiths.reference));
            BOOST_TEST(!r.has(smiths.registration));
            for (const auto& title : smiths.titles) BOOST_TEST(!r.has(title));
            BOOST_TEST(!r.has("Smith&#39;s Garage"));
        }
    }
    BOOST_TEST(quote_state(smiths) == kUndecided);

    // At Smith's, the same person sees nothing of their Northside job.
    Browser here = sign_in(smiths.customer);
    Reply r = here.get("/jobs/" + their_job);
    BOOST_TEST(r.status == 404);
    BOOST_TEST(!r.has(their_reg));
    BOOST_TEST(!here.get("/").has(their_job));

    // A Smith's session is nobody on Northside's host: sent to sign in there, shown nothing.
    Browser thief("northside.localhost");
    thief.set_cookie("portal_session", here.cookie("portal_session"));
    for (const std::string& path :
         {"/jobs/" + smiths.reference, q, q + "/photos/" + smiths.photo}) {
        BOOST_TEST_CONTEXT(path) {
            Reply stolen = thief.get(path);
            BOOST_TEST(stolen.status == 303);
            BOOST_TEST(stolen.header("location").rfind("/login?next=", 0) == 0u);
            BOOST_TEST(!stolen.has(smiths.registration));
            for (const auto& title : smiths.titles) BOOST_TEST(!stolen.has(title));
        }
    }
}

BOOST_AUTO_TEST_CASE(signed_out_requests_for_jobs_and_quotes_are_sent_to_sign_in) {
    QuotedJob j = quoted_job();
    struct Case {
        std::string path, next;
    } cases[] = {
        {"/jobs/" + j.reference, "/jobs/" + j.reference},
        {"/quotes/" + j.quote, "/quotes/" + j.quote},
        {"/quotes/" + j.quote + "/confirm?item1=approve",
         "/quotes/" + j.quote + "/confirm%3Fitem1%3Dapprove"},
        {"/quotes/" + j.quote + "/photos/" + j.photo, "/quotes/" + j.quote + "/photos/" + j.photo},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.path) {
            Reply r = get("smiths.localhost", c.path);
            BOOST_TEST(r.status == 303);
            BOOST_TEST(r.header("location") == "/login?next=" + c.next);
            BOOST_TEST(!r.has(j.registration));
            BOOST_TEST(r.header("content-type") != "image/jpeg");
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
