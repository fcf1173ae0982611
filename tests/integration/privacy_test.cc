// Privacy & Security through nginx, and the voice assistant's side (portalctl voice): the tiers
// and their rules, the voice PIN and password cards, re-authentication, the security notices,
// the signed-in devices, the alert preferences, Get in Touch, CSRF and isolation.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <random>

#include "fixtures.h"

using namespace itest;

namespace {

// A customer nobody else's test touches, with a phone number of their own.
struct Person : Customer {
    std::string phone;  // "+44 7700 9xxxxx", as the garage typed it
    std::string dial;   // "+4477009xxxxx", as a caller ID gives it
};

Person new_person(const std::string& garage = "smiths") {
    Person p;
    static_cast<Customer&>(p) = new_customer(garage, "privacy", "Priya", "Patel");
    static std::mt19937 rng{std::random_device{}()};
    std::string digits = std::to_string(100000 + rng() % 900000);
    p.phone = "+44 7700 9" + digits.substr(1);
    p.dial = "+4477009" + digits.substr(1);
    sql("UPDATE customers SET phone = " + quoted(p.phone) + " WHERE id = " + p.id);
    return p;
}

std::string column(const Customer& c, const std::string& what) {
    return sql("SELECT " + what + " FROM customers WHERE id = " + c.id);
}

int notices(const Customer& c, const std::string& purpose) {
    return std::stoi(sql("SELECT count(*) FROM outbox WHERE recipient = " + quoted(c.email) +
                         " AND purpose = " + quoted(purpose)));
}

std::string newest_notice(const Customer& c) {
    return sql("SELECT body_text FROM outbox WHERE recipient = " + quoted(c.email) +
               " ORDER BY id DESC LIMIT 1");
}

// Makes the browser's sign-in older than the 15 minutes sensitive changes need.
void age_sign_in(const Customer& c) {
    sql("UPDATE sessions SET signed_in_at = now() - interval '20 minutes' WHERE customer_id = " +
        c.id);
}

// Signed in just now and on the page, with its forms' CSRF token in hand.
Browser on_page(const Customer& c) {
    Browser b = sign_in(c);
    b.get("/privacy");
    return b;
}

std::string voice(const std::string& args, int* status = nullptr) {
    return portalctl("voice " + args, status);
}

const std::string kNoSuchCustomer = "{\"answer\":\"no_such_customer\"}\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(privacy)

BOOST_AUTO_TEST_CASE(the_page_shows_the_four_tiers_most_open_first_with_what_the_assistant_says) {
    Person p = new_person();
    Browser b = sign_in(p);
    Reply r = b.get("/privacy");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.has("<h1>Privacy &amp; Security</h1>"));
    size_t open = r.body.find(">Open Access<"), pin = r.body.find(">PIN Required<"),
           limited = r.body.find(">Limited Info<"), zero = r.body.find(">Zero Disclosure<");
    BOOST_TEST_REQUIRE(zero != std::string::npos);
    BOOST_TEST((open < pin && pin < limited && limited < zero));
    BOOST_TEST(r.has("answers questions about your vehicles, bookings and account."));
    BOOST_TEST(r.has("shares nothing until the caller says your voice PIN."));
    BOOST_TEST(r.has("speaks only in general terms."));
    BOOST_TEST(r.has("acts as if there were no such customer. Our staff can still see your"));
    // Open Access is the default; PIN Required waits for a PIN, and the page says so.
    BOOST_TEST(r.has("value=\"FULL\" checked"));
    BOOST_TEST(r.has("value=\"PIN\"  disabled"));
    BOOST_TEST(r.has("Set a voice PIN below to choose PIN Required."));
    BOOST_TEST(!r.has("Alert Preferences"));
    BOOST_TEST(r.has("No voice PIN yet."));
    BOOST_TEST(r.has(">Set password</button>"));
}

BOOST_AUTO_TEST_CASE(get_in_touch_shows_what_the_garage_has_set_as_tap_to_call_links) {
    Browser b = sign_in(new_person());
    Reply r = b.get("/privacy");
    BOOST_TEST(r.has("<h2 id=\"touch-heading\">Get in Touch</h2>"));
    BOOST_TEST(
        r.has("href=\"tel:+442079460322\"><span>Call our voice assistant</span> <span "
              "class=\"contact-number\">+44 20 7946 0322</span></a>"));
    BOOST_TEST(
        r.has("href=\"tel:+442079460323\"><span>Call our voice assistant</span> <span "
              "class=\"contact-number\">+44 20 7946 0323</span></a>"));
    BOOST_TEST(
        r.has("href=\"https://wa.me/447700900321\"><span>Chat on WhatsApp</span> <span "
              "class=\"contact-number\">+44 7700 900321</span></a>"));
    BOOST_TEST(
        r.has("href=\"tel:+442079460321\"><span>Call the main line</span> <span "
              "class=\"contact-number\">+44 20 7946 0321</span></a>"));

    // Northside has no WhatsApp number: the other two show, WhatsApp is left out.
    Browser n = sign_in(new_person("northside"));
    r = n.get("/privacy");
    BOOST_TEST(
        r.has("Call our voice assistant</span> <span class=\"contact-number\">+44 161 496 0556"));
    BOOST_TEST(r.has("Call the main line</span> <span class=\"contact-number\">+44 161 496 0555"));
    BOOST_TEST(!r.has("wa.me"));
    BOOST_TEST(!r.has("WhatsApp"));
}

BOOST_AUTO_TEST_CASE(pin_required_is_refused_without_a_pin_and_allowed_once_one_is_set) {
    Person p = new_person();
    Browser b = on_page(p);
    Reply r = b.post("/privacy/tier", "tier=PIN");
    BOOST_TEST(r.status == 422);
    BOOST_TEST(r.has("Set a voice PIN first: PIN Required needs one."));
    BOOST_TEST(column(p, "privacy_tier") == "FULL");
    BOOST_TEST(notices(p, "security_notice") == 0);

    r = b.post("/privacy/pin", "pin=4826&confirm_pin=4826");
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == "/privacy?notice=pin_set");
    BOOST_TEST(column(p, "voice_pin_hash LIKE '$argon2id$v=19$m=19456,t=2,p=1$%'") == "t");
    BOOST_TEST(contains(newest_notice(p), "Your voice PIN was set. If this wasn't you,"));
    r = b.get("/privacy?notice=pin_set");
    BOOST_TEST(r.has("Your voice PIN is set."));
    BOOST_TEST(r.has("You have a voice PIN (set today, "));
    BOOST_TEST(!r.has("value=\"PIN\"  disabled"));

    r = b.post("/privacy/tier", "tier=PIN");
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == "/privacy?notice=tier_saved");
    BOOST_TEST(column(p, "privacy_tier") == "PIN");
    BOOST_TEST(b.get("/privacy?notice=tier_saved").has("Your privacy level is now PIN Required."));
    BOOST_TEST(contains(newest_notice(p), "Your privacy level is now PIN Required. If this"));

    // Choosing the tier it already has changes nothing and sends nothing.
    int before = notices(p, "security_notice");
    BOOST_TEST(b.post("/privacy/tier", "tier=PIN").status == 303);
    BOOST_TEST(notices(p, "security_notice") == before);

    r = b.post("/privacy/tier", "tier=BLOCKED");
    BOOST_TEST(column(p, "privacy_tier") == "BLOCKED");
    BOOST_TEST(contains(newest_notice(p),
                        "Your privacy level is now Zero Disclosure. If this "
                        "wasn't you, please call us straight away"));
    BOOST_TEST(b.post("/privacy/tier", "tier=NOBODY").status == 400);
    BOOST_TEST(column(p, "privacy_tier") == "BLOCKED");
}

BOOST_AUTO_TEST_CASE(security_notices_are_limited_so_a_stolen_session_cant_flood_the_inbox) {
    Person p = new_person();
    Browser b = on_page(p);
    for (int i = 0; i < 10; ++i)
        BOOST_TEST(b.post("/privacy/tier", i % 2 ? "tier=FULL" : "tier=RESTRICTED").status == 303);
    BOOST_TEST(notices(p, "security_notice") == 10);
    Reply r = b.post("/privacy/tier", "tier=RESTRICTED");
    BOOST_TEST(r.status == 429);
    BOOST_TEST(r.has("You&#39;ve made a lot of changes in the last hour."));
    BOOST_TEST(column(p, "privacy_tier") == "FULL");
    BOOST_TEST(b.post("/privacy/pin", "pin=4826&confirm_pin=4826").status == 429);
    BOOST_TEST(column(p, "voice_pin_hash IS NULL") == "t");
    BOOST_TEST(notices(p, "security_notice") == 10);
}

BOOST_AUTO_TEST_CASE(obvious_pins_and_the_phones_last_digits_are_refused_and_change_nothing) {
    Person p = new_person();
    Browser b = on_page(p);
    std::string tail4 = p.dial.substr(p.dial.size() - 4);
    for (std::string bad : {std::string("123"), std::string("123456789"), std::string("12a4"),
                            std::string("1234"), std::string("0000"), std::string("123456"), tail4})
        BOOST_TEST_CONTEXT(bad) {
            Reply r = b.post("/privacy/pin", "pin=" + bad + "&confirm_pin=" + bad);
            BOOST_TEST(r.status == 422);
            BOOST_TEST(r.has("notice notice-error"));
        }
    Reply r = b.post("/privacy/pin", "pin=4826&confirm_pin=4862");
    BOOST_TEST(r.status == 422);
    BOOST_TEST(r.has("The two PINs don&#39;t match."));
    BOOST_TEST(column(p, "voice_pin_hash IS NULL") == "t");
    BOOST_TEST(notices(p, "security_notice") == 0);

    BOOST_TEST(b.post("/privacy/pin", "pin=4826&confirm_pin=4826").status == 303);
    r = b.post("/privacy/pin", "pin=7391&confirm_pin=7391");
    BOOST_TEST(r.header("location") == "/privacy?notice=pin_changed");
    BOOST_TEST(contains(newest_notice(p), "Your voice PIN was changed."));
}

BOOST_AUTO_TEST_CASE(sensitive_changes_need_a_sign_in_within_15_minutes) {
    Person p = new_person();
    Browser b = on_page(p);
    age_sign_in(p);
    Reply page = b.get("/privacy");
    BOOST_TEST(page.status == 200);
    BOOST_TEST(page.has("asks you to sign in again first."));
    for (std::string form : {std::string("/privacy/tier|tier=BLOCKED"),
                             std::string("/privacy/pin|pin=4826&confirm_pin=4826"),
                             std::string("/privacy/password|new_password=lantern-orbit-93"
                                         "&confirm_password=lantern-orbit-93")})
        BOOST_TEST_CONTEXT(form) {
            size_t bar = form.find('|');
            Reply r = b.post(form.substr(0, bar), form.substr(bar + 1));
            BOOST_TEST(r.status == 303);
            BOOST_TEST(r.header("location") == "/login?notice=reauth&next=/privacy");
        }
    BOOST_TEST(column(p,
                      "privacy_tier || ' ' || (voice_pin_hash IS NULL) || ' ' ||"
                      " (password_hash IS NULL)") == "FULL true true");
    // The sign-in page asks again even though the browser is signed in.
    Reply login = b.get("/login?notice=reauth&next=%2Fprivacy");
    BOOST_TEST(login.status == 200);
    BOOST_TEST(login.has("For your security, please sign in again to continue."));
    // A fresh sign-in (here a new link) allows the change.
    Browser fresh = sign_in(p, "/privacy");
    fresh.get("/privacy");
    BOOST_TEST(fresh.post("/privacy/tier", "tier=RESTRICTED").status == 303);
    BOOST_TEST(column(p, "privacy_tier") == "RESTRICTED");

    // Or the password, in the same browser: signed in again, it comes back to the page.
    BOOST_TEST_REQUIRE(fresh
                           .post("/privacy/password",
                                 "new_password=copper+kettle+meadow"
                                 "&confirm_password=copper+kettle+meadow")
                           .status == 303);
    age_sign_in(p);
    Reply again = fresh.post("/privacy/tier", "tier=FULL");
    BOOST_TEST(again.header("location") == "/login?notice=reauth&next=/privacy");
    fresh.get("/login?notice=reauth&next=%2Fprivacy&tab=password");
    Reply back =
        fresh.post("/login/password", "email=" + url_encode(p.email) +
                                          "&password=copper+kettle+meadow&next=%2Fprivacy");
    BOOST_TEST(back.status == 303);
    BOOST_TEST(back.header("location") == "/privacy");
    fresh.get("/privacy");
    BOOST_TEST(fresh.post("/privacy/tier", "tier=FULL").status == 303);
    BOOST_TEST(column(p, "privacy_tier") == "FULL");
}

BOOST_AUTO_TEST_CASE(a_password_set_then_changed_with_the_current_one_ends_the_other_sessions) {
    Person p = new_person();
    Browser b = on_page(p);
    Reply r = b.post("/privacy/password",
                     "new_password=copper+kettle+meadow"
                     "&confirm_password=copper+kettle+meadow");
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == "/privacy?notice=password_set");
    r = b.get("/privacy?notice=password_set");
    BOOST_TEST(r.has("Your password is set."));
    BOOST_TEST(r.has("Current password"));
    BOOST_TEST(r.has(">Change password</button>"));
    BOOST_TEST(notices(p, "security_notice") == 1);  // a first password is a new way in too
    Browser other = sign_in(p);
    BOOST_TEST_REQUIRE(other.get("/").status == 200);

    std::string change =
        "&new_password=violet+harbour+trumpet&confirm_password=violet+harbour+trumpet";
    r = b.post("/privacy/password", "current_password=wrong" + change);
    BOOST_TEST(r.status == 422);
    BOOST_TEST(r.has("Your current password isn&#39;t right."));
    r = b.post("/privacy/password",
               "current_password=copper+kettle+meadow&new_password=password"
               "&confirm_password=password");
    BOOST_TEST(r.status == 422);
    BOOST_TEST(r.has("too easy to guess"));

    r = b.post("/privacy/password", "current_password=copper+kettle+meadow" + change);
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == "/privacy?notice=password_changed");
    BOOST_TEST(b.get("/privacy?notice=password_changed")
                   .has("Your password has been changed, and you&#39;ve been signed out "
                        "everywhere else."));
    BOOST_TEST(other.get("/").status == 303);  // signed out
    BOOST_TEST(notices(p, "password_changed") == 1);
}

BOOST_AUTO_TEST_CASE(devices_are_listed_in_words_and_can_be_signed_out_one_by_one_or_all) {
    Person p = new_person();
    Browser b = sign_in(p), phone = sign_in(p), laptop = sign_in(p);
    // Sessions in the order they began: this browser's, the phone's, the laptop's.
    auto session = [&](int n) {
        return sql("SELECT id FROM sessions WHERE customer_id = " + p.id + " ORDER BY id OFFSET " +
                   std::to_string(n) + " LIMIT 1");
    };
    std::string mine = session(0), phone_session = session(1);
    sql("UPDATE sessions SET user_agent = 'Mozilla/5.0 (Linux; Android 14; Pixel 8)"
        " AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',"
        " ip = '203.0.113.24' WHERE id = " +
        phone_session);
    Reply r = b.get("/privacy");
    BOOST_TEST(count(r.body, "<li class=\"device\">") == 3u);
    BOOST_TEST(count(r.body, "This device</span>") == 1u);
    BOOST_TEST(r.has("<span class=\"device-name\">Chrome on Android</span>"));
    BOOST_TEST(r.has("from 203.0.113.24"));
    BOOST_TEST(r.has("Last seen today, "));
    BOOST_TEST(r.has(">Sign out everywhere else</button>"));

    r = b.post("/privacy/devices/" + phone_session + "/sign-out", "");
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == "/privacy?notice=device_signed_out");
    BOOST_TEST(phone.get("/").status == 303);
    BOOST_TEST(laptop.get("/").status == 200);
    BOOST_TEST(b.get("/").status == 200);

    // This device signs out with Sign out; another customer's device is not found.
    BOOST_TEST(b.post("/privacy/devices/" + mine + "/sign-out", "").status == 404);
    BOOST_TEST(b.get("/").status == 200);
    Person stranger = new_person();
    Browser theirs = sign_in(stranger);
    std::string their_session =
        sql("SELECT max(id) FROM sessions WHERE customer_id = " + stranger.id);
    r = b.post("/privacy/devices/" + their_session + "/sign-out", "");
    BOOST_TEST(r.status == 404);
    BOOST_TEST(!r.has("Priya"));
    BOOST_TEST(theirs.get("/").status == 200);
    BOOST_TEST(b.post("/privacy/devices/0/sign-out", "").status == 404);
    BOOST_TEST(b.post("/privacy/devices/x/sign-out", "").status == 404);

    r = b.post("/privacy/devices/sign-out-others", "");
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == "/privacy?notice=others_signed_out");
    BOOST_TEST(laptop.get("/").status == 303);
    r = b.get("/privacy?notice=others_signed_out");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.has("You&#39;ve been signed out everywhere else."));
    BOOST_TEST(count(r.body, "<li class=\"device\">") == 1u);
    BOOST_TEST(!r.has(">Sign out everywhere else</button>"));
    BOOST_TEST(sql("SELECT count(*) FROM auth_tokens WHERE customer_id = " + p.id +
                   " AND consumed_at IS NULL AND expires_at > now()") == "0");
}

BOOST_AUTO_TEST_CASE(alert_preferences_exist_only_at_zero_disclosure) {
    Person p = new_person();
    Browser b = on_page(p);
    Reply r = b.post("/privacy/alerts", "alert_sms=on");
    BOOST_TEST(r.status == 409);
    BOOST_TEST(r.has("Alert preferences are only for Zero Disclosure."));
    BOOST_TEST(column(p, "alert_on_access_email || ' ' || alert_on_access_sms") == "true false");

    BOOST_TEST(b.post("/privacy/tier", "tier=BLOCKED").status == 303);
    r = b.get("/privacy");
    BOOST_TEST(r.has("<h2 id=\"alerts-heading\">Alert Preferences</h2>"));
    BOOST_TEST(r.has("name=\"alert_email\" value=\"on\" checked"));
    BOOST_TEST(b.post("/privacy/alerts", "alert_sms=on").status == 303);
    BOOST_TEST(column(p, "alert_on_access_email || ' ' || alert_on_access_sms") == "false true");
    BOOST_TEST(b.post("/privacy/alerts", "alert_sms=yes").status == 400);

    // Text alerts need a number on file.
    sql("UPDATE customers SET phone = NULL WHERE id = " + p.id);
    r = b.post("/privacy/alerts", "alert_email=on&alert_sms=on");
    BOOST_TEST(r.status == 422);
    BOOST_TEST(column(p, "alert_on_access_email || ' ' || alert_on_access_sms") == "false true");
    BOOST_TEST(b.get("/privacy").has("Text alerts need a phone number"));

    // Back to Open Access: the card goes.
    BOOST_TEST(b.post("/privacy/tier", "tier=FULL").status == 303);
    BOOST_TEST(!b.get("/privacy").has("Alert Preferences"));
}

BOOST_AUTO_TEST_CASE(every_form_without_a_valid_csrf_token_is_403_and_changes_nothing) {
    Person p = new_person();
    Browser b = sign_in(p), other = sign_in(p);
    b.get("/privacy");
    std::string other_session = sql("SELECT max(id) FROM sessions WHERE customer_id = " + p.id);
    for (std::string form : {std::string("/privacy/tier|tier=BLOCKED"),
                             std::string("/privacy/pin|pin=4826&confirm_pin=4826"),
                             std::string("/privacy/password|new_password=lantern-orbit-93"
                                         "&confirm_password=lantern-orbit-93"),
                             std::string("/privacy/alerts|alert_sms=on"),
                             std::string("/privacy/devices/sign-out-others|"),
                             "/privacy/devices/" + other_session + "/sign-out|"})
        BOOST_TEST_CONTEXT(form) {
            size_t bar = form.find('|');
            BOOST_TEST(post_without_token(b, form.substr(0, bar), form.substr(bar + 1)).status ==
                       403);
            BOOST_TEST(
                b.post(form.substr(0, bar), form.substr(bar + 1), std::string(64, 'a').c_str())
                    .status == 403);
        }
    BOOST_TEST(column(p,
                      "privacy_tier || ' ' || (voice_pin_hash IS NULL) || ' ' ||"
                      " (password_hash IS NULL) || ' ' || alert_on_access_sms") ==
               "FULL true true false");
    BOOST_TEST(other.get("/").status == 200);
}

BOOST_AUTO_TEST_CASE(signed_out_the_page_sends_to_sign_in_and_another_garage_sees_nothing) {
    Reply r = get("smiths.localhost", "/privacy");
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == "/login?next=/privacy");
    // A session of one garage is worthless on another garage's host.
    Person p = new_person();
    Browser b = sign_in(p);
    Browser elsewhere("northside.localhost");
    elsewhere.set_cookie("portal_session", b.cookie("portal_session"));
    BOOST_TEST(elsewhere.get("/privacy").status == 303);
}

// ---- the voice assistant's side ----

BOOST_AUTO_TEST_CASE(voice_lookup_answers_by_tier) {
    Person p = new_person();
    sql("INSERT INTO vehicles (garage_id, customer_id, registration, make, model, colour)"
        " VALUES ((SELECT garage_id FROM customers WHERE id = " +
        p.id + "), " + p.id + ", 'PV24 ABC', 'Ford', 'Puma', 'Blue')");
    sql("INSERT INTO work_orders (garage_id, customer_id, vehicle_id, reference, status,"
        " status_message, description) SELECT garage_id, customer_id, id, 'WO-VOICE-" +
        unique_tag() +
        "', 'in_progress', 'On the ramp', 'Service' FROM vehicles WHERE"
        " customer_id = " +
        p.id);
    int status = -1;
    std::string out = voice("lookup --garage smiths --phone '" + p.dial + "' --json", &status);
    BOOST_TEST(status == 0);
    BOOST_TEST(contains(out,
                        "{\"answer\":\"customer\",\"customer\":{\"title\":\"\","
                        "\"first_name\":\"Priya\",\"last_name\":\"Patel\"}"),
               out);
    BOOST_TEST(contains(out, "\"registration\":\"PV24 ABC\",\"make\":\"Ford\""), out);
    BOOST_TEST(contains(out,
                        "\"status\":\"in_progress\",\"status_label\":\"In Progress\","
                        "\"status_message\":\"On the ramp\""),
               out);
    // The same person by email, and by the number as the garage typed it.
    BOOST_TEST(contains(voice("lookup --garage smiths --email " + p.email + " --json"),
                        "\"answer\":\"customer\""));
    BOOST_TEST(contains(voice("lookup --garage smiths --phone '" + p.phone + "' --json"),
                        "\"first_name\":\"Priya\""));

    sql("UPDATE customers SET privacy_tier = 'PIN', voice_pin_hash = 'x' WHERE id = " + p.id);
    BOOST_TEST(voice("lookup --garage smiths --phone " + p.dial + " --json") ==
               "{\"answer\":\"pin_required\"}\n");
    sql("UPDATE customers SET privacy_tier = 'RESTRICTED' WHERE id = " + p.id);
    BOOST_TEST(voice("lookup --garage smiths --phone " + p.dial + " --json") ==
               "{\"answer\":\"customer_exists\"}\n");
    sql("UPDATE customers SET privacy_tier = 'BLOCKED', alert_on_access_email = false WHERE id = " +
        p.id);
    BOOST_TEST(voice("lookup --garage smiths --phone " + p.dial + " --json") == kNoSuchCustomer);
    BOOST_TEST(sql("SELECT string_agg(outcome, ',' ORDER BY id) FROM voice_attempts"
                   " WHERE customer_id = " +
                   p.id) == "answered,answered,answered,pin_needed,existence_only,not_found");
}

BOOST_AUTO_TEST_CASE(zero_disclosure_answers_exactly_as_an_unknown_number_does) {
    Person p = new_person();
    sql("UPDATE customers SET privacy_tier = 'BLOCKED', alert_on_access_email = false WHERE id = " +
        p.id);
    for (std::string how : {std::string("lookup"), std::string("verify-pin")})
        BOOST_TEST_CONTEXT(how) {
            std::string pin = how == "verify-pin" ? " --pin 4826" : "";
            int s1 = -1, s2 = -1;
            std::string blocked =
                voice(how + " --garage smiths --phone " + p.dial + pin + " --json", &s1);
            std::string unknown =
                voice(how + " --garage smiths --phone +447000000001" + pin + " --json", &s2);
            BOOST_TEST(blocked == kNoSuchCustomer);
            BOOST_TEST(blocked == unknown);
            BOOST_TEST(s1 == s2);
            BOOST_TEST(voice(how + " --garage smiths --phone " + p.dial + pin) ==
                       voice(how + " --garage smiths --phone +447000000001" + pin));
            BOOST_TEST(voice(how + " --garage smiths --email " + p.email + pin + " --json") ==
                       voice(how + " --garage smiths --email nobody-" + unique_tag() +
                             "@example.com" + pin + " --json"));
        }
    // Another garage's customer is nobody here.
    Person there = new_person("northside");
    BOOST_TEST(voice("lookup --garage smiths --phone " + there.dial + " --json") ==
               kNoSuchCustomer);
}

BOOST_AUTO_TEST_CASE(verify_pin_answers_right_or_wrong_and_five_wrong_in_15_minutes_lock_it) {
    Person p = new_person();
    Browser b = on_page(p);
    BOOST_TEST_REQUIRE(b.post("/privacy/pin", "pin=4826&confirm_pin=4826").status == 303);
    BOOST_TEST_REQUIRE(b.post("/privacy/tier", "tier=PIN").status == 303);
    std::string who = "--garage smiths --phone " + p.dial + " --json --pin ";
    BOOST_TEST(contains(voice("verify-pin " + who + "4826"), "{\"answer\":\"customer\""));
    for (int left = 4; left >= 0; --left)
        BOOST_TEST(voice("verify-pin " + who + "1111") ==
                   "{\"answer\":\"pin_wrong\",\"pins_left\":" + std::to_string(left) + "}\n");
    // Locked: even the right PIN is not checked now.
    BOOST_TEST(voice("verify-pin " + who + "4826") == "{\"answer\":\"pin_locked\"}\n");
    BOOST_TEST(sql("SELECT count(*) FILTER (WHERE outcome = 'pin_wrong') || ' ' ||"
                   " count(*) FILTER (WHERE outcome = 'locked') || ' ' ||"
                   " count(*) FILTER (WHERE outcome = 'pin_right') FROM voice_attempts"
                   " WHERE customer_id = " +
                   p.id) == "5 1 1");
    // Fifteen minutes later it opens again.
    sql("UPDATE voice_attempts SET created_at = created_at - interval '16 minutes'"
        " WHERE customer_id = " +
        p.id);
    BOOST_TEST(contains(voice("verify-pin " + who + "4826"), "{\"answer\":\"customer\""));
}

BOOST_AUTO_TEST_CASE(zero_disclosure_alerts_go_at_most_once_per_channel_per_hour) {
    Person p = new_person();
    sql("UPDATE customers SET privacy_tier = 'BLOCKED', alert_on_access_email = true,"
        " alert_on_access_sms = true WHERE id = " +
        p.id);
    for (int i = 0; i < 3; ++i)
        BOOST_TEST(voice("lookup --garage smiths --phone " + p.dial + " --json") ==
                   kNoSuchCustomer);
    voice("verify-pin --garage smiths --email " + p.email + " --pin 4826 --json");
    BOOST_TEST(notices(p, "voice_alert") == 1);
    BOOST_TEST(sql("SELECT count(*) FROM outbox WHERE purpose = 'voice_alert' AND channel = 'sms'"
                   " AND recipient = " +
                   quoted(p.dial)) == "1");
    BOOST_TEST(sql("SELECT count(*) || ' ' || count(*) FILTER (WHERE alerted_email) || ' ' ||"
                   " count(*) FILTER (WHERE alerted_sms) FROM voice_attempts WHERE customer_id = " +
                   p.id) == "4 1 1");
    BOOST_TEST(contains(mailbox_text(p.email), "Someone just asked our voice assistant about"));
    // An hour later the next attempt alerts again.
    sql("UPDATE voice_attempts SET created_at = created_at - interval '61 minutes'"
        " WHERE customer_id = " +
        p.id);
    voice("lookup --garage smiths --phone " + p.dial + " --json");
    BOOST_TEST(notices(p, "voice_alert") == 2);
}

BOOST_AUTO_TEST_CASE(portalctl_voice_refuses_bad_input_with_usage_errors) {
    int status = 0;
    voice("lookup --garage smiths --json", &status);
    BOOST_TEST(status == 2);
    voice("lookup --garage smiths --phone +447700900101 --email ann@example.com", &status);
    BOOST_TEST(status == 2);
    voice("lookup --garage smiths --phone 'call me'", &status);
    BOOST_TEST(status == 2);
    voice("verify-pin --garage smiths --phone +447700900101 --pin 12ab", &status);
    BOOST_TEST(status == 2);
    voice("lookup --garage nowhere --phone +447700900101", &status);
    BOOST_TEST(status == 2);
    BOOST_TEST(contains(voice("--help", &status), "usage: portalctl voice lookup"));
    BOOST_TEST(status == 0);
}

BOOST_AUTO_TEST_SUITE_END()
