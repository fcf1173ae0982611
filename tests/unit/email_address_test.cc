// The one email address rule: what it accepts, its canonical form, and the look-alikes it refuses.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "email_address.h"

using namespace portal;

BOOST_AUTO_TEST_SUITE(email_address)

BOOST_AUTO_TEST_CASE(canonical_form_is_trimmed_and_lower_case) {
    BOOST_TEST(canonical_email("Ann@Example.COM").value_or("") == "ann@example.com");
    BOOST_TEST(canonical_email(" \tann@example.com  ").value_or("") == "ann@example.com");
    BOOST_TEST(canonical_email("o'brien+garage@sub.example.co.uk").value_or("") ==
               "o'brien+garage@sub.example.co.uk");
    std::string canonical = canonical_email("X.Y@b.io").value_or("");
    BOOST_TEST(canonical_email(canonical).value_or("") == canonical);  // a fixed point
}

BOOST_AUTO_TEST_CASE(look_alikes_and_non_ascii_are_refused_not_folded) {
    for (const char* bad : {"\xE2\x84\xAAim@example.com",  // U+212A KELVIN SIGN
                            "\xC4\xB0ris@example.com",     // U+0130, a dotted capital I
                            "ann@ex\xC3\xA4mple.com", "\xEF\xBC\xA1nn@example.com"})
        BOOST_TEST(!canonical_email(bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(malformed_addresses_are_refused) {
    std::string long_label = "a@" + std::string(64, 'b') + ".com";
    std::string too_long = std::string(64, 'a') + "@" + std::string(63, 'b') + "." +
                           std::string(63, 'c') + "." + std::string(63, 'd') + ".com";
    for (const std::string& bad :
         {std::string(""), std::string("ann"), std::string("@example.com"), std::string("ann@"),
          std::string("ann@example"), std::string("a@b@example.com"),
          std::string(".ann@example.com"), std::string("ann.@example.com"),
          std::string("a..b@example.com"), std::string("\"ann\"@example.com"),
          std::string("ann@[192.0.2.1]"), std::string("ann@-example.com"),
          std::string("ann@example-.com"), std::string("ann smith@example.com"),
          std::string("ann@example.com\r\nBcc: x@y.z"), std::string(65, 'a') + "@example.com",
          long_label, too_long})
        BOOST_TEST(!canonical_email(bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(the_portals_own_sender_may_be_at_a_one_label_host) {
    BOOST_TEST(valid_address("portal@localhost"));
    BOOST_TEST(valid_address("Portal@Example.com"));
    BOOST_TEST(!valid_address(" portal@localhost"));
    BOOST_TEST(!canonical_email("ann@localhost").has_value());  // not a customer's address
}

BOOST_AUTO_TEST_SUITE_END()
