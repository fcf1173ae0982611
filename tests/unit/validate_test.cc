// Validators of declared input fields, and the `next` redirect check (no open redirect).
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "format.h"
#include "validate.h"

using namespace portal;

BOOST_AUTO_TEST_SUITE(validate)

BOOST_AUTO_TEST_CASE(email_addresses) {
    auto email = v::email();
    for (const char* ok : {"ann@example.com", "a.b+garage@sub.example.co.uk", "X@y.io"})
        BOOST_TEST_CONTEXT(ok) {
            BOOST_TEST(email(ok));
        }
    std::string too_long = std::string(250, 'a') + "@b.co";
    std::string long_local = std::string(65, 'a') + "@b.co";
    for (std::string bad : {std::string(""), std::string("ann"), std::string("@example.com"),
                            std::string("ann@"), std::string("ann@example"),
                            std::string("ann@@example.com"), std::string("ann@exa mple.com"),
                            std::string("Ann <ann@example.com>"), std::string("ann@example..com"),
                            std::string("ann@.example.com"), std::string("ann@example.com."),
                            std::string("ann@example.com\r\nBcc: x@y.z"), too_long, long_local})
        BOOST_TEST_CONTEXT(bad) {
            BOOST_TEST(!email(bad));
        }
}

BOOST_AUTO_TEST_CASE(local_paths_never_leave_the_site) {
    for (const char* ok : {"/", "/jobs/WO-TANGO-1234", "/quotes/12?x=1", "/invoices"})
        BOOST_TEST_CONTEXT(ok) {
            BOOST_TEST(is_local_path(ok));
        }
    for (const char* bad :
         {"", "jobs", "//evil.example", "/\\evil.example", "https://evil.example",
          "javascript:alert(1)", "/a b", "/a\tb", "/a\nb", "\\\\evil", "/\\/evil"})
        BOOST_TEST_CONTEXT(bad) {
            BOOST_TEST(!is_local_path(bad));
        }
    BOOST_TEST(!is_local_path("/" + std::string(600, 'a')));
}

BOOST_AUTO_TEST_CASE(integers_are_range_checked_without_atoi) {
    auto n = v::integer(1, 100);
    for (const char* ok : {"1", "42", "100"}) BOOST_TEST_CONTEXT(ok) {
            BOOST_TEST(n(ok));
        }
    for (const char* bad :
         {"0", "101", "", "-1", "+5", "05", "4x", " 4", "1e2", "99999999999999999999"})
        BOOST_TEST_CONTEXT(bad) {
            BOOST_TEST(!n(bad));
        }
    BOOST_TEST(v::integer(-5, 5)("-5"));
}

BOOST_AUTO_TEST_CASE(phone_numbers_need_their_country_code) {
    BOOST_TEST(v::international_phone()("+44 7700 900101"));
    BOOST_TEST(v::international_phone()("+447700900101"));
    BOOST_TEST(v::international_phone()("+1 (555) 010-0199"));
    BOOST_TEST(!v::international_phone()("07700 900101"));  // national: no country code
    BOOST_TEST(!v::international_phone()("+44 7700"));      // too short
    BOOST_TEST(!v::international_phone()("+44 7700 900101 ext 2"));
    BOOST_TEST(!v::international_phone()("+44\n7700900101"));
    BOOST_TEST(!v::international_phone()("+1234567890123456"));  // 16 digits
}

BOOST_AUTO_TEST_CASE(codes_tokens_and_references) {
    BOOST_TEST(v::digits(6)("012345"));
    BOOST_TEST(!v::digits(6)("12345"));
    BOOST_TEST(!v::digits(6)("12345a"));
    BOOST_TEST(v::token()(std::string(43, 'A')));
    BOOST_TEST(v::token()("abcdefghijklmnopqrstuvwxyz-_ABCDEFGHIJ01234"));
    BOOST_TEST(!v::token()(std::string(42, 'A')));
    BOOST_TEST(!v::token()(std::string(42, 'A') + "="));
    BOOST_TEST(v::reference()("WO-TANGO-1234"));
    BOOST_TEST(v::reference()("WO-1"));
    for (const char* bad : {"WO-", "wo-tango-1", "WO--1", "WO-1-", "WO-TANGO 1", "XX-1"})
        BOOST_TEST_CONTEXT(bad) {
            BOOST_TEST(!v::reference()(bad));
        }
}

BOOST_AUTO_TEST_CASE(text_lines_refuse_control_characters_and_count_characters) {
    auto line = v::line(5);
    BOOST_TEST(line("hello"));
    BOOST_TEST(line("h\xc3\xa9llo"));  // 5 characters, 6 bytes
    BOOST_TEST(!line("hello!"));
    BOOST_TEST(!line("he\nlo"));
    BOOST_TEST(!line("he\tlo"));
    BOOST_TEST(!line(std::string("he\0lo", 5)));
    auto text = v::text(20);
    BOOST_TEST(text("line one\r\nline two"));
    BOOST_TEST(!text("bell\x07"));
}

BOOST_AUTO_TEST_CASE(choices) {
    auto tab = v::one_of({"link", "password"});
    BOOST_TEST(tab("link"));
    BOOST_TEST(tab("password"));
    BOOST_TEST(!tab("Password"));
    BOOST_TEST(!tab(""));
}

BOOST_AUTO_TEST_CASE(url_encoding_and_dial_strings) {
    BOOST_TEST(url_encode("/jobs/WO-1?a=b&c") == "/jobs/WO-1%3Fa%3Db%26c");
    BOOST_TEST(url_encode("caf\xc3\xa9") == "caf%C3%A9");
    BOOST_TEST(dial_string("+44 20 7946 0321") == "+442079460321");
    BOOST_TEST(dial_string("(020) 7946-0321") == "02079460321");
}

BOOST_AUTO_TEST_CASE(money_reads_as_a_customer_expects) {
    struct {
        long minor;
        const char* currency;
        const char* reads;
    } cases[] = {
        {0, "GBP", "£0.00"},
        {5, "GBP", "£0.05"},
        {12345, "GBP", "£123.45"},
        {123450, "GBP", "£1,234.50"},
        {100000000, "EUR", "€1,000,000.00"},
        {-750, "USD", "-$7.50"},
        {1200, "CHF", "CHF 12.00"},
    };
    for (const auto& c : cases) BOOST_TEST(money(c.minor, c.currency) == c.reads);
}

BOOST_AUTO_TEST_CASE(hundredths_drop_trailing_zeros) {
    BOOST_TEST(hundredths(150) == "1.5");
    BOOST_TEST(hundredths(125) == "1.25");
    BOOST_TEST(hundredths(105) == "1.05");
    BOOST_TEST(hundredths(200) == "2");
    BOOST_TEST(hundredths(50) == "0.5");
    BOOST_TEST(hundredths(0) == "0");
}

BOOST_AUTO_TEST_SUITE_END()
