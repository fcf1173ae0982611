// The gate's declarations: segments must be validated, numbers arrive parsed, redirects encode.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "app.h"

using namespace portal;

namespace {
void nothing(Ctx&) {}
}  // namespace

BOOST_AUTO_TEST_SUITE(gate)

BOOST_AUTO_TEST_CASE(a_segment_without_a_validator_stops_the_program_at_start) {
    App unchecked("test");
    unchecked.get("/quotes/{id}", nothing);
    BOOST_TEST(unchecked.run() == 1);

    App misnamed("test");
    misnamed.get("/quotes/{id}", nothing).segment("quote", v::integer(1, 9));
    BOOST_TEST(misnamed.run() == 1);
}

BOOST_AUTO_TEST_CASE(a_post_needing_a_recent_sign_in_names_its_page) {
    App app("test");
    BOOST_CHECK_THROW(app.post("/password", nothing).recent_sign_in(), std::logic_error);
    BOOST_CHECK_NO_THROW(app.post("/password", nothing).recent_sign_in("/"));
    BOOST_CHECK_NO_THROW(app.get("/privacy", nothing).recent_sign_in());
}

BOOST_AUTO_TEST_CASE(number_validators_parse_once) {
    Validator id = v::integer(1, 1000);
    BOOST_TEST(id("42"));
    BOOST_TEST(id.number("42") == 42);
    BOOST_TEST(!id("042"));
    BOOST_TEST(!id("1001"));
    BOOST_TEST(!v::line(10).number);

    Validator amount = v::money(100000000);
    for (auto [text, minor] : {std::pair{"12", 1200L},
                               {"12.5", 1250L},
                               {"12.05", 1205L},
                               {"1,234.50", 123450L},
                               {"0.99", 99L},
                               {"1,000,000", 100000000L}}) {
        BOOST_TEST(amount(text), text);
        BOOST_TEST(amount.number(text) == minor, text);
    }
    for (const char* bad : {"", ".5", "12.", "12.345", "1,23", "12,34.5", "-1", "1e3", "£12", " 12",
                            "1,000,001", "1234,567", ",123"})
        BOOST_TEST(!amount(bad), bad);
}

BOOST_AUTO_TEST_CASE(redirects_encode_their_query) {
    BOOST_TEST(with_query("/login", {{"notice", "sent"}, {"next", "/jobs/WO-1?x=1&y=2"}}) ==
               "/login?notice=sent&next=/jobs/WO-1%3Fx%3D1%26y%3D2");
    BOOST_TEST(with_query("/login", {{"notice", ""}, {"next", "/"}}) == "/login?next=/");
    BOOST_TEST(with_query("/login", {}) == "/login");
}

BOOST_AUTO_TEST_SUITE_END()
