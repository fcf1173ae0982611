// Request parsing (percent-decoding, UTF-8, forms, cookies) and response serialisation.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "http.h"

using namespace portal;

BOOST_AUTO_TEST_SUITE(http)

BOOST_AUTO_TEST_CASE(percent_decoding_is_strict) {
    struct Case {
        const char* in;
        bool plus_is_space;
        bool ok;
        const char* out;
    } cases[] = {
        {"abc", false, true, "abc"},
        {"a%20b", false, true, "a b"},
        {"a+b", true, true, "a b"},
        {"a+b", false, true, "a+b"},
        {"%e2%82%ac", false, true, "\xe2\x82\xac"},
        {"%41%4a", false, true, "AJ"},
        {"%", false, false, ""},
        {"%4", false, false, ""},
        {"abc%", false, false, ""},
        {"%G1", false, false, ""},
        {"%1G", false, false, ""},
        {"a%00b", false, false, ""},
    };
    std::string out;
    BOOST_TEST(!percent_decode(std::string_view("a\0b", 3), false, out));  // a raw NUL too
    BOOST_CHECK_THROW(parse_urlencoded(std::string_view("a=\0", 3), 64, 8192), HttpError);
    for (const auto& c : cases) {
        std::string out;
        BOOST_TEST_CONTEXT("input " << c.in) {
            BOOST_TEST(percent_decode(c.in, c.plus_is_space, out) == c.ok);
            if (c.ok) BOOST_TEST(out == c.out);
        }
    }
}

BOOST_AUTO_TEST_CASE(utf8_validation_refuses_malformed_sequences) {
    struct Case {
        const char* in;
        bool ok;
    } cases[] = {
        {"plain ascii", true},
        {"caf\xc3\xa9", true},
        {"\xe2\x82\xac 5", true},
        {"\xf0\x9f\x9a\x97 car", true},
        {"\xc3", false},              // truncated
        {"\xc0\xaf", false},          // overlong '/'
        {"\xe0\x80\xaf", false},      // overlong 3-byte
        {"\xed\xa0\x80", false},      // UTF-16 surrogate
        {"\xf4\x90\x80\x80", false},  // above U+10FFFF
        {"\xff", false},
        {"\x80", false},          // lone continuation byte
        {"\xe2\x28\xa1", false},  // bad continuation
    };
    for (const auto& c : cases) BOOST_TEST_CONTEXT("input " << c.in) {
            BOOST_TEST(valid_utf8(c.in) == c.ok);
        }
}

BOOST_AUTO_TEST_CASE(urlencoded_forms_parse_in_order_with_plus_as_space) {
    Pairs p =
        parse_urlencoded("email=ann%40example.com&next=%2Fjobs&note=hi+there&empty=", 10, 100);
    BOOST_TEST_REQUIRE(p.size() == 4u);
    BOOST_TEST(p[0].first == "email");
    BOOST_TEST(p[0].second == "ann@example.com");
    BOOST_TEST(p[1].second == "/jobs");
    BOOST_TEST(p[2].second == "hi there");
    BOOST_TEST(p[3].second == "");
    BOOST_TEST(parse_urlencoded("", 10, 100).empty());
    BOOST_TEST(parse_urlencoded("a=1&&b=2&", 10, 100).size() == 2u);
    // Duplicates are kept so the gate can refuse them.
    BOOST_TEST(parse_urlencoded("a=1&a=2", 10, 100).size() == 2u);
}

int status_of(const char* input, size_t max_fields = 10, size_t max_bytes = 100) {
    try {
        parse_urlencoded(input, max_fields, max_bytes);
        return 200;
    } catch (const HttpError& e) {
        return e.status;
    }
}

BOOST_AUTO_TEST_CASE(malformed_or_oversized_forms_are_400) {
    BOOST_TEST(status_of("a=%zz") == 400);
    BOOST_TEST(status_of("a=%c3%28") == 400);
    BOOST_TEST(status_of("%ff=1") == 400);
    BOOST_TEST(status_of("a=1&b=2&c=3", 2) == 400);
    BOOST_TEST(status_of("a=1&b=2", 2) == 200);
    std::string long_value = "a=" + std::string(101, 'x');
    BOOST_TEST(status_of(long_value.c_str()) == 400);
    std::string exact = "a=" + std::string(100, 'x');
    BOOST_TEST(status_of(exact.c_str()) == 200);
}

BOOST_AUTO_TEST_CASE(cookies_parse_leniently_first_name_wins) {
    auto c = parse_cookies("a=1; b=\"two\";c=3 ; junk; =novalue; a=ignored");
    BOOST_TEST(c.size() == 3u);
    BOOST_TEST(c["a"] == "1");
    BOOST_TEST(c["b"] == "two");
    BOOST_TEST(c["c"] == "3");
    BOOST_TEST(parse_cookies("").empty());
}

BOOST_AUTO_TEST_CASE(responses_carry_security_headers_and_cookie_flags) {
    Response r;
    r.body = "<p>hi</p>";
    r.set_cookie({"sid", "abc", 7776000});
    std::string plain = r.serialise(false, false);
    BOOST_TEST(plain.rfind("Status: 200 OK\r\n", 0) == 0);
    BOOST_TEST(plain.find("Content-Security-Policy: default-src 'self'") != std::string::npos);
    BOOST_TEST(plain.find("frame-ancestors 'none'") != std::string::npos);
    BOOST_TEST(plain.find("X-Content-Type-Options: nosniff") != std::string::npos);
    BOOST_TEST(plain.find("Referrer-Policy:") != std::string::npos);
    BOOST_TEST(plain.find("Cache-Control: no-store") != std::string::npos);
    BOOST_TEST(plain.find("Set-Cookie: sid=abc; Path=/; Max-Age=7776000; HttpOnly; SameSite=Lax") !=
               std::string::npos);
    BOOST_TEST(plain.find("Strict-Transport-Security") == std::string::npos);
    BOOST_TEST(plain.find("; Secure") == std::string::npos);
    BOOST_TEST(plain.substr(plain.size() - 9) == "<p>hi</p>");

    std::string tls = r.serialise(true, true);
    BOOST_TEST(tls.find("Strict-Transport-Security: max-age=31536000") != std::string::npos);
    BOOST_TEST(tls.find("HttpOnly; Secure; SameSite=Lax") != std::string::npos);
    BOOST_TEST(tls.find("<p>hi</p>") == std::string::npos);  // HEAD: headers only
    BOOST_TEST(tls.find("Content-Length: 9") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(redirects_are_303_see_other) {
    Response r;
    r.redirect("/login?next=%2Fjobs");
    std::string s = r.serialise(false, false);
    BOOST_TEST(s.rfind("Status: 303 See Other\r\n", 0) == 0);
    BOOST_TEST(s.find("Location: /login?next=%2Fjobs\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
