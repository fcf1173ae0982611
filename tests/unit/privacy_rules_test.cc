// The Privacy & Security page's rules without a server: which voice PINs are refused, the
// User-Agent in words, and the tiers in order.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "privacy_tiers.h"
#include "user_agent.h"
#include "voice_pin.h"

using namespace portal;

BOOST_AUTO_TEST_SUITE(privacy_rules)

BOOST_AUTO_TEST_CASE(obvious_pins_and_the_phones_last_digits_are_refused) {
    const char* phone = "+44 7700 900101";
    for (const char* bad : {"", "123", "123456789", "12a4", "12 34", "1234", "0000", "123456",
                            "4321", "987654", "1212", "565656", "2580", "0852", "0101", "900101"})
        BOOST_TEST_CONTEXT(bad) {
            BOOST_TEST(!pin_problem(bad, bad, phone).empty());
        }
    for (const char* good : {"4826", "7391", "30517", "84620193", "0472"})
        BOOST_TEST_CONTEXT(good) {
            BOOST_TEST(pin_problem(good, good, phone) == "");
        }
    BOOST_TEST(pin_problem("4826", "4827", phone) == "The two PINs don't match.");
    BOOST_TEST(!pin_problem("7391", "7391", "+44 7700 907391").empty());
    BOOST_TEST(pin_problem("7391", "7391", "") == "");  // no phone on file: nothing to avoid
}

BOOST_AUTO_TEST_CASE(user_agents_read_as_browser_on_system) {
    const std::pair<const char*, const char*> cases[] = {
        {"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/131.0.0.0 Mobile Safari/537.36",
         "Chrome on Android"},
        {"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
         "like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
         "Safari on iPhone"},
        {"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
         "like Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1",
         "Chrome on iPhone"},
        {"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
         "Firefox on Windows"},
        {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
         "Edge on Mac"},
        {"Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
         "SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
         "Samsung Internet on Android"},
        {"curl/7.88.1", "An unknown browser"},
        {"", "An unknown browser"},
    };
    for (const auto& [agent, words] : cases) BOOST_TEST_CONTEXT(agent) {
            BOOST_TEST(device_words(agent) == words);
        }
}

BOOST_AUTO_TEST_CASE(the_four_tiers_most_open_first) {
    const auto& tiers = privacy_tiers();
    BOOST_TEST_REQUIRE(tiers.size() == 4u);
    BOOST_TEST(std::string(tiers[0].name) == "Open Access");
    BOOST_TEST(std::string(tiers[1].name) == "PIN Required");
    BOOST_TEST(std::string(tiers[2].name) == "Limited Info");
    BOOST_TEST(std::string(tiers[3].name) == "Zero Disclosure");
    BOOST_TEST(privacy_tier("PIN")->needs_pin);
    BOOST_TEST(privacy_tier("BLOCKED")->alerts);
    BOOST_TEST(privacy_tier("pin") == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
