// Host header → garage: normalisation and the subdomain / custom-domain decision.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "tenancy.h"

using namespace portal;

BOOST_AUTO_TEST_SUITE(tenancy)

BOOST_AUTO_TEST_CASE(hosts_are_normalised) {
    BOOST_TEST(*normalise_host("smiths.localhost:8080") == "smiths.localhost");
    BOOST_TEST(*normalise_host("SMITHS.Portal.Example.com") == "smiths.portal.example.com");
    BOOST_TEST(*normalise_host("portal.smiths-garage.example.") == "portal.smiths-garage.example");
    BOOST_TEST(!normalise_host(""));
    BOOST_TEST(!normalise_host("[::1]:8080"));
    BOOST_TEST(!normalise_host("smiths.localhost:80a"));
    BOOST_TEST(!normalise_host("smiths.localhost:"));
    BOOST_TEST(!normalise_host("evil.com/x"));
    BOOST_TEST(!normalise_host("smi ths.localhost"));
    BOOST_TEST(!normalise_host("sm\xc3\xafths.localhost"));
    BOOST_TEST(!normalise_host(std::string(300, 'a')));
}

BOOST_AUTO_TEST_CASE(subdomains_of_the_base_domain_and_custom_domains) {
    auto k = host_key("smiths.portal.example.com", "portal.example.com");
    BOOST_TEST(k.is_subdomain);
    BOOST_TEST(k.value == "smiths");

    k = host_key("portal.smiths-garage.example", "portal.example.com");
    BOOST_TEST(!k.is_subdomain);
    BOOST_TEST(k.value == "portal.smiths-garage.example");

    // Deeper names and the base domain itself are not garage subdomains.
    BOOST_TEST(!host_key("a.smiths.portal.example.com", "portal.example.com").is_subdomain);
    BOOST_TEST(!host_key("portal.example.com", "portal.example.com").is_subdomain);
    // A look-alike suffix is not the base domain.
    BOOST_TEST(!host_key("smithsportal.example.com", "portal.example.com").is_subdomain);
    BOOST_TEST(host_key("northside.localhost", "localhost").value == "northside");
}

BOOST_AUTO_TEST_SUITE_END()
