// Messages through nginx: the conversation list and the compose view, a thread, replies and the
// read-marking, the 304 poll, attachments (the garage's limits, HEIC to JPEG, metadata gone),
// portalctl message add|list with the notifications, and nothing of anyone else's.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fstream>
#include <thread>

#include "fixtures.h"

using namespace itest;

namespace {

const std::string kBoundary = kMultipartBoundary;

Customer new_customer(const std::string& garage = "smiths") {
    return itest::new_customer(garage, "messages", "Mia", "Morgan");
}

std::string add_job(const Customer& c) {
    std::string tag = unique_tag();
    std::string vehicle =
        sql("INSERT INTO vehicles (garage_id, customer_id, registration, make, model, colour)"
            " SELECT garage_id, id, " +
            quoted(tag.substr(0, 4) + " " + tag.substr(4, 3)) +
            ", 'Skoda', 'Octavia', 'Silver' FROM customers WHERE id = " + c.id + " RETURNING id");
    std::string reference = "WO-MSG-" + tag;
    sql("INSERT INTO work_orders (garage_id, customer_id, vehicle_id, reference, status,"
        " status_message, description, booked_at) SELECT garage_id, customer_id, id, " +
        quoted(reference) +
        ", 'in_progress', 'Work in progress', 'Service', now() - interval '1 day' FROM vehicles"
        " WHERE id = " +
        vehicle);
    return reference;
}

// portalctl message add for `c`; its output (status in `status`).
std::string garage_says(const Customer& c, const std::string& args, int* status = nullptr) {
    return portalctl(
        "message add --garage " + c.garage + " --customer " + c.email + " --author Dave " + args,
        status);
}

std::string conversation_of(const Customer& c) {
    return sql("SELECT max(id) FROM conversations WHERE customer_id = " + c.id);
}

// The garage writes `text` to a new customer, who opens the thread in their browser.
struct OpenThread {
    Customer c;
    std::string id;
    Browser b;
};
OpenThread open_thread(const std::string& text) {
    Customer c = new_customer();
    garage_says(c, "--text " + quoted(text));
    std::string id = conversation_of(c);
    Browser b = sign_in(c, "/messages/" + id);
    b.get("/messages/" + id);
    return {c, id, b};
}

std::string messages_of(const Customer& c) {
    return sql(
        "SELECT count(*) FROM messages m JOIN conversations cv ON cv.id = m.conversation_id"
        " WHERE cv.customer_id = " +
        c.id);
}

// POSTs a multipart form as the signed-in browser `b` would, its token first.
Reply post_files(Browser& b, const std::string& path, const std::string& text,
                 const std::vector<Part>& files, bool with_token = true,
                 const std::string& about = "") {
    std::vector<Part> parts;
    if (with_token) parts.push_back({"csrf", b.csrf(), "", ""});
    if (!about.empty()) parts.push_back({"about", about, "", ""});
    parts.push_back({"body", text, "", ""});
    for (const auto& f : files) parts.push_back(f);
    Call call;
    call.method = "POST";
    call.host = b.host_;
    call.path = path;
    call.source_ip = b.ip_;
    call.body = multipart(parts);
    call.headers = {"Content-Type: multipart/form-data; boundary=" + kBoundary,
                    "Cookie: portal_session=" + b.cookie("portal_session")};
    return http(call);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// A photo made by libvips' command line, `width`×`height`, of random noise (so it stays large
// when compressed), in the format `suffix` names.
std::string make_photo(const std::string& name, int width, int height) {
    std::string dir = stack_dir() + "/test-photos";
    shell("mkdir -p '" + dir + "'");
    std::string path = dir + "/" + name;
    int status = 0;
    std::string out = shell("vips gaussnoise '" + dir + "/noise.v' " + std::to_string(width) + " " +
                                std::to_string(height) + " && vips cast '" + dir + "/noise.v' '" +
                                path + "' uchar 2>&1",
                            &status);
    BOOST_TEST_REQUIRE(status == 0, out);
    return path;
}

// Where nginx sends a file the portal authorised: the internal path under files_dir.
std::string stored_file(const std::string& attachment) {
    return stack_dir() + "/files/" +
           sql("SELECT file_path FROM message_attachments WHERE id = " + attachment);
}

std::string attachments_of(const Customer& c) {
    return sql(
        "SELECT count(*) FROM message_attachments a JOIN messages m ON m.id = a.message_id"
        " JOIN conversations cv ON cv.id = m.conversation_id WHERE cv.customer_id = " +
        c.id);
}

// Files kept for the customer's latest conversation, and temporary upload files left behind.
size_t stored_files(const Customer& c) {
    std::string dir = stack_dir() + "/files/messages/" +
                      sql("SELECT garage_id FROM customers WHERE id = " + c.id) + "/" +
                      conversation_of(c);
    return std::stoul(shell("find '" + dir + "' -type f 2>/dev/null | wc -l"));
}

size_t upload_leftovers() {
    return std::stoul(
        shell("find '" + stack_dir() + "/files/.uploads' -type f 2>/dev/null | wc -l"));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(messages)

BOOST_AUTO_TEST_CASE(
    a_customer_with_no_conversation_gets_the_compose_view_and_sends_a_first_message) {
    Customer c = new_customer();
    std::string job = add_job(c);
    Browser b = sign_in(c, "/messages");
    Reply r = b.get("/messages");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.has("<h1>Messages</h1>"));
    BOOST_TEST(r.has("Your conversations with the garage team"));
    BOOST_TEST(r.has("Need help with your vehicle?"));
    BOOST_TEST(r.has("value=\"" + job + "\""), "the customer's active job is a choice");
    BOOST_TEST(r.has("value=\"general\" checked"));

    std::string garage_mail_before =
        sql("SELECT count(*) FROM outbox WHERE purpose = 'message_from_customer'");
    Reply sent = b.post("/messages", "about=general&body=" + url_encode("Is the car wash open?"));
    BOOST_TEST(sent.status == 303);
    std::string id = conversation_of(c);
    BOOST_TEST(sent.header("location") == "/messages/" + id + "#latest");
    Reply thread = b.get("/messages/" + id);
    BOOST_TEST(thread.has("Is the car wash open?"));
    BOOST_TEST(thread.has("<h1>General enquiry</h1>"));
    // The garage is emailed: who, about what, the text.
    BOOST_TEST(
        std::stol(sql("SELECT count(*) FROM outbox WHERE purpose = 'message_from_customer'")) ==
        std::stol(garage_mail_before) + 1);
    std::string mail =
        sql("SELECT body_text FROM outbox WHERE purpose = 'message_from_customer' ORDER BY id DESC "
            "LIMIT 1");
    BOOST_TEST(contains(mail, "Mia Morgan (" + c.email + ")"), mail);
    BOOST_TEST(contains(mail, "Is the car wash open?"), mail);

    Reply list = b.get("/messages");
    BOOST_TEST(list.has("General enquiry"));
    BOOST_TEST(list.has("<strong>You:</strong> Is the car wash open?"));
    BOOST_TEST(list.has("just now"));
}

BOOST_AUTO_TEST_CASE(the_job_page_link_opens_the_compose_view_with_the_job_then_its_conversation) {
    Customer c = new_customer();
    std::string job = add_job(c);
    Browser b = sign_in(c, "/jobs/" + job);
    Reply page = b.get("/jobs/" + job);
    BOOST_TEST(page.has("href=\"/messages/new?job=" + job + "\""));
    Reply compose = b.get("/messages/new?job=" + job);
    BOOST_TEST(compose.status == 200);
    BOOST_TEST(compose.has("value=\"" + job + "\" checked"));
    BOOST_TEST(b.post("/messages", "about=" + job + "&body=Any+news%3F").status == 303);
    std::string id = conversation_of(c);
    Reply again = b.get("/messages/new?job=" + job);
    BOOST_TEST(again.status == 303);
    BOOST_TEST(again.header("location") == "/messages/" + id);
    // A second first message about the same job lands in the same conversation.
    BOOST_TEST(b.post("/messages", "about=" + job + "&body=Hello+again").status == 303);
    BOOST_TEST(conversation_of(c) == id);
    BOOST_TEST(sql("SELECT count(*) FROM conversations WHERE customer_id = " + c.id) == "1");
    Reply list = b.get("/messages");
    BOOST_TEST(list.has("Skoda Octavia"));
    BOOST_TEST(list.has("class=\"plate\""));
    // Someone else's job reference is no choice at all.
    BOOST_TEST(b.post("/messages", "about=WO-TANGO-1234&body=Hi").status == 404);
}

BOOST_AUTO_TEST_CASE(the_list_shows_previews_channels_and_unread_counts_and_reading_clears_them) {
    Customer c = new_customer();
    std::string job = add_job(c);
    int status = 0;
    std::string out =
        garage_says(c, "--job " + job + " --channel whatsapp --text 'Parts are in.'", &status);
    BOOST_TEST(status == 0, out);
    BOOST_TEST(contains(out, "recorded from WhatsApp"), out);
    garage_says(c, "--job " + job + " --text 'Your car is ready.'");
    garage_says(c, "--text 'Winter check offer: free this month.'");
    Browser b = sign_in(c, "/messages");
    Reply list = b.get("/messages");
    BOOST_TEST(list.status == 200);
    // Newest first: the general enquiry, then the job's conversation.
    BOOST_TEST(list.body.find("Winter check offer") < list.body.find("Your car is ready."));
    BOOST_TEST(list.has("<strong>Garage:</strong> Your car is ready."));
    BOOST_TEST(list.has("2 unread"));
    BOOST_TEST(list.has("1 unread"));
    BOOST_TEST(list.has("role=\"img\" aria-label=\"Portal\""));
    BOOST_TEST(
        list.has("General enquiry</span> <span class=\"badge channel-badge channel-portal\">"));
    BOOST_TEST(b.get("/").has("3 unread"));

    std::string id = sql("SELECT id FROM conversations WHERE customer_id = " + c.id +
                         " AND work_order_id IS NOT NULL");
    Reply thread = b.get("/messages/" + id);
    BOOST_TEST(thread.has("Parts are in."));
    BOOST_TEST(thread.has("by WhatsApp"));
    BOOST_TEST(thread.has("class=\"bubble-author\">Dave</span>"));
    BOOST_TEST(thread.body.find("Parts are in.") < thread.body.find("Your car is ready."));
    BOOST_TEST(b.get("/").has("1 unread"));
    BOOST_TEST(!b.get("/messages").has("2 unread"));
}

BOOST_AUTO_TEST_CASE(a_reply_is_added_and_bad_replies_change_nothing) {
    auto [c, id, b] = open_thread("How can we help?");
    BOOST_TEST(b.post("/messages/" + id, "body=" + url_encode("Line one\nLine two")).status == 303);
    Reply thread = b.get("/messages/" + id);
    BOOST_TEST(thread.has("Line one\nLine two"));
    BOOST_TEST(thread.has("bubble bubble-customer"));
    std::string before = messages_of(c);
    Reply blank = b.post("/messages/" + id, "body=+++");
    BOOST_TEST(blank.status == 422);
    BOOST_TEST(blank.has("Please write your message."));
    BOOST_TEST(b.post("/messages/" + id, "body=" + std::string(5001, 'x')).status == 400);
    BOOST_TEST(b.post("/messages/" + id, "body=" + std::string(5000, 'x')).status == 303);
    BOOST_TEST(b.post("/messages/" + id, "body=x&admin=1").status == 400);
    BOOST_TEST(post_without_token(b, "/messages/" + id, "body=x").status == 403);
    BOOST_TEST(std::stol(messages_of(c)) == std::stol(before) + 1);
}

// Issue 12: "A message body is 1–5,000 characters of text": characters (code points), not bytes,
// so 5,000 of a 4-byte character (20,000 bytes) go, on both routes and in both encodings.
BOOST_AUTO_TEST_CASE(a_message_of_5000_characters_in_any_script_is_sent_and_5001_are_refused) {
    auto [c, id, b] = open_thread("Tell us everything.");
    auto times = [](const std::string& character, size_t n) {
        std::string s;
        for (size_t i = 0; i < n; ++i) s += character;
        return s;
    };
    const std::string car = "\xF0\x9F\x9A\x97", euro = "\xE2\x82\xAC", l = "\xC5\x82";
    std::string thread = "/messages/" + id;
    auto newest = [&] {
        return sql(
            "SELECT char_length(m.body) || ' ' || octet_length(m.body) FROM messages m"
            " JOIN conversations cv ON cv.id = m.conversation_id WHERE cv.customer_id = " +
            c.id + " ORDER BY m.id DESC LIMIT 1");
    };
    BOOST_TEST(post_files(b, thread, times(car, 5000), {}).status == 303);
    BOOST_TEST(newest() == "5000 20000");
    BOOST_TEST(b.post(thread, "body=" + url_encode(times(car, 5000))).status == 303);
    BOOST_TEST(newest() == "5000 20000");
    BOOST_TEST(post_files(b, "/messages", times(euro, 5000), {}, true, "general").status == 303);
    BOOST_TEST(newest() == "5000 15000");
    BOOST_TEST(b.post("/messages", "about=general&body=" + url_encode(times(l, 5000))).status ==
               303);
    BOOST_TEST(newest() == "5000 10000");

    // One character more is refused as 5,001 plain letters are, and nothing is stored.
    std::string before = messages_of(c);
    Reply ascii = b.post(thread, "body=" + std::string(5001, 'x'));
    BOOST_TEST_REQUIRE(ascii.status == 400);
    BOOST_TEST_REQUIRE(ascii.has("Please go back and try again."));
    for (const Reply& r :
         {post_files(b, thread, times(car, 5001), {}),
          b.post(thread, "body=" + url_encode(times(car, 5001))),
          post_files(b, "/messages", times(car, 5001), {}, true, "general"),
          b.post("/messages", "about=general&body=" + url_encode(times(l, 5001)))}) {
        BOOST_TEST(r.status == 400);
        BOOST_TEST(r.has("Please go back and try again."));
    }
    BOOST_TEST(messages_of(c) == before);
}

BOOST_AUTO_TEST_CASE(another_customers_or_garages_conversation_is_a_404_that_names_nothing) {
    Customer owner = new_customer();
    garage_says(owner, "--text 'Private: your MOT failed on brakes.'");
    std::string id = conversation_of(owner);
    Customer other = new_customer();
    Browser b = sign_in(other, "/messages");
    Reply r = b.get("/messages/" + id);
    BOOST_TEST(r.status == 404);
    BOOST_TEST(!r.has("MOT failed"));
    b.get("/messages");  // a page with a form, for its token
    BOOST_TEST(b.post("/messages/" + id, "body=hi").status == 404);
    BOOST_TEST(b.get("/messages/" + id + "?after=0").status == 404);
    BOOST_TEST(messages_of(owner) == "1");
    // The same person at another garage sees nothing of this garage's.
    Customer elsewhere = itest::new_customer("northside", "messages", "Mia", "Morgan", owner.email);
    Browser n = sign_in(elsewhere, "/messages");
    BOOST_TEST(n.get("/messages/" + id).status == 404);
    BOOST_TEST(n.get("/messages").has("Need help with your vehicle?"));
}

BOOST_AUTO_TEST_CASE(the_poll_answers_304_until_a_message_arrives) {
    Customer c = new_customer();
    garage_says(c, "--text 'First.'");
    std::string id = conversation_of(c);
    Browser b = sign_in(c, "/messages/" + id);
    Reply thread = b.get("/messages/" + id);
    std::string last = sql("SELECT max(id) FROM messages WHERE conversation_id = " + id);
    BOOST_TEST(thread.has("data-poll=\"/messages/" + id + "?after=" + last + "\""));
    Reply same = b.get("/messages/" + id + "?after=" + last);
    BOOST_TEST(same.status == 304);
    BOOST_TEST(same.body.empty());
    Reply list = b.get("/messages");
    size_t at = list.body.find("data-poll=\"/messages?since=");
    BOOST_TEST_REQUIRE(at != std::string::npos);
    std::string poll = list.body.substr(at + 11, list.body.find('"', at + 11) - at - 11);
    BOOST_TEST(b.get(poll).status == 304);

    garage_says(c, "--conversation " + id + " --text 'Second, live.'");
    Reply fresh = b.get("/messages/" + id + "?after=" + last);
    BOOST_TEST(fresh.status == 200);
    BOOST_TEST(fresh.has("Second, live."));
    BOOST_TEST(b.get(poll).status == 200);
}

BOOST_AUTO_TEST_CASE(a_long_thread_shows_the_newest_messages_and_pages_back) {
    Customer c = new_customer();
    garage_says(c, "--text 'Message 0'");
    std::string id = conversation_of(c);
    sql("INSERT INTO messages (garage_id, conversation_id, author, author_name, body, sent_at)"
        " SELECT garage_id, id, 'garage', 'Dave', 'Message ' || n, now() + n * interval '1 second'"
        " FROM conversations, generate_series(1, 40) n WHERE id = " +
        id);
    Browser b = sign_in(c, "/messages/" + id);
    Reply r = b.get("/messages/" + id);
    BOOST_TEST(r.has("Message 40<"));
    BOOST_TEST(r.has("Message 11<"));
    BOOST_TEST(!r.has("Message 10<"));
    BOOST_TEST(count(r.body, "class=\"bubble ") == 30u);
    size_t at = r.body.find("?before=");
    BOOST_TEST_REQUIRE(at != std::string::npos);
    std::string older = "/messages/" + id + r.body.substr(at, r.body.find('"', at) - at);
    Reply page2 = b.get(older);
    BOOST_TEST(page2.has("Message 10<"));
    BOOST_TEST(page2.has("Message 0<"));
    BOOST_TEST(!page2.has("Message 11<"));
    BOOST_TEST(!page2.has("Show earlier messages"));
    BOOST_TEST(page2.has("Show the newest messages"));
}

BOOST_AUTO_TEST_CASE(a_customer_is_told_when_the_hourly_message_limit_is_reached) {
    auto [c, id, b] = open_thread("Hello");
    for (int i = 0; i < 30; ++i)
        BOOST_TEST_REQUIRE(b.post("/messages/" + id, "body=n" + std::to_string(i)).status == 303);
    Reply r = b.post("/messages/" + id, "body=one+too+many");
    BOOST_TEST(r.status == 429);
    BOOST_TEST(r.has("You’ve sent a lot of messages in the last hour."));
    BOOST_TEST(messages_of(c) == "31");
}

BOOST_AUTO_TEST_CASE(portalctl_lists_the_inbox_with_unread_first_and_coalesces_notifications) {
    Customer c = new_customer();
    std::string before = sql("SELECT count(*) FROM outbox WHERE recipient = " + quoted(c.email));
    int status = 0;
    std::string first = garage_says(c, "--text 'One.'", &status);
    BOOST_TEST(status == 0, first);
    BOOST_TEST(contains(first, "customer notified by email"), first);
    std::string id = conversation_of(c);
    std::string second = garage_says(c, "--conversation " + id + " --text 'Two.'");
    BOOST_TEST(contains(second, "customer already notified"), second);
    BOOST_TEST(sql("SELECT count(*) FROM outbox WHERE recipient = " + quoted(c.email)) ==
               std::to_string(std::stol(before) + 1));
    std::string mail = sql("SELECT body_text FROM outbox WHERE recipient = " + quoted(c.email) +
                           " ORDER BY id DESC LIMIT 1");
    BOOST_TEST(contains(mail, "/messages/" + id), mail);

    Browser b = sign_in(c, "/messages/" + id);
    b.get("/messages/" + id);
    b.post("/messages/" + id, "body=Thanks%2C+see+you+soon");
    std::string inbox = portalctl("message list --garage smiths --unread");
    BOOST_TEST(contains(inbox, c.email), inbox);
    BOOST_TEST(contains(portalctl("message list --garage smiths --unread --limit 1"), c.email));
    garage_says(c, "--conversation " + id + " --text 'Great.'");
    BOOST_TEST(!contains(portalctl("message list --garage smiths --unread"), c.email));

    // Where the garage reaches the customer on WhatsApp, the link goes there instead.
    Customer w = new_customer();
    sql("UPDATE customers SET phone = '+44 7700 900555' WHERE id = " + w.id);
    sql("INSERT INTO consents (garage_id, customer_id, category_id, granted) SELECT garage_id, id,"
        " (SELECT id FROM consent_categories WHERE code = 'whatsapp'), true FROM customers"
        " WHERE id = " +
        w.id);
    BOOST_TEST(contains(garage_says(w, "--text 'On WhatsApp.'"), "customer notified by WhatsApp"));
    BOOST_TEST(sql("SELECT channel || ' ' || recipient FROM outbox WHERE purpose ="
                   " 'message_from_garage' ORDER BY id DESC LIMIT 1") == "whatsapp +447700900555");

    BOOST_TEST(contains(garage_says(c, "--channel fax --text x", &status), "--channel"));
    BOOST_TEST(status == 2);
    garage_says(c, "--conversation 1 --text x", &status);
    BOOST_TEST(status == 1);
}

// Issue 12: the customer is told "by email — or by SMS/WhatsApp where that is how the garage
// reaches them", by the rule work order updates follow (notices.h): WhatsApp where they allow it,
// else SMS to a mobile, with a link that signs them in to the thread; else email.
BOOST_AUTO_TEST_CASE(a_customer_with_a_mobile_is_told_by_sms_with_a_link_that_opens_the_thread) {
    Customer c = new_customer();
    sql("UPDATE customers SET phone = '+44 7700 900556' WHERE id = " + c.id);
    std::string out = garage_says(c, "--text 'Your car is ready.'");
    BOOST_TEST(contains(out, "customer notified by SMS"), out);
    std::string id = conversation_of(c);
    BOOST_TEST(sql("SELECT channel || ' ' || recipient || ' ' || purpose FROM outbox"
                   " WHERE customer_id = " +
                   c.id) == "sms +447700900556 message_from_garage");
    std::string text = phone_text(c);
    BOOST_TEST(contains(text,
                        "Smith's Garage: Dave has sent you a message. Read it and reply"
                        " here: http://smiths.localhost"),
               text);
    // The link signs in and opens the thread.
    size_t at = text.find("/auth/");
    BOOST_TEST_REQUIRE(at != std::string::npos, text);
    std::string link = text.substr(at, 6 + 43);
    Browser b("smiths.localhost");
    BOOST_TEST(b.get(link).status == 200);
    Reply signed_in = b.post(link, "");
    BOOST_TEST(signed_in.status == 303);
    BOOST_TEST(contains(signed_in.header("location"), "/messages/" + id),
               signed_in.header("location"));
    BOOST_TEST(b.get("/messages/" + id).has("Your car is ready."));

    // Several messages within 10 minutes make one notification, on this channel too.
    out = garage_says(c, "--conversation " + id + " --text 'The keys are at the desk.'");
    BOOST_TEST(contains(out, "customer already notified"), out);
    BOOST_TEST(sql("SELECT count(*) FROM outbox WHERE customer_id = " + c.id) == "1");

    // A landline is no use for SMS: email, greeted as the customer prefers, with the link.
    Customer e = new_customer();
    sql("UPDATE customers SET phone = '+44 20 7946 0998' WHERE id = " + e.id);
    out = garage_says(e, "--text 'Hello.'");
    BOOST_TEST(contains(out, "customer notified by email"), out);
    std::string mail = mailbox_text(e.email);
    BOOST_TEST(contains(mail, "Hi Mia,"), mail);
    BOOST_TEST(contains(mail, "/messages/" + conversation_of(e)), mail);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(message_times)

// The conversation list's relative times (portal_ago, sql/006_messages.sql), in the garage's
// time zone once they become dates.
BOOST_AUTO_TEST_CASE(times_read_minutes_hours_days_then_a_date_where_the_garage_is) {
    auto ago = [](const std::string& when, const std::string& tz = "Europe/London") {
        return sql("SELECT portal_ago(" + when + ", " + quoted(tz) + ")");
    };
    BOOST_TEST(ago("now() - interval '20 seconds'") == "just now");
    BOOST_TEST(ago("now() - interval '5 minutes 10 seconds'") == "5m ago");
    BOOST_TEST(ago("now() - interval '2 hours 5 minutes'") == "2h ago");
    BOOST_TEST(ago("now() - interval '3 days 1 hour'") == "3d ago");
    // 23:30 in London on 15 March is already the 16th in Auckland.
    BOOST_TEST(ago("'2020-03-15 23:30+00'") == "15 Mar 2020");
    BOOST_TEST(ago("'2020-03-15 23:30+00'", "Pacific/Auckland") == "16 Mar 2020");
    // This year's dates leave the year out (not checkable in the first days of January).
    if (sql("SELECT now() > date_trunc('year', now()) + interval '10 days'") == "t")
        BOOST_TEST(ago("(date_trunc('year', now() AT TIME ZONE 'Europe/London')"
                       " + interval '1 day 12 hours') AT TIME ZONE 'Europe/London'") == "2 Jan");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(message_attachments)

BOOST_AUTO_TEST_CASE(a_photo_and_a_pdf_arrive_with_the_message_and_are_served_privately) {
    auto [c, id, b] = open_thread("Send us a photo.");
    std::string photo = read_file(make_photo("small.png", 200, 150));
    std::string pdf = read_file(repo_dir() + "/sql/demo-files/messages/demo/mot-certificate.pdf");
    Reply r = post_files(b, "/messages/" + id, "Here they are",
                         {{"attachment", photo, "dash light.png", "image/png"},
                          {"attachment", pdf, "invoice.pdf", "application/octet-stream"}});
    BOOST_TEST(r.status == 303, r.body);
    BOOST_TEST(attachments_of(c) == "2");
    Reply thread = b.get("/messages/" + id);
    BOOST_TEST(thread.has("alt=\"Photo: dash light.png\""));
    BOOST_TEST(thread.has("invoice.pdf"));
    std::string first =
        sql("SELECT min(a.id) FROM message_attachments a JOIN messages m ON m.id = a.message_id"
            " WHERE m.conversation_id = " +
            id);
    std::string second = std::to_string(std::stol(first) + 1);
    Reply img = b.get("/messages/" + id + "/files/" + first);
    BOOST_TEST(img.status == 200);
    BOOST_TEST(img.header("content-type") == "image/png");
    BOOST_TEST(contains(img.header("content-disposition"), "inline"));
    BOOST_TEST(img.header("x-content-type-options") == "nosniff");
    Reply doc = b.get("/messages/" + id + "/files/" + second);
    BOOST_TEST(doc.header("content-type") == "application/pdf");
    BOOST_TEST(contains(doc.header("content-disposition"), "attachment; filename=\"invoice.pdf\""));
    BOOST_TEST(doc.body == pdf);
    // Nobody else's: another customer, and no direct URL.
    Browser other = sign_in(new_customer(), "/messages");
    BOOST_TEST(other.get("/messages/" + id + "/files/" + first).status == 404);
    BOOST_TEST(other
                   .get("/_private/" +
                        sql("SELECT file_path FROM message_attachments WHERE id = " + first))
                   .status == 404);
    // The customer's photo is among the garage's files, not at a public URL.
    BOOST_TEST(stored_file(first).find("/files/messages/") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(gps_and_other_metadata_are_gone_and_a_large_photo_is_reduced_upright) {
    auto [c, id, b] = open_thread("Photo please.");
    // A 4000×3000 photo of over 1 MB, taken on its side (EXIF orientation 6), with a position.
    std::string path = make_photo("gps.jpg", 4000, 3000);
    int status = 0;
    std::string out = shell(
        "exiftool -q -overwrite_original -GPSLatitude=53.4808 "
        "-GPSLatitudeRef=N -GPSLongitude=2.2426 -GPSLongitudeRef=W "
        "-Orientation#=6 -Make=Phone '" +
            path + "' 2>&1",
        &status);
    BOOST_TEST_REQUIRE(status == 0, out);
    BOOST_TEST_REQUIRE(contains(shell("exiftool -GPSLatitude '" + path + "'"), "53 deg"));
    std::string bytes = read_file(path);
    BOOST_TEST_REQUIRE(bytes.size() > 1000000u);
    BOOST_TEST(post_files(b, "/messages/" + id, "Where am I?",
                          {{"attachment", bytes, "IMG_0001.JPG", "image/jpeg"}})
                   .status == 303);
    std::string file =
        sql("SELECT a.id FROM message_attachments a JOIN messages m ON m.id = a.message_id"
            " WHERE m.conversation_id = " +
            id);
    std::string served = stack_dir() + "/served.jpg";
    std::ofstream(served, std::ios::binary) << b.get("/messages/" + id + "/files/" + file).body;
    std::string exif = shell("exiftool -a -G1 '" + served + "'");
    BOOST_TEST(!contains(exif, "GPS"), exif);
    BOOST_TEST(!contains(exif, "Phone"), exif);
    BOOST_TEST(!contains(exif, "Orientation"), exif);
    // Turned upright (3000 wide, 4000 high), then reduced to 2560 on the long edge.
    BOOST_TEST(contains(exif, "Image Width                     : 1920"), exif);
    BOOST_TEST(contains(exif, "Image Height                    : 2560"), exif);
}

BOOST_AUTO_TEST_CASE(an_iphone_heic_photo_becomes_a_jpeg) {
    auto [c, id, b] = open_thread("Photo please.");
    std::string png = make_photo("for-heic.png", 640, 480);
    std::string heic = stack_dir() + "/test-photos/photo.heic";
    int status = 0;
    std::string out = shell("heif-enc -q 60 -o '" + heic + "' '" + png + "' 2>&1", &status);
    BOOST_TEST_REQUIRE(status == 0, out);
    BOOST_TEST(post_files(b, "/messages/" + id, "From my iPhone",
                          {{"attachment", read_file(heic), "IMG_0042.HEIC", "image/heic"}})
                   .status == 303);
    std::string file =
        sql("SELECT a.id FROM message_attachments a JOIN messages m ON m.id = a.message_id"
            " WHERE m.conversation_id = " +
            id);
    BOOST_TEST(sql("SELECT file_name || ' ' || content_type FROM message_attachments WHERE id = " +
                   file) == "IMG_0042.jpg image/jpeg");
    Reply img = b.get("/messages/" + id + "/files/" + file);
    BOOST_TEST(img.header("content-type") == "image/jpeg");
    BOOST_TEST(img.body.substr(0, 3) == "\xFF\xD8\xFF");
}

BOOST_AUTO_TEST_CASE(each_refusal_says_why_and_stores_nothing) {
    auto [c, id, b] = open_thread("Hello.");
    std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
    auto pdf_of = [&](size_t bytes) { return pdf + std::string(bytes - pdf.size(), ' '); };
    std::string mp4 = std::string(
                          "\0\0\0\x20"
                          "ftypisom\0\0\x02\0isomiso2avc1mp41",
                          32) +
                      std::string(1000, '\0');
    std::string before = messages_of(c);
    size_t files_before = stored_files(c);

    Reply video = post_files(b, "/messages/" + id, "A video",
                             {{"attachment", mp4, "clip.jpg", "image/jpeg"}});
    BOOST_TEST(video.status == 415);
    BOOST_TEST(video.has("Videos can’t be sent yet — try a photo or PDF"));
    BOOST_TEST(video.has("A video</textarea>"), "the text typed is kept");

    std::string avif = std::string(
                           "\0\0\0\x1C"
                           "ftypavif\0\0\0\0avifmif1miaf",
                           28) +
                       std::string(1000, '\0');
    Reply still =
        post_files(b, "/messages/" + id, "x", {{"attachment", avif, "photo.avif", "image/avif"}});
    BOOST_TEST(still.status == 415);
    BOOST_TEST(still.has("isn’t a photo or a PDF"), "an AVIF photo is not called a video");

    Reply svg = post_files(
        b, "/messages/" + id, "x",
        {{"attachment", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
          "photo.png", "image/png"}});
    BOOST_TEST(svg.status == 415);
    BOOST_TEST(svg.has("isn’t a photo or a PDF"));
    BOOST_TEST(post_files(b, "/messages/" + id, "x",
                          {{"attachment", "<html><script>x</script>", "a.pdf", "application/pdf"}})
                   .status == 415);

    std::vector<Part> five(5, Part{"attachment", pdf_of(1000), "a.pdf", "application/pdf"});
    Reply fifth = post_files(b, "/messages/" + id, "x", five);
    BOOST_TEST(fifth.status == 413);
    BOOST_TEST(fifth.has("You can attach up to 4 files to one message."));

    Reply big =
        post_files(b, "/messages/" + id, "x",
                   {{"attachment", pdf_of((10u << 20) + 1), "scan.pdf", "application/pdf"}});
    BOOST_TEST(big.status == 413);
    BOOST_TEST(big.has("“scan.pdf” is larger than 10 MB."));

    std::vector<Part> heavy(3, Part{"attachment", pdf_of(9u << 20), "part.pdf", "application/pdf"});
    Reply total = post_files(b, "/messages/" + id, "x", heavy);
    BOOST_TEST(total.status == 413);
    BOOST_TEST(total.has("Your files add up to more than 25 MB."));

    Reply broken =
        post_files(b, "/messages/" + id, "x",
                   {{"attachment", "\xFF\xD8\xFF\xE0 not really a jpeg", "a.jpg", "image/jpeg"}});
    BOOST_TEST(broken.status == 422);
    BOOST_TEST(broken.has("We couldn’t open the photo “a.jpg”."));

    // The token must come before the first file: without it, 403 and nothing kept.
    BOOST_TEST(
        post_files(b, "/messages/" + id, "x", {{"attachment", pdf_of(1000), "a.pdf", ""}}, false)
            .status == 403);
    // A body cut short, or without its boundary, is refused.
    Call cut;
    cut.method = "POST";
    cut.host = b.host_;
    cut.path = "/messages/" + id;
    cut.source_ip = b.ip_;
    cut.headers = {"Content-Type: multipart/form-data; boundary=" + kBoundary,
                   "Cookie: portal_session=" + b.cookie("portal_session")};
    cut.body = multipart({{"csrf", b.csrf(), "", ""},
                          {"body", "x", "", ""},
                          {"attachment", pdf_of(1000), "a.pdf", ""}});
    cut.body.resize(cut.body.size() - 30);
    BOOST_TEST(http(cut).status == 400);
    cut.headers[0] = "Content-Type: multipart/form-data";
    BOOST_TEST(http(cut).status == 415);

    BOOST_TEST(messages_of(c) == before);
    BOOST_TEST(stored_files(c) == files_before);
    BOOST_TEST(attachments_of(c) == "0");
    BOOST_TEST(upload_leftovers() == 0u);

    // At the edges: four files, one of exactly 10 MB, 25 MB in all, are accepted.
    std::vector<Part> edge{{"attachment", pdf_of(10u << 20), "a.pdf", ""},
                           {"attachment", pdf_of(10u << 20), "b.pdf", ""},
                           {"attachment", pdf_of((5u << 20) - 2000), "c.pdf", ""},
                           {"attachment", pdf_of(2000), "d.pdf", ""}};
    Reply ok = post_files(b, "/messages/" + id, "Four files", edge);
    BOOST_TEST(ok.status == 303, ok.body.substr(0, 2000));
    BOOST_TEST(attachments_of(c) == "4");
    BOOST_TEST(stored_files(c) == files_before + 4);
}

BOOST_AUTO_TEST_CASE(a_worker_killed_while_it_handles_an_upload_leaves_no_message_and_no_file) {
    auto [c, id, b] = open_thread("Send the photos.");
    std::string photo = read_file(make_photo("kill.jpg", 4000, 3000));
    std::string before = messages_of(c);
    // nginx receives the whole body before it passes it on, so the worker's part of an upload
    // starts with the files complete: it is killed while it reads and reduces four photos.
    Reply reply;
    Browser sender = b;
    std::string path = "/messages/" + id;
    std::thread upload([&] {
        reply = post_files(sender, path, "Four photos",
                           std::vector<Part>(4, Part{"attachment", photo, "p.jpg", "image/jpeg"}));
    });
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (upload_leftovers() == 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    bool caught = upload_leftovers() > 0;
    for (int pid : workers("messages")) shell("kill -KILL " + std::to_string(pid));
    upload.join();
    BOOST_TEST_REQUIRE(caught, "the upload reached a worker");
    BOOST_TEST(reply.status != 303);
    BOOST_TEST(messages_of(c) == before);
    BOOST_TEST(attachments_of(c) == "0");
    BOOST_TEST(stored_files(c) == 0u);
    // The workers come back.
    for (int i = 0; i < 100 && b.get("/messages").status != 200; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    BOOST_TEST(b.get("/messages/" + id).status == 200);
    // Its temporary files went with it: the next worker removed what the killed one left.
    BOOST_TEST(upload_leftovers() == 0u);
}

// Issue 12: "a file name with a path or control characters: a clear 4xx, nothing stored". A
// browser sends the file's name alone, so a path is refused, never cut to its last component.
BOOST_AUTO_TEST_CASE(a_file_name_with_a_path_or_control_characters_is_refused_and_stores_nothing) {
    auto [c, id, b] = open_thread("Send the file.");
    std::string pdf = read_file(repo_dir() + "/sql/demo-files/messages/demo/mot-certificate.pdf");
    std::string conversations =
        sql("SELECT count(*) FROM conversations WHERE customer_id = " + c.id);
    const std::vector<std::string> paths{"../../etc/x.jpg", "C:\\Users\\a\\x.jpg", "dir/x.jpg",
                                         "/x.pdf"};
    // A NUL, other C0 controls, a tab and DEL ("z" ends each hex escape).
    const std::vector<std::string> controls{std::string("a\0b.pdf", 7), "a\x01z.pdf", "a\tb.pdf",
                                            "a\x1fz.pdf", "a\x7fz.pdf"};
    for (const std::string& route : {"/messages/" + id, std::string("/messages")}) {
        std::string about = route == "/messages" ? "general" : "";
        for (const auto& name : paths) BOOST_TEST_CONTEXT(route << " " << name) {
                Reply r = post_files(b, route, "About this file", {{"attachment", pdf, name, ""}},
                                     true, about);
                BOOST_TEST(r.status == 400);
                BOOST_TEST(r.has("A file’s name can’t include a folder (/ or \\) or control"),
                           r.body.substr(0, 3000));
            }
        for (const auto& name : controls) BOOST_TEST_CONTEXT(route << " a control character") {
                Reply r = post_files(b, route, "About this file", {{"attachment", pdf, name, ""}},
                                     true, about);
                BOOST_TEST(r.status == 400);
                // A raw control byte breaks the part's header line; a tab reaches the name.
                BOOST_TEST((r.has("The form was malformed.") || r.has("Please rename the file")),
                           r.body.substr(0, 3000));
            }
    }
    BOOST_TEST(messages_of(c) == "1");
    BOOST_TEST(sql("SELECT count(*) FROM conversations WHERE customer_id = " + c.id) ==
               conversations);
    BOOST_TEST(attachments_of(c) == "0");
    BOOST_TEST(stored_files(c) == 0u);
    BOOST_TEST(upload_leftovers() == 0u);
    // The name alone is taken; the stored file is named by the portal.
    BOOST_TEST(
        post_files(b, "/messages/" + id, "x", {{"attachment", pdf, "cron.pdf", ""}}).status == 303);
    BOOST_TEST(
        sql("SELECT file_name || ' ' || (file_path ~ '^messages/[0-9]+/[0-9]+/[0-9]+-1\\.pdf$')"
            " FROM message_attachments a JOIN messages m ON m.id = a.message_id"
            " WHERE m.conversation_id = " +
            id) == "cron.pdf true");
}

BOOST_AUTO_TEST_CASE(portalctl_attaches_files_under_the_same_rules) {
    Customer c = new_customer();
    std::string png = make_photo("ctl.png", 100, 100);
    int status = 0;
    std::string out = garage_says(c, "--text 'Your photo.' --attach '" + png + "'", &status);
    BOOST_TEST(status == 0, out);
    BOOST_TEST(contains(out, "with 1 attachment(s)"), out);
    BOOST_TEST(attachments_of(c) == "1");
    std::string svg = stack_dir() + "/test-photos/x.svg";
    std::ofstream(svg) << "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
    out = garage_says(c, "--text 'x' --attach '" + svg + "'", &status);
    BOOST_TEST(status == 1);
    BOOST_TEST(contains(out, "isn’t a photo or a PDF"), out);
    BOOST_TEST(attachments_of(c) == "1");
}

BOOST_AUTO_TEST_SUITE_END()
