// portalctl: what it prints, and clear errors with a non-zero exit on bad input.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <random>

#include "fixtures.h"

using namespace itest;

BOOST_AUTO_TEST_SUITE(portalctl)

BOOST_AUTO_TEST_CASE(every_command_has_help) {
    for (const char* cmd :
         {"--help", "migrate --help", "demo --help", "garage --help", "customer --help"}) {
        BOOST_TEST_CONTEXT(cmd) {
            int status = -1;
            std::string out = itest::portalctl(cmd, &status);
            BOOST_TEST(status == 0);
            BOOST_TEST(out.find("usage: portalctl") != std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_CASE(bad_input_is_refused_with_a_clear_message_and_exit_status) {
    struct Case {
        const char* args;
        int status;
        const char* says;
    } cases[] = {
        {"frobnicate", 2, "unknown command 'frobnicate'"},
        {"garage add --subdomain x --name X --colour green --email a@b.co", 2,
         "--colour must look like #0B6E4F"},
        {"garage add --subdomain 'Bad Name' --name X --colour '#000000' --email a@b.co", 2,
         "--subdomain must be"},
        {"garage add --subdomain ok --name X --colour '#000000'", 2, "--email is required"},
        {"garage add --subdomain ok --name X --colour '#000000' --email a@b.co --shoe 9", 2,
         "unknown option --shoe"},
        {"garage add --subdomain smiths --name X --colour '#000000' --email a@b.co", 1,
         "already exists"},
        {"garage set nosuchgarage --name X", 1, "no garage with subdomain nosuchgarage"},
        {"garage add --subdomain tz --name X --colour '#000000' --email a@b.co --timezone "
         "Mars/Base",
         2, "--timezone must be an IANA zone"},
        {"customer add --garage smiths --email ann@example.com --first-name A --last-name B", 1,
         "already has a customer with that email"},
        {"customer add --garage nosuch --email z@example.com --first-name A --last-name B", 2,
         "no garage with subdomain nosuch"},
        {"customer add --garage smiths --email not-an-email --first-name A --last-name B", 2,
         "--email is not an email address"},
        {"customer add --garage smiths --email national@example.com --first-name A --last-name B"
         " --phone '07700 900101'",
         2, "--phone must be in international form"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.args) {
            int status = -1;
            std::string out = itest::portalctl(c.args, &status);
            BOOST_TEST(status == c.status);
            BOOST_TEST(out.find(c.says) != std::string::npos, "output was: " << out);
        }
    }
    // A refused `garage add --subdomain smiths` left Smith's branding as it was.
    BOOST_TEST(get("smiths.localhost", "/branding/smiths/theme.css").has("--brand: #0B6E4F;"));
}

BOOST_AUTO_TEST_CASE(a_garage_added_and_set_by_portalctl_serves_its_branded_portal) {
    // A fresh name each run, so the test also passes against a stack it ran on before.
    std::string sub = "kwik" + std::to_string(std::random_device{}() % 1000000);
    std::string host = sub + ".localhost";
    int status = -1;
    std::string out = itest::portalctl(
        "garage add --subdomain " + sub +
            " --name 'Kwik Test Garage' --colour "
            "'#FFD400' --email hello@kwik.example --phone '+44 161 496 0000' --logo '" +
            repo_dir() + "/sql/demo-branding/smiths/logo.svg'",
        &status);
    BOOST_TEST_REQUIRE(status == 0, out);
    BOOST_TEST(out.find("added garage Kwik Test Garage (" + sub + ")") != std::string::npos);

    Reply r = get(host, "/login");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.has("Kwik Test Garage"));
    BOOST_TEST(r.has("/branding/" + sub + "/logo.svg"));
    Reply theme = get(host, "/branding/" + sub + "/theme.css");
    BOOST_TEST(theme.has("--on-brand: #111111;"));  // dark text on yellow

    out = itest::portalctl("garage set " + sub + " --colour '#123456' --domain " + sub + ".example",
                           &status);
    BOOST_TEST(status == 0, out);
    theme = get(host, "/branding/" + sub + "/theme.css");
    BOOST_TEST(theme.has("--brand: #123456;"));

    out = itest::portalctl("garage list", &status);
    BOOST_TEST(status == 0);
    BOOST_TEST(out.find(sub + ".example") != std::string::npos);
    BOOST_TEST(get(sub + ".example", "/login").has("Kwik Test Garage"));  // the custom domain

    out = itest::portalctl("customer add --garage " + sub +
                               " --email Zed@Example.com --first-name Zed "
                               "--last-name Zulu",
                           &status);
    BOOST_TEST(status == 0, out);
    out = itest::portalctl("customer list --garage " + sub, &status);
    BOOST_TEST(out.find("zed@example.com") != std::string::npos);
    BOOST_TEST(out.find("Zed Zulu") != std::string::npos);

    out = itest::portalctl("migrate", &status);
    BOOST_TEST(status == 0);
    BOOST_TEST(out.find("database is up to date") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
