// The configuration file: the shipped example parses, mistakes are refused with the line named.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

#include "config.h"

using namespace portal;

BOOST_AUTO_TEST_SUITE(config)

BOOST_AUTO_TEST_CASE(the_shipped_example_parses) {
    std::ifstream in("etc/portal.conf.example");
    BOOST_TEST_REQUIRE(bool(in));
    std::stringstream buf;
    buf << in.rdbuf();
    Config c = parse_config(buf.str());
    BOOST_TEST(c.base_domain == "portal.example.com");
    BOOST_TEST(c.public_scheme == "https");
    BOOST_TEST(c.public_port == "");
    BOOST_TEST(c.max_body_bytes == 65536);
}

BOOST_AUTO_TEST_CASE(values_comments_and_defaults) {
    Config c = parse_config(
        "# comment\n\n  base_domain =  garages.test  \nthreads=4\r\npublic_port = 8443\n");
    BOOST_TEST(c.base_domain == "garages.test");
    BOOST_TEST(c.threads == 4);
    BOOST_TEST(c.public_port == "8443");
    BOOST_TEST(c.tenancy_cache_seconds == 30);  // default kept
}

std::string error_of(const char* text) {
    try {
        parse_config(text);
        return "";
    } catch (const std::runtime_error& e) {
        return e.what();
    }
}

BOOST_AUTO_TEST_CASE(mistakes_are_refused_naming_the_line) {
    BOOST_TEST(error_of("base_domain = x\nbase_domian = y\n") ==
               "config line 2 (base_domian): unknown key");
    BOOST_TEST(error_of("threads = many") == "config line 1 (threads): expected a number");
    BOOST_TEST(error_of("threads = 0") == "config line 1 (threads): must be between 1 and 64");
    BOOST_TEST(error_of("public_scheme = ftp") ==
               "config line 1 (public_scheme): must be http or https");
    BOOST_TEST(error_of("no equals sign") == "config line 1: expected key = value");
    BOOST_TEST(error_of("base_domain =") == "config: base_domain is empty");
}

BOOST_AUTO_TEST_SUITE_END()
