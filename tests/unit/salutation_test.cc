// How the portal addresses a customer (lib/salutation): each choice, and the choices as My
// Profile shows them with the customer's own name.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "salutation.h"

using portal::address_as;

BOOST_AUTO_TEST_SUITE(salutation)

BOOST_AUTO_TEST_CASE(each_salutation_addresses_the_customer_as_chosen) {
    BOOST_TEST(address_as("first_name", "Mrs", "Ann", "Smith") == "Ann");
    BOOST_TEST(address_as("title_last_name", "Mrs", "Ann", "Smith") == "Mrs Smith");
    BOOST_TEST(address_as("full_name", "Mrs", "Ann", "Smith") == "Ann Smith");
    // Title and surname without a title would read "Smith": the first name instead.
    BOOST_TEST(address_as("title_last_name", "", "Ann", "Smith") == "Ann");
    BOOST_TEST(address_as("unknown", "Dr", "Ann", "Smith") == "Ann");
}

BOOST_AUTO_TEST_CASE(the_choices_show_the_customers_own_name) {
    auto choices = portal::salutation_choices("Dr", "Eve", "Evans");
    BOOST_TEST_REQUIRE(choices.size() == 3u);
    BOOST_TEST(choices[0].example == "Eve");
    BOOST_TEST(choices[1].example == "Dr Evans");
    BOOST_TEST(choices[2].example == "Eve Evans");
    BOOST_TEST(portal::salutation_choices("", "Eve", "Evans")[1].example == "Title Evans");
}

BOOST_AUTO_TEST_SUITE_END()
