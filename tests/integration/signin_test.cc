// Sign-in through nginx: magic links, codes, passwords, resets, deep links, sessions — every
// branch of the sign-in issue, including the ways it must refuse.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <random>
#include <regex>

#include "client.h"
#include "fixtures.h"

using namespace itest;

namespace {

std::string unique(const std::string& prefix) {
    static std::mt19937 rng{std::random_device{}()};
    return prefix + std::to_string(rng() % 100000000);
}

// A new customer of a garage (so rate limits and tokens of other tests never interfere).
std::string new_customer(const std::string& garage = "smiths") {
    std::string email = unique("cust") + "@example.com";
    sql("INSERT INTO customers (garage_id, email, first_name, last_name) SELECT id, '" + email +
        "', 'Test', 'Customer' FROM garages WHERE subdomain = '" + garage + "'");
    return email;
}

int outbox_count(const std::string& to) {
    return std::stoi(sql("SELECT count(*) FROM outbox WHERE recipient = '" + to + "'"));
}

std::string last_email(const std::string& to) {
    return mailbox_text(to);
}

std::string token_in(const std::string& body) {
    std::smatch m;
    static const std::regex link("/auth/([A-Za-z0-9_-]{43})");
    return std::regex_search(body, m, link) ? m[1].str() : "";
}

std::string code_in(const std::string& body) {
    std::smatch m;
    static const std::regex code("\\b([0-9]{3}) ([0-9]{3})\\b");
    return std::regex_search(body, m, code) ? m[1].str() + m[2].str() : "";
}

// Asks for a magic link in `b` and returns the token from the queued email.
std::string request_link(Browser& b, const std::string& email, const std::string& next = "") {
    b.get("/login");
    Reply r = b.post("/login/link", "email=" + url_encode(email) +
                                        (next.empty() ? "" : "&next=" + url_encode(next)));
    BOOST_TEST_REQUIRE(r.status == 303);
    return token_in(last_email(email));
}

// Signs `b` in as `email` by the link's "Sign in" button; returns the Location it lands on.
std::string sign_in(Browser& b, const std::string& email) {
    std::string token = request_link(b, email);
    b.get("/auth/" + token);  // b has the pending cookie: signed in by the GET itself
    return b.cookie("portal_session");
}

bool logged_anywhere(const std::string& text) {
    int status = 0;
    shell("grep -rqF '" + text + "' '" + stack_dir() + "/log'", &status);
    return status == 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(signin)

BOOST_AUTO_TEST_CASE(known_and_unknown_addresses_get_identical_answers) {
    std::string known = new_customer();
    Browser a, b;
    a.get("/login");
    b.get("/login");
    Reply ra = a.post("/login/link", "email=" + url_encode(known));
    Reply rb = b.post("/login/link", "email=" + url_encode(unique("nobody") + "@example.com"));
    BOOST_TEST(ra.status == 303);
    BOOST_TEST(rb.status == ra.status);
    BOOST_TEST(ra.header("location") == "/login?notice=sent");
    BOOST_TEST(rb.header("location") == ra.header("location"));
    BOOST_TEST(ra.body == rb.body);
    // The same cookies, differing only in their random values.
    auto shape = [](const Reply& r) {
        std::string s;
        auto range = r.headers.equal_range("set-cookie");
        for (auto it = range.first; it != range.second; ++it)
            s += it->second.substr(0, it->second.find('=')) +
                 it->second.substr(it->second.find(';')) + "\n";
        return s;
    };
    BOOST_TEST(shape(ra) == shape(rb));
    BOOST_TEST(!a.cookie("portal_pending").empty());
    Reply sa = a.get("/login?notice=sent"), sb = b.get("/login?notice=sent");
    BOOST_TEST(sa.has("Email sent."));
    BOOST_TEST(sa.body.size() == sb.body.size());
    BOOST_TEST(outbox_count(known) == 1);
}

BOOST_AUTO_TEST_CASE(the_email_link_is_built_from_the_configured_domain_not_the_host_header) {
    std::string email = new_customer();
    Browser b("SMITHS.localhost:1");
    request_link(b, email);
    std::string body = last_email(email);
    std::string port = shell("printf %s \"$PORTAL_TEST_PORT\"");
    BOOST_TEST(body.find("http://smiths.localhost:" + port + "/auth/") != std::string::npos, body);
    BOOST_TEST(body.find("SMITHS.localhost:1") == std::string::npos);
    BOOST_TEST(!code_in(body).empty());
    BOOST_TEST(sql("SELECT subject FROM outbox WHERE recipient = '" + email + "'") ==
               "Your sign-in link for Smith's Garage");
}

BOOST_AUTO_TEST_CASE(a_link_opened_without_the_pending_cookie_consumes_nothing_and_posts_once) {
    std::string email = new_customer();
    Browser asker;
    std::string token = request_link(asker, email);
    BOOST_TEST_REQUIRE(!token.empty());

    Browser scanner;
    for (int i = 0; i < 2; ++i) {
        Reply r = scanner.get("/auth/" + token);
        BOOST_TEST(r.status == 200);
        BOOST_TEST(r.has(">Sign in</button>"));
        BOOST_TEST(r.has("Smith&#39;s Garage"));
        BOOST_TEST(r.header("referrer-policy") == "no-referrer");
        BOOST_TEST(r.header("cache-control") == "no-store");
        BOOST_TEST(scanner.cookie("portal_session").empty());
    }
    BOOST_TEST(sql("SELECT count(*) FROM auth_tokens t JOIN customers c ON c.id = t.customer_id"
                   " WHERE c.email = '" +
                   email + "' AND consumed_at IS NULL") == "1");

    Reply first = scanner.post("/auth/" + token, "");
    BOOST_TEST(first.status == 303);
    BOOST_TEST(first.header("location") == "/");
    BOOST_TEST(!scanner.cookie("portal_session").empty());
    BOOST_TEST(scanner.get("/").has("Track your vehicle’s progress at Smith&#39;s Garage"));

    Browser late;
    late.get("/login");  // for its CSRF token
    Reply second = late.post("/auth/" + token, "");
    BOOST_TEST(second.status == 303);
    BOOST_TEST(second.header("location") == "/login?notice=invalid");
    BOOST_TEST(late.cookie("portal_session").empty());
    BOOST_TEST(late.get("/login?notice=invalid")
                   .has("That link is no longer valid. Request a new one below."));
    BOOST_TEST(!logged_anywhere(token));  // tokens never reach a log
}

BOOST_AUTO_TEST_CASE(the_browser_that_asked_is_signed_in_by_opening_the_link) {
    std::string email = new_customer();
    Browser b;
    std::string token = request_link(b, email, "/?notice=password_set");
    Reply r = b.get("/auth/" + token);
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == "/?notice=password_set");
    BOOST_TEST(!b.cookie("portal_session").empty());
    BOOST_TEST(b.cookie("portal_pending").empty());  // cleared once used
    BOOST_TEST(sql("SELECT first_portal_visit_at IS NOT NULL AND last_login_at IS NOT NULL"
                   " FROM customers WHERE email = '" +
                   email + "'") == "t");
}

BOOST_AUTO_TEST_CASE(a_new_link_request_leaves_the_older_link_working_until_one_signs_in) {
    std::string email = new_customer();
    Browser b;
    std::string older = request_link(b, email);
    std::string newer = request_link(b, email);
    Browser other;
    BOOST_TEST(other.get("/auth/" + older).status == 200);
    // Signing in with the newer link (b asked for it: the GET signs in) retires the older one.
    BOOST_TEST_REQUIRE(b.get("/auth/" + newer).status == 303);
    BOOST_TEST_REQUIRE(!b.cookie("portal_session").empty());
    BOOST_TEST(other.get("/auth/" + older).header("location") == "/login?notice=invalid");
}

BOOST_AUTO_TEST_CASE(an_expired_link_shows_the_expired_message_and_signs_nobody_in) {
    std::string email = new_customer();
    Browser b;
    std::string token = request_link(b, email);
    sql("UPDATE auth_tokens SET expires_at = now() - interval '1 minute' WHERE customer_id ="
        " (SELECT id FROM customers WHERE email = '" +
        email + "')");
    Reply r = b.get("/auth/" + token);
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == "/login?notice=expired");
    BOOST_TEST(b.cookie("portal_session").empty());
    Reply page = b.get("/login?notice=expired");
    BOOST_TEST(page.has("Your link has expired. Request a new one below."));
    Reply post = b.post("/auth/" + token, "");
    BOOST_TEST(post.header("location") == "/login?notice=expired");
}

BOOST_AUTO_TEST_CASE(another_garages_token_and_cookie_are_worthless_here) {
    std::string email = new_customer("smiths");
    Browser smiths;
    std::string token = request_link(smiths, email);
    Browser northside("northside.localhost");
    BOOST_TEST(northside.get("/auth/" + token).header("location") == "/login?notice=invalid");
    northside.get("/login");
    BOOST_TEST(northside.post("/auth/" + token, "").header("location") == "/login?notice=invalid");
    BOOST_TEST(northside.cookie("portal_session").empty());

    std::string session = sign_in(smiths, email);
    BOOST_TEST_REQUIRE(!session.empty());
    BOOST_TEST(smiths.get("/").status == 200);
    Browser thief("northside.localhost");
    thief.set_cookie("portal_session", session);
    Reply r = thief.get("/");
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == "/login?next=/");
}

BOOST_AUTO_TEST_CASE(the_code_signs_in_only_the_browser_that_asked_and_only_a_few_tries) {
    std::string email = new_customer();
    Browser b;
    request_link(b, email, "/?notice=password_set");
    std::string code = code_in(last_email(email));
    BOOST_TEST_REQUIRE(code.size() == 6u);

    Browser elsewhere;  // no pending cookie: the code means nothing there
    elsewhere.get("/login?notice=sent");
    Reply r = elsewhere.post("/login/code", "code=" + code);
    BOOST_TEST(r.status == 422);
    BOOST_TEST(elsewhere.cookie("portal_session").empty());

    b.get("/login?notice=sent");
    std::string wrong = code == "000000" ? "111111" : "000000";
    r = b.post("/login/code", "code=" + wrong);
    BOOST_TEST(r.status == 422);
    BOOST_TEST(r.has("That code doesn&#39;t match."));
    r = b.post("/login/code", "code=" + code.substr(0, 3) + "+" + code.substr(3));  // "123 456"
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == "/?notice=password_set");
    BOOST_TEST(!b.cookie("portal_session").empty());

    // Five wrong codes spend the link, even for the right code afterwards.
    std::string email2 = new_customer();
    Browser c;
    request_link(c, email2);
    std::string code2 = code_in(last_email(email2));
    std::string wrong2 = code2 == "000000" ? "111111" : "000000";
    c.get("/login?notice=sent");
    for (int i = 0; i < 5; ++i) BOOST_TEST(c.post("/login/code", "code=" + wrong2).status == 422);
    BOOST_TEST(c.post("/login/code", "code=" + code2).status == 422);
    BOOST_TEST(c.cookie("portal_session").empty());
}

BOOST_AUTO_TEST_CASE(a_post_without_a_valid_csrf_token_is_403_and_changes_nothing) {
    std::string email = new_customer();
    Browser b;
    b.get("/login");
    BOOST_TEST(b.post("/login/link", "email=" + url_encode(email), "").status == 403);
    Reply wrong = b.post("/login/link", "email=" + url_encode(email), std::string(64, 'a').c_str());
    BOOST_TEST(wrong.status == 403);
    BOOST_TEST(wrong.has("That form has expired"));
    Browser fresh;  // no cookies at all: a cross-site form post
    BOOST_TEST(fresh.post("/login/link", "email=" + url_encode(email), b.csrf().c_str()).status ==
               403);
    BOOST_TEST(outbox_count(email) == 0);

    sign_in(b, email);
    BOOST_TEST_REQUIRE(b.get("/").status == 200);
    BOOST_TEST(b.post("/logout", "", std::string(64, '0').c_str()).status == 403);
    BOOST_TEST(b.get("/").status == 200);  // still signed in
    BOOST_TEST(b.post("/password", "new_password=x&confirm_password=x", "").status == 403);
}

BOOST_AUTO_TEST_CASE(link_requests_past_the_limit_get_a_calm_message_and_no_email) {
    std::string email = new_customer();
    Browser b;
    b.get("/login");
    for (int i = 0; i < 3; ++i)
        BOOST_TEST(b.post("/login/link", "email=" + url_encode(email)).status == 303);
    Reply r = b.post("/login/link", "email=" + url_encode(email));
    BOOST_TEST(r.status == 429);
    BOOST_TEST(r.has("We&#39;ve sent several emails in the last few minutes."));
    BOOST_TEST(outbox_count(email) == 3);
    BOOST_TEST(logged_anywhere("rate limited: link per address"));

    // Per IP: many addresses from one browser.
    Browser c;
    c.get("/login");
    int refused = 0;
    for (int i = 0; i < 22; ++i)
        if (c.post("/login/link", "email=" + url_encode(unique("x") + "@example.com")).status ==
            429)
            ++refused;
    BOOST_TEST(refused == 2);
    BOOST_TEST(logged_anywhere("rate limited: link per ip"));
}

BOOST_AUTO_TEST_CASE(password_journey_wrong_password_lockout_and_one_message_for_all_failures) {
    std::string email = new_customer();
    Browser b;
    sign_in(b, email);
    BOOST_TEST(b.get("/").has("Want to sign in faster?"));
    Reply weak = b.post("/password", "new_password=password&confirm_password=password");
    BOOST_TEST(weak.status == 422);
    BOOST_TEST(weak.has("too easy to guess"));
    Reply mismatch = b.post(
        "/password", "new_password=tawny+lantern+gravel&confirm_password=tawny+lantern+grave");
    BOOST_TEST(mismatch.has("The two passwords don&#39;t match."));
    Reply shortpw = b.post("/password", "new_password=Ab1%21&confirm_password=Ab1%21");
    BOOST_TEST(shortpw.has("Passwords must be at least 8 characters."));
    Reply set = b.post("/password",
                       "new_password=tawny+lantern+gravel&confirm_password=tawny+lantern+gravel");
    BOOST_TEST(set.status == 303);
    BOOST_TEST(!b.get("/").has("Want to sign in faster?"));

    Browser p;
    p.get("/login?tab=password");
    Reply ok = p.post("/login/password",
                      "email=" + url_encode(email) +
                          "&password=tawny+lantern+gravel&next=%2F%3Fnotice%3Dpassword_set");
    BOOST_TEST(ok.status == 303);
    BOOST_TEST(ok.header("location") == "/?notice=password_set");

    // Wrong password, unknown address, no password yet: one message.
    std::string no_password = new_customer();
    Browser q;
    q.get("/login?tab=password");
    Reply wrong =
        q.post("/login/password", "email=" + url_encode(email) + "&password=wrong+horse+battery");
    Reply unknown =
        q.post("/login/password", "email=nobody%40example.com&password=wrong+horse+battery");
    Reply none = q.post("/login/password",
                        "email=" + url_encode(no_password) + "&password=wrong+horse+battery");
    for (const Reply* r : {&wrong, &unknown, &none}) {
        BOOST_TEST(r->status == 422);
        BOOST_TEST(
            r->has("That email address and password don&#39;t match. If you haven&#39;t set a "
                   "password yet, sign in with the Email link tab instead."));
    }

    // Five failures lock the account for a while, even for the right password.
    Browser r;
    r.get("/login?tab=password");
    for (int i = 0; i < 4; ++i)
        r.post("/login/password", "email=" + url_encode(email) + "&password=nope+nope+nope");
    Reply locked =
        r.post("/login/password", "email=" + url_encode(email) + "&password=nope+nope+nope");
    BOOST_TEST(locked.status == 429);
    BOOST_TEST(locked.has("password sign-in is paused for 15 minutes"));
    Reply still =
        r.post("/login/password", "email=" + url_encode(email) + "&password=tawny+lantern+gravel");
    BOOST_TEST(still.status == 429);
    BOOST_TEST(r.cookie("portal_session").empty());
}

BOOST_AUTO_TEST_CASE(next_is_only_ever_a_local_path) {
    Browser b;
    for (const char* evil : {"%2F%2Fevil.example%2F", "https%3A%2F%2Fevil.example",
                             "%2F%5Cevil.example", "javascript%3Aalert(1)", "evil.example"}) {
        BOOST_TEST_CONTEXT(evil) {
            BOOST_TEST(b.get(std::string("/login?next=") + evil).status == 400);
            b.get("/login");
            BOOST_TEST(
                b.post("/login/link", std::string("email=a%40example.com&next=") + evil).status ==
                400);
            BOOST_TEST(b.post("/login/password",
                              std::string("email=a%40example.com&password=x&next=") + evil)
                           .status == 400);
        }
    }
}

BOOST_AUTO_TEST_CASE(an_expired_session_sends_the_customer_to_sign_in_and_back) {
    std::string email = new_customer();
    Browser b;
    sign_in(b, email);
    BOOST_TEST_REQUIRE(b.get("/").status == 200);
    sql("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE customer_id ="
        " (SELECT id FROM customers WHERE email = '" +
        email + "')");
    Reply r = b.get("/?notice=password_set");
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == "/login?next=/%3Fnotice%3Dpassword_set");
    BOOST_TEST(b.cookie("portal_session").empty());  // the dead cookie is cleared
    Reply login = b.get(r.header("location"));
    BOOST_TEST(login.has("<input type=\"hidden\" name=\"next\" value=\"/?notice=password_set\">"));
    std::string token = request_link(b, email, "/?notice=password_set");
    BOOST_TEST(b.get("/auth/" + token).header("location") == "/?notice=password_set");
}

BOOST_AUTO_TEST_CASE(signing_out_ends_the_session_on_the_server) {
    std::string email = new_customer();
    Browser b;
    std::string session = sign_in(b, email);
    BOOST_TEST_REQUIRE(b.get("/").status == 200);
    Reply out = b.post("/logout", "");
    BOOST_TEST(out.status == 303);
    BOOST_TEST(out.header("location") == "/login?notice=signed_out");
    BOOST_TEST(b.cookie("portal_session").empty());
    Browser replay;
    replay.set_cookie("portal_session", session);
    BOOST_TEST(replay.get("/").status == 303);
    BOOST_TEST(sql("SELECT count(*) FROM sessions s JOIN customers c ON c.id = s.customer_id"
                   " WHERE c.email = '" +
                   email + "'") == "0");
}

BOOST_AUTO_TEST_CASE(a_password_reset_ends_every_other_session) {
    std::string email = new_customer();
    Browser phone, laptop;
    sign_in(phone, email);
    sign_in(laptop, email);
    BOOST_TEST_REQUIRE(phone.get("/").status == 200);

    Browser b;
    b.get("/login/forgot");
    Reply asked = b.post("/login/forgot", "email=" + url_encode(email));
    BOOST_TEST(asked.header("location") == "/login/forgot?notice=sent");
    Reply unknown =
        b.post("/login/forgot", "email=" + url_encode(unique("nobody") + "@example.com"));
    BOOST_TEST(unknown.header("location") == asked.header("location"));
    std::string token = token_in(last_email(email));
    BOOST_TEST_REQUIRE(!token.empty());

    Reply form = b.get("/auth/" + token);
    BOOST_TEST(form.status == 200);
    BOOST_TEST(form.has("New password"));
    Reply weak = b.post("/auth/" + token, "new_password=12345678&confirm_password=12345678");
    BOOST_TEST(weak.status == 422);  // refused, and the link still works
    Reply done = b.post("/auth/" + token,
                        "new_password=copper+kettle+meadow&confirm_password=copper+kettle+meadow");
    BOOST_TEST(done.status == 303);
    BOOST_TEST(done.header("location") == "/?notice=password_reset");
    BOOST_TEST(b.get("/").status == 200);
    BOOST_TEST(phone.get("/").status == 303);
    BOOST_TEST(laptop.get("/").status == 303);

    Browser p;
    p.get("/login?tab=password");
    BOOST_TEST(
        p.post("/login/password", "email=" + url_encode(email) + "&password=copper+kettle+meadow")
            .status == 303);
}

BOOST_AUTO_TEST_CASE(a_deep_link_lands_on_its_path_and_an_old_one_just_goes_there) {
    std::string email = new_customer();
    int status = -1;
    std::string url = shell("PORTAL_CONF='" + stack_dir() + "/portal.conf' '" + repo_dir() +
                                "/build/sbin/portalctl' link --garage smiths --customer " + email +
                                " --to /jobs/WO-TANGO-1234 --ttl 2h",
                            &status);
    BOOST_TEST_REQUIRE(status == 0, url);
    std::string token = token_in(url);
    BOOST_TEST_REQUIRE(!token.empty(), url);
    BOOST_TEST(url.rfind("http://smiths.localhost:", 0) == 0u);

    Browser phone;
    Reply landing = phone.get("/auth/" + token);
    BOOST_TEST(landing.status == 200);  // a GET alone signs nobody in
    Reply in = phone.post("/auth/" + token, "");
    BOOST_TEST(in.status == 303);
    BOOST_TEST(in.header("location") == "/jobs/WO-TANGO-1234");
    // Opened again later in the same, signed-in browser: straight to the page.
    BOOST_TEST(phone.get("/auth/" + token).header("location") == "/jobs/WO-TANGO-1234");
    // Elsewhere it is used up.
    Browser other;
    BOOST_TEST(other.get("/auth/" + token).header("location") == "/login?notice=invalid");

    std::string bad = shell("PORTAL_CONF='" + stack_dir() + "/portal.conf' '" + repo_dir() +
                                "/build/sbin/portalctl' link --garage smiths --customer " + email +
                                " --to //evil.example 2>&1",
                            &status);
    BOOST_TEST(status == 2);
}

BOOST_AUTO_TEST_SUITE_END()
