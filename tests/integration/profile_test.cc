// My Profile and communication preferences through nginx: how the customer is addressed (and the
// home page greeting them so), the consent toggles and their audit trail, the outbox keeping back
// what the customer switched off, and the one-click unsubscribe that works without signing in.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "fixtures.h"

using namespace itest;

namespace {

Customer new_customer(const std::string& garage = "smiths") {
    return itest::new_customer(garage, "profile", "Pat", "Quayle");
}

std::string customer_sql(const Customer& c, const std::string& column) {
    return sql("SELECT " + column + " FROM customers WHERE id = " + c.id);
}

std::string consent(const Customer& c, const std::string& code) {
    return sql(
        "SELECT coalesce((SELECT s.granted::text FROM consents s WHERE s.customer_id = " + c.id +
        " AND s.category_id = k.id), 'default ' || k.default_granted::text)"
        " FROM consent_categories k WHERE k.code = " +
        quoted(code));
}

std::string events(const Customer& c) {
    return sql("SELECT count(*) FROM consent_events WHERE customer_id = " + c.id);
}

std::string add_open_job(const Customer& c) {
    std::string vehicle =
        sql("INSERT INTO vehicles (garage_id, customer_id, registration, make, model)"
            " SELECT garage_id, id, " +
            quoted("PR" + unique_tag().substr(0, 5)) +
            ", 'Ford', 'Fiesta' FROM customers WHERE id = " + c.id + " RETURNING id");
    std::string reference = "WO-PROFILE-" + unique_tag();
    sql("INSERT INTO work_orders (garage_id, customer_id, vehicle_id, reference, status,"
        " status_message, description) SELECT garage_id, customer_id, id, " +
        quoted(reference) +
        ", 'in_progress', 'Work in progress', 'Service' FROM vehicles WHERE id = " + vehicle);
    return reference;
}

// Each malformed form is a 400; a good `form` without the CSRF token, or with a wrong one, a 403.
void expect_refused(Browser& b, const std::string& path, std::initializer_list<const char*> bad,
                    const std::string& form) {
    b.get(path);
    for (const char* f : bad) BOOST_TEST(b.post(path, f).status == 400, f);
    BOOST_TEST(post_without_token(b, path, form).status == 403);
    BOOST_TEST(b.post(path, form, "wrong").status == 403);
}

// The one-click unsubscribe URL's path in the newest email to `to`, from its List-Unsubscribe.
std::string unsubscribe_path(const std::string& mail) {
    size_t at = mail.find("List-Unsubscribe:");
    if (at == std::string::npos) return "";
    size_t start = mail.find("/unsubscribe/", at), end = mail.find('>', start);
    if (start == std::string::npos || end == std::string::npos) return "";
    return mail.substr(start, end - start);
}

// A mail client's one-click POST (RFC 8058): no cookie, no CSRF field; urlencoded, or as
// multipart/form-data, which the RFC prefers.
Reply one_click(const std::string& host, const std::string& path, bool multipart = false,
                const std::string& from = "") {
    Call call;
    call.method = "POST";
    call.host = host;
    call.path = path;
    call.source_ip = from;
    call.body = "List-Unsubscribe=One-Click";
    call.headers = {"Content-Type: application/x-www-form-urlencoded"};
    if (multipart) {
        call.body =
            "--b1\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\n"
            "One-Click\r\n--b1--\r\n";
        call.headers = {"Content-Type: multipart/form-data; boundary=b1"};
    }
    return http(call);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(profile)

BOOST_AUTO_TEST_CASE(my_profile_shows_each_way_of_being_addressed_with_her_own_name) {
    Customer c = new_customer();
    Browser b = sign_in(c);
    Reply r = b.get("/profile");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.has("How would you like us to address you?"));
    BOOST_TEST(r.has("<strong>Pat</strong>"));
    BOOST_TEST(r.has("<strong>Title Quayle</strong>"));
    BOOST_TEST(r.has("<strong>Pat Quayle</strong>"));
    for (const char* title : {"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "None"})
        BOOST_TEST(r.has(std::string(">") + title + "</option>"), title);
    BOOST_TEST(r.has("<a href=\"/profile/preferences\">Manage communication preferences</a>"));
}

BOOST_AUTO_TEST_CASE(choosing_title_and_surname_greets_her_so_on_the_home_page_and_in_the_menu) {
    Customer c = new_customer();
    Browser b = sign_in(c);
    BOOST_TEST(b.get("/").has("Pat"));
    b.get("/profile");
    Reply saved = b.post("/profile", "salutation=title_last_name&title=Mrs");
    BOOST_TEST(saved.status == 303);
    BOOST_TEST(saved.header("location") == "/profile?notice=saved");
    BOOST_TEST(customer_sql(c, "salutation || ' ' || title") == "title_last_name Mrs");
    Reply profile = b.get("/profile?notice=saved");
    BOOST_TEST(profile.has("Saved. This is how we’ll address you from now on."));
    BOOST_TEST(profile.has("<strong>Mrs Quayle</strong>"));
    Reply home = b.get("/");
    BOOST_TEST(home.has("Mrs Quayle"));
    BOOST_TEST(home.has("<span class=\"account-name\">Mrs Quayle</span>"));

    b.get("/profile");
    BOOST_TEST(b.post("/profile", "salutation=full_name&title=none").status == 303);
    BOOST_TEST(customer_sql(c, "salutation || ' ' || coalesce(title, '-')") == "full_name -");
    BOOST_TEST(b.get("/").has("<span class=\"account-name\">Pat Quayle</span>"));
}

BOOST_AUTO_TEST_CASE(title_and_surname_without_a_title_is_refused_and_changes_nothing) {
    Customer c = new_customer();
    Browser b = sign_in(c);
    b.get("/profile");
    Reply r = b.post("/profile", "salutation=title_last_name&title=none");
    BOOST_TEST(r.status == 422);
    BOOST_TEST(r.has("please choose your title as well"));
    BOOST_TEST(customer_sql(c, "salutation || ' ' || coalesce(title, '-')") == "first_name -");
}

BOOST_AUTO_TEST_CASE(bad_profile_input_is_refused_and_changes_nothing) {
    Customer c = new_customer();
    Browser b = sign_in(c);
    expect_refused(b, "/profile",
                   {"salutation=nickname&title=Mrs", "salutation=full_name&title=Sir",
                    "salutation=full_name", "salutation=full_name&title=Mr&admin=1"},
                   "salutation=full_name&title=Mr");
    BOOST_TEST(customer_sql(c, "salutation || ' ' || coalesce(title, '-')") == "first_name -");
}

BOOST_AUTO_TEST_CASE(profile_pages_need_a_signed_in_customer) {
    Reply r = get("smiths.localhost", "/profile");
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == "/login?next=/profile");
    BOOST_TEST(get("smiths.localhost", "/profile/preferences").status == 303);
}

BOOST_AUTO_TEST_CASE(preferences_show_the_four_toggles_with_their_defaults) {
    Customer c = new_customer();
    Browser b = sign_in(c);
    Reply r = b.get("/profile/preferences");
    BOOST_TEST(r.status == 200);
    for (const char* name :
         {"Work order updates", "Service reminders", "Offers &amp; promotions", "WhatsApp"})
        BOOST_TEST(r.has(std::string("<span class=\"toggle-name\">") + name + "</span>"), name);
    BOOST_TEST(r.has("Reminders when your vehicle"));
    BOOST_TEST(r.has("name=\"work_order_updates\" value=\"on\" checked"));
    BOOST_TEST(r.has("name=\"service_reminders\" value=\"on\" checked"));
    BOOST_TEST(r.has("name=\"offers\" value=\"on\" >"));
    BOOST_TEST(r.has("name=\"whatsapp\" value=\"on\" >"));
    BOOST_TEST(!r.has("You have a job open with us"));
    BOOST_TEST(!r.has("Last change:"));
}

BOOST_AUTO_TEST_CASE(each_change_is_kept_in_the_audit_trail_and_the_page_shows_the_last) {
    Customer c = new_customer();
    Browser b = sign_in(c);
    b.get("/profile/preferences");
    Reply r = b.post("/profile/preferences", "work_order_updates=on&offers=on");
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == "/profile/preferences?notice=saved");
    BOOST_TEST(consent(c, "offers") == "true");
    BOOST_TEST(consent(c, "service_reminders") == "false");
    BOOST_TEST(consent(c, "work_order_updates") == "true");
    std::string session = sql("SELECT id FROM sessions WHERE customer_id = " + c.id);
    BOOST_TEST(sql("SELECT string_agg(k.code || ':' || e.previous_granted || '>' || e.granted"
                   " || ':' || e.source || ':' || (e.session_id = " +
                   session + ") || ':' || (host(e.ip) = " + quoted(b.ip_) +
                   "), ',' ORDER BY k.position) FROM consent_events e JOIN consent_categories k"
                   " ON k.id = e.category_id WHERE e.customer_id = " +
                   c.id) ==
               "service_reminders:true>false:portal:true:true,"
               "offers:false>true:portal:true:true");
    Reply page = b.get("/profile/preferences?notice=saved");
    BOOST_TEST(page.has("Your preferences are saved."));
    BOOST_TEST(page.has("name=\"offers\" value=\"on\" checked"));
    BOOST_TEST(page.has("Last change: "));
    BOOST_TEST(page.has(", by you."));

    // Saving the same choices again records nothing new.
    b.post("/profile/preferences", "work_order_updates=on&offers=on");
    BOOST_TEST(events(c) == "2");
}

BOOST_AUTO_TEST_CASE(a_change_the_customer_asks_the_garage_for_is_kept_as_the_garages) {
    Customer c = new_customer();
    std::string who = "--garage smiths --customer " + c.email;
    int status = 0;
    std::string out =
        portalctl("customer consent " + who + " --category offers --granted yes", &status);
    BOOST_TEST(status == 0, out);
    BOOST_TEST(consent(c, "offers") == "true");
    BOOST_TEST(sql("SELECT e.previous_granted || '>' || e.granted || ':' || e.source FROM"
                   " consent_events e JOIN consent_categories k ON k.id = e.category_id"
                   " WHERE e.customer_id = " +
                   c.id + " AND k.code = 'offers' ORDER BY e.id DESC LIMIT 1") ==
               "false>true:garage");
    Browser b = sign_in(c);
    BOOST_TEST(b.get("/profile/preferences").has(", by the garage."));
    // The same again changes nothing; an unknown category or value is refused.
    BOOST_TEST(portalctl("customer consent " + who + " --category offers --granted yes")
                   .find("unchanged") != std::string::npos);
    portalctl("customer consent " + who + " --category sms --granted yes", &status);
    BOOST_TEST(status == 2);
    portalctl("customer consent " + who + " --category offers --granted maybe", &status);
    BOOST_TEST(status == 2);
}

BOOST_AUTO_TEST_CASE(work_order_updates_stay_on_while_a_job_is_open_and_the_page_says_so) {
    Customer c = new_customer();
    Browser b = sign_in(c);
    b.get("/profile/preferences");
    BOOST_TEST(b.post("/profile/preferences", "service_reminders=on").status == 303);
    BOOST_TEST(consent(c, "work_order_updates") == "false");

    add_open_job(c);
    Reply r = b.get("/profile/preferences");
    BOOST_TEST(r.has("You have a job open with us, so these stay on until it’s complete."));
    BOOST_TEST(r.has("name=\"work_order_updates\" value=\"on\" checked disabled"));
    std::string before = events(c);
    BOOST_TEST(b.post("/profile/preferences", "service_reminders=on").status == 303);
    BOOST_TEST(events(c) == before);
}

BOOST_AUTO_TEST_CASE(bad_preference_input_is_refused_and_changes_nothing) {
    Customer c = new_customer();
    Browser b = sign_in(c);
    expect_refused(b, "/profile/preferences", {"offers=yes", "offers=on&offers=on", "sms=on"},
                   "offers=on");
    BOOST_TEST(events(c) == "0");
}

BOOST_AUTO_TEST_CASE(an_offer_to_a_customer_who_never_said_yes_is_suppressed_with_the_reason) {
    Customer c = new_customer();
    int status = 0;
    std::string out =
        portalctl("notify --garage smiths --customer " + c.email +
                      " --category offers --subject 'Winter check' --text 'Half price.'",
                  &status);
    BOOST_TEST(status == 0, out);
    BOOST_TEST(contains(out, "suppressed"), out);
    BOOST_TEST(sql("SELECT status || '|' || suppressed_reason || '|' || category FROM outbox"
                   " WHERE customer_id = " +
                   c.id) ==
               "suppressed|Offers & promotions is switched off in the customer's communication "
               "preferences|offers");
    // The garage sees why, and cannot send it anyway.
    std::string id = sql("SELECT id FROM outbox WHERE customer_id = " + c.id);
    BOOST_TEST(contains(portalctl("outbox list --status suppressed --limit 50"),
                        "Offers & promotions is switched off"));
    out = portalctl("outbox retry " + id, &status);
    BOOST_TEST(status == 1, out);
    BOOST_TEST(contains(out, "communication preferences"), out);
    BOOST_TEST(sql("SELECT status FROM outbox WHERE id = " + id) == "suppressed");
}

BOOST_AUTO_TEST_CASE(whatsapp_off_means_no_whatsapp_even_for_a_work_order_update) {
    Customer c = new_customer();
    add_open_job(c);
    sql("INSERT INTO outbox (garage_id, customer_id, category, channel, recipient, body_text,"
        " message_id) SELECT garage_id, id, 'work_order_updates', 'whatsapp', '+447700900999',"
        " 'Ready', gen_random_uuid()::text FROM customers WHERE id = " +
        c.id);
    BOOST_TEST(
        sql("SELECT status || '|' || suppressed_reason FROM outbox WHERE customer_id = " + c.id) ==
        "suppressed|WhatsApp is switched off in the customer's communication preferences");
}

BOOST_AUTO_TEST_CASE(
    a_message_queued_before_the_customer_switched_off_is_suppressed_by_the_mailer) {
    Customer c = new_customer();
    // Queued for later (a retry), then the customer says no, then it falls due.
    std::string id = sql(
        "INSERT INTO outbox (garage_id, customer_id, category, channel, recipient, body_text,"
        " message_id, next_attempt_at) SELECT garage_id, id, 'service_reminders', 'email', email,"
        " 'MOT due', gen_random_uuid()::text, now() + interval '1 hour' FROM customers WHERE id "
        "= " +
        c.id + " RETURNING id");
    BOOST_TEST(sql("SELECT status FROM outbox WHERE id = " + id) == "queued");
    Browser b = sign_in(c);
    b.get("/profile/preferences");
    b.post("/profile/preferences", "work_order_updates=on");
    sql("UPDATE outbox SET next_attempt_at = now() WHERE id = " + id +
        "; SELECT pg_notify('outbox', '" + id + "')");
    std::string state;
    for (int i = 0; i < 100 && state != "suppressed"; ++i) {
        state = sql("SELECT status FROM outbox WHERE id = " + id);
        if (state != "suppressed") shell("sleep 0.1");
    }
    BOOST_TEST(state == "suppressed");
    BOOST_TEST(sql("SELECT suppressed_reason FROM outbox WHERE id = " + id) ==
               "Service reminders is switched off in the customer's communication preferences");
}

BOOST_AUTO_TEST_CASE(a_reminder_carries_a_one_click_unsubscribe_that_works_without_signing_in) {
    Customer c = new_customer();
    int status = 0;
    std::string out = portalctl("notify --garage smiths --customer " + c.email +
                                    " --category service_reminders --subject 'Your MOT is due'"
                                    " --text 'Book it before 1 March.'",
                                &status);
    BOOST_TEST(status == 0, out);
    BOOST_TEST(contains(out, "queued outbox"), out);
    std::string mail = mailbox_text(c.email);
    BOOST_TEST(contains(mail, "Hi Pat,"), mail);
    BOOST_TEST(contains(mail, "List-Unsubscribe-Post: List-Unsubscribe=One-Click"), mail);
    std::string path = unsubscribe_path(mail);
    BOOST_TEST_REQUIRE(!path.empty(), mail);
    BOOST_TEST(contains(mail, "To stop these emails, unsubscribe here: http://smiths.localhost"));

    // Opening the link (a person, or a mail scanner) changes nothing.
    Reply look = get("smiths.localhost", path);
    BOOST_TEST(look.status == 200);
    BOOST_TEST(look.has("Stop receiving Service reminders emails from Smith&#39;s Garage?"));
    BOOST_TEST(look.header("referrer-policy") == "no-referrer");
    BOOST_TEST(consent(c, "service_reminders") == "default true");

    // On another garage's host the link is nobody's.
    BOOST_TEST(one_click("northside.localhost", path).status == 404);
    BOOST_TEST(consent(c, "service_reminders") == "default true");

    Reply done = one_click("smiths.localhost", path, true);
    BOOST_TEST(done.status == 200);
    BOOST_TEST(done.has("You’re unsubscribed from Service reminders."));
    BOOST_TEST(consent(c, "service_reminders") == "false");
    BOOST_TEST(sql("SELECT e.previous_granted || '>' || e.granted || ':' || e.source ||"
                   " ':' || (e.session_id IS NULL) FROM consent_events e WHERE e.customer_id = " +
                   c.id) == "true>false:unsubscribe:true");

    // Used once: a replay is refused and records nothing.
    Reply again = one_click("smiths.localhost", path);
    BOOST_TEST(again.status == 410);
    BOOST_TEST(again.has("already been used"));
    BOOST_TEST(events(c) == "1");

    // The preferences page shows where the change came from.
    Browser b = sign_in(c);
    BOOST_TEST(b.get("/profile/preferences").has("from the unsubscribe link in an email."));
}

BOOST_AUTO_TEST_CASE(a_forged_unsubscribe_link_is_refused) {
    std::string forged = "/unsubscribe/" + std::string(43, 'A');
    BOOST_TEST(one_click("smiths.localhost", forged).status == 404);
    BOOST_TEST(get("smiths.localhost", forged).status == 404);
    BOOST_TEST(one_click("smiths.localhost", "/unsubscribe/short").status == 404);
    // One address trying link after link is stopped.
    std::string from =
        "127.9." + std::to_string(std::hash<std::string>{}(unique_tag()) % 200 + 1) + ".7";
    long last = 0;
    for (int i = 0; i < 21; ++i) last = one_click("smiths.localhost", forged, false, from).status;
    BOOST_TEST(last == 429);
    // Nothing of the token reaches a log.
    BOOST_TEST(shell("cat " + stack_dir() + "/log/*.log | grep -c " + std::string(20, 'A') +
                     " || true") == "0\n");
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

// A customer with a Ford Fiesta booked in (portalctl job add), `phone` on file ("" for none).
struct Booked {
    Customer customer;
    std::string reference;
};

Booked booked(const std::string& phone) {
    Booked j{new_customer(), ""};
    if (!phone.empty())
        sql("UPDATE customers SET phone = " + quoted(phone) + " WHERE id = " + j.customer.id);
    std::string out = portalctl("job add --garage smiths --customer " + j.customer.email +
                                " --registration 'WU" + unique_tag().substr(0, 2) +
                                " ABC' --make Ford --model Fiesta --description Service"
                                " --status in_progress");
    size_t at = out.find("added job ");
    BOOST_TEST_REQUIRE(at != std::string::npos, out);
    j.reference = out.substr(at + 10, out.find(' ', at + 10) - at - 10);
    return j;
}

std::string updates(const Customer& c) {
    return sql(
        "SELECT coalesce(string_agg(channel || ':' || status, ',' ORDER BY id), '') FROM"
        " outbox WHERE customer_id = " +
        c.id + " AND category = 'work_order_updates'");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(work_order_updates)

BOOST_AUTO_TEST_CASE(ready_sends_one_sms_with_a_deep_link_to_the_job_and_never_twice) {
    Booked j = booked("+44 7700 900777");
    std::string out =
        portalctl("job set-status --garage smiths --job " + j.reference + " --status ready");
    BOOST_TEST(contains(out, "told the customer by sms"), out);
    BOOST_TEST(contains(updates(j.customer), "sms:"), updates(j.customer));
    std::string text = phone_text(j.customer);
    BOOST_TEST(contains(text, "Smith's Garage: Your Ford Fiesta ("), text);
    BOOST_TEST(contains(text, ") is ready to collect. http://smiths.localhost"), text);
    BOOST_TEST(sql("SELECT recipient FROM outbox WHERE customer_id = " + j.customer.id) ==
               "+447700900777");
    // The link signs in and lands on the job's page.
    BOOST_TEST(sql("SELECT redirect_path FROM auth_tokens WHERE purpose = 'deep_link' AND"
                   " customer_id = " +
                   j.customer.id) == "/jobs/" + j.reference);

    // The same status again is no change; a status the customer isn't told of sends nothing.
    portalctl("job set-status --garage smiths --job " + j.reference + " --status ready");
    portalctl("job set-status --garage smiths --job " + j.reference + " --status in_progress");
    BOOST_TEST(sql("SELECT count(*) FROM outbox WHERE customer_id = " + j.customer.id) == "1");
}

BOOST_AUTO_TEST_CASE(whatsapp_is_used_when_the_customer_allows_it) {
    Booked j = booked("+44 7700 900778");
    Browser b = sign_in(j.customer);
    b.get("/profile/preferences");
    b.post("/profile/preferences", "service_reminders=on&whatsapp=on");
    std::string out = portalctl("job set-status --garage smiths --job " + j.reference +
                                " --status awaiting_parts");
    BOOST_TEST(contains(out, "told the customer by whatsapp"), out);
    BOOST_TEST(contains(phone_text(j.customer), "We're waiting for parts for your Ford Fiesta"));
}

BOOST_AUTO_TEST_CASE(without_a_mobile_a_new_quote_goes_by_email_with_a_link_to_it) {
    Booked j = booked("+44 20 7946 0999");  // a landline: no SMS
    std::string out = portalctl("quote add --garage smiths --job " + j.reference +
                                " --technician Priya --item 'safety|Brake pads|||1|78.00'");
    BOOST_TEST(contains(out, "told the customer by email"), out);
    std::string quote =
        sql("SELECT max(q.id) FROM quotes q JOIN work_orders w ON w.id ="
            " q.work_order_id WHERE w.reference = " +
            quoted(j.reference));
    std::string mail = mailbox_text(j.customer.email);
    BOOST_TEST(contains(mail, "Hi Pat,"), mail);
    BOOST_TEST(contains(mail, "We've sent you a quote for your Ford Fiesta"), mail);
    BOOST_TEST(contains(mail, "http://smiths.localhost:"), mail);
    BOOST_TEST(contains(mail, "/quotes/" + quote), mail);
    BOOST_TEST(!contains(mail, "List-Unsubscribe"), mail);
}

BOOST_AUTO_TEST_CASE(quiet_tells_the_customer_nothing) {
    Booked j = booked("+44 7700 900779");
    std::string out = portalctl("job set-status --garage smiths --job " + j.reference +
                                " --status complete --quiet");
    BOOST_TEST(!contains(out, "told"), out);
    portalctl("quote add --garage smiths --job " + j.reference +
              " --technician Priya --item 'safety|Brake pads|||1|78.00' --quiet");
    BOOST_TEST(updates(j.customer) == "");
}

BOOST_AUTO_TEST_CASE(updates_go_while_a_job_is_open_whatever_the_toggle_says) {
    Booked j = booked("");
    // Switched off (possible only with no job open), then a job opened.
    sql("INSERT INTO consents (garage_id, customer_id, category_id, granted) SELECT garage_id,"
        " id, (SELECT id FROM consent_categories WHERE code = 'work_order_updates'), false"
        " FROM customers WHERE id = " +
        j.customer.id);
    std::string out =
        portalctl("job set-status --garage smiths --job " + j.reference + " --status ready");
    BOOST_TEST(contains(out, "told the customer by email"), out);
    BOOST_TEST(!contains(updates(j.customer), "suppressed"));
}

BOOST_AUTO_TEST_SUITE_END()
