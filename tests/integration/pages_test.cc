// The sign-in page through nginx: each garage's branding, unknown hosts, healthz, headers.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "client.h"

using namespace itest;

BOOST_AUTO_TEST_SUITE(pages)

BOOST_AUTO_TEST_CASE(each_garage_login_page_shows_its_own_name_logo_and_colour) {
    struct Expect {
        const char *host, *name, *other_name, *logo, *colour;
    } garages[] = {
        {"smiths.localhost", "Smith&#39;s Garage", "Northside Motors", "/branding/smiths/logo.svg",
         "--brand: #0B6E4F;"},
        {"northside.localhost:8080", "Northside Motors", "Smith&#39;s Garage",
         "/branding/northside/logo.svg", "--brand: #7A1F5C;"},
    };
    for (const auto& g : garages) {
        BOOST_TEST_CONTEXT(g.host) {
            Reply r = get(g.host, "/login");
            BOOST_TEST(r.status == 200);
            BOOST_TEST(r.has(std::string("<span class=\"brand-name\">") + g.name + "</span>"));
            BOOST_TEST(!r.has(g.other_name));
            BOOST_TEST(r.has(std::string("src=\"") + g.logo + "\""));
            BOOST_TEST(r.has("<h1>Sign in to your portal</h1>"));
            BOOST_TEST(r.has("Enter your email to receive a sign-in link"));

            Reply logo = get(g.host, g.logo);
            BOOST_TEST(logo.status == 200);
            BOOST_TEST(logo.header("content-type") == "image/svg+xml");
            BOOST_TEST(!logo.header("cache-control").empty());

            std::string sub = std::string(g.host).substr(0, std::string(g.host).find('.'));
            Reply theme = get(g.host, "/branding/" + sub + "/theme.css");
            BOOST_TEST(theme.status == 200);
            BOOST_TEST(theme.has(g.colour));
            BOOST_TEST(theme.has("--on-brand: #FFFFFF;"));
        }
    }
}

BOOST_AUTO_TEST_CASE(an_unknown_host_gets_404_and_the_seed_message) {
    for (const char* host : {"nobody.localhost", "localhost", "127.0.0.1",
                             "smiths.localhost.evil.example", "a.smiths.localhost"}) {
        BOOST_TEST_CONTEXT(host) {
            Reply r = get(host, "/login");
            BOOST_TEST(r.status == 404);
            BOOST_TEST(r.has("Unable to find your garage. Please check the URL."));
            BOOST_TEST(!r.has("Smith&#39;s Garage"));
        }
    }
}

BOOST_AUTO_TEST_CASE(the_email_link_tab_is_selected_by_default_and_password_on_request) {
    Reply r = get("smiths.localhost", "/login");
    BOOST_TEST(
        r.has("id=\"tab-link\" href=\"/login?tab=link\" aria-controls=\"panel-link\" "
              "aria-selected=\"true\">Email link</a>"));
    BOOST_TEST(r.has("aria-labelledby=\"tab-password\" hidden>"));
    BOOST_TEST(r.has("Send sign-in link"));
    BOOST_TEST(r.has("Forgot your password?"));

    Reply p = get("smiths.localhost", "/login?tab=password");
    BOOST_TEST(p.status == 200);
    BOOST_TEST(p.has("aria-controls=\"panel-password\" aria-selected=\"true\">Password</a>"));
    BOOST_TEST(p.has("aria-labelledby=\"tab-link\" hidden>"));
}

BOOST_AUTO_TEST_CASE(the_next_path_is_kept_across_tabs_and_forms) {
    Reply r = get("smiths.localhost", "/login?next=%2Fjobs%2FWO-TANGO-1234");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.has("<input type=\"hidden\" name=\"next\" value=\"/jobs/WO-TANGO-1234\">"));
    BOOST_TEST(r.has("href=\"/login?tab=password&amp;next=/jobs/WO-TANGO-1234\""));
}

BOOST_AUTO_TEST_CASE(healthz_answers_200_with_the_database_up) {
    Reply r = get("127.0.0.1", "/healthz");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.body == "ok\n");
}

BOOST_AUTO_TEST_CASE(pages_carry_the_security_headers) {
    Reply r = get("smiths.localhost", "/login");
    BOOST_TEST(r.header("content-security-policy").find("frame-ancestors 'none'") !=
               std::string::npos);
    BOOST_TEST(r.header("content-security-policy").find("script-src 'self'") != std::string::npos);
    BOOST_TEST(r.header("x-content-type-options") == "nosniff");
    BOOST_TEST(r.header("referrer-policy") == "same-origin");
    BOOST_TEST(r.header("cache-control") == "no-store");
    BOOST_TEST(r.header("strict-transport-security").empty());  // plain http here
    BOOST_TEST(r.header("server") == "nginx");                  // no version
    BOOST_TEST(!r.has(" style=\""));                            // the CSP allows no inline style
    BOOST_TEST(!r.has("<script>"));

    Reply css = get("smiths.localhost", "/static/portal.css");
    BOOST_TEST(css.status == 200);
    BOOST_TEST(css.header("x-content-type-options") == "nosniff");
    BOOST_TEST(css.header("cache-control") == "public, max-age=604800");
    BOOST_TEST(css.headers.count("cache-control") == 1u);
}

BOOST_AUTO_TEST_CASE(head_requests_get_headers_only) {
    Call c;
    c.method = "HEAD";
    Reply r = http(c);
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.body.empty());
}

BOOST_AUTO_TEST_CASE(an_unknown_page_of_a_known_garage_is_a_branded_404) {
    Reply r = get("smiths.localhost", "/no-such-page");
    BOOST_TEST(r.status == 404);
    BOOST_TEST(r.has("Page not found"));
    BOOST_TEST(r.has("Smith&#39;s Garage"));
    BOOST_TEST(!reference_of(r).empty());
}

BOOST_AUTO_TEST_SUITE_END()
