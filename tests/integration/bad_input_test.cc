// Bad input gets a clear 4xx page and a log line, and no worker crashes.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "client.h"

using namespace itest;

namespace {
bool logged(const std::string& request_id, const std::string& text) {
    int status = 0;
    shell("grep -F 'rid=" + request_id + "' '" + stack_dir() + "/log/login.log' | grep -qF '" +
              text + "'",
          &status);
    return status == 0;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(bad_input)

BOOST_AUTO_TEST_CASE(malformed_requests_get_4xx_pages_with_a_logged_reason_and_nothing_crashes) {
    std::vector<int> before = workers("login");
    BOOST_TEST_REQUIRE(!before.empty());

    struct Case {
        const char* what;
        Call call;
        long status;
        const char* log_text;
    };
    Call bad_escape_query, bad_utf8, unknown_field, duplicate_field, bad_choice, open_redirect,
        oversized, delete_method, post_method, bad_length;
    bad_escape_query.path = "/login?tab=%zz";
    bad_utf8.path = "/login?tab=%ff%fe";
    unknown_field.path = "/login?tab=link&admin=1";
    duplicate_field.path = "/login?tab=link&tab=password";
    bad_choice.path = "/login?tab=sms";
    open_redirect.path = "/login?next=%2F%2Fevil.example%2F";
    oversized.method = "POST";
    oversized.body = "email=" + std::string(100000, 'a');
    oversized.headers = {"Content-Type: application/x-www-form-urlencoded"};
    delete_method.method = "DELETE";
    post_method.method = "POST";
    post_method.body = "email=ann%40example.com";
    post_method.headers = {"Content-Type: application/x-www-form-urlencoded"};
    bad_length.path = "/login";

    Case cases[] = {
        {"bad percent-encoding in the query", bad_escape_query, 400, "bad percent-encoding"},
        {"bad UTF-8", bad_utf8, 400, "bad UTF-8"},
        {"an unknown field", unknown_field, 400, "unknown field admin"},
        {"a duplicated field", duplicate_field, 400, "duplicate field tab"},
        {"a value outside the allowed choices", bad_choice, 400, "invalid field tab"},
        {"a next that leaves the site", open_redirect, 400, "invalid field next"},
        {"an oversized body", oversized, 413, "body too large"},
        {"a wrong method", delete_method, 405, " 405 "},
        {"POST to a GET-only page", post_method, 405, " 405 "},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.what) {
            Reply r = http(c.call);
            BOOST_TEST(r.status == c.status);
            BOOST_TEST(r.header("content-type") == "text/html; charset=utf-8");
            BOOST_TEST(r.has("Smith&#39;s Garage"));  // a branded page, not nginx's
            std::string rid = reference_of(r);
            BOOST_TEST(!rid.empty());
            BOOST_TEST(logged(rid, c.log_text));
            if (c.status == 405) BOOST_TEST(r.header("allow") == "GET, HEAD");
        }
    }
    BOOST_TEST(workers("login") == before);
}

BOOST_AUTO_TEST_CASE(a_malformed_path_is_refused_by_nginx_with_a_plain_page) {
    Reply r = get("smiths.localhost", "/login%zz");
    BOOST_TEST(r.status == 400);
    BOOST_TEST(r.has("That address didn&#39;t look right"));
}

BOOST_AUTO_TEST_CASE(internal_details_never_reach_the_page) {
    Reply r = get("smiths.localhost", "/login?tab=%zz");
    BOOST_TEST(!r.has("percent"));
    BOOST_TEST(!r.has("exception"));
    BOOST_TEST(r.has("That request didn&#39;t look right"));
}

BOOST_AUTO_TEST_SUITE_END()
