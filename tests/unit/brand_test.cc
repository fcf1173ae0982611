// Branding: text on the brand colour is chosen for contrast (WCAG 2.1).
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "brand.h"

using namespace portal;

BOOST_AUTO_TEST_SUITE(brand)

BOOST_AUTO_TEST_CASE(contrast_ratio_matches_wcag_reference_values) {
    BOOST_TEST(contrast_ratio("#000000", "#FFFFFF") == 21.0, boost::test_tools::tolerance(0.01));
    BOOST_TEST(contrast_ratio("#777777", "#FFFFFF") == 4.48, boost::test_tools::tolerance(0.01));
}

BOOST_AUTO_TEST_CASE(text_on_the_brand_colour_is_white_on_dark_and_ink_on_light) {
    BOOST_TEST(text_colour_on("#0B6E4F") == "#FFFFFF");  // Smith's Garage green
    BOOST_TEST(text_colour_on("#7A1F5C") == "#FFFFFF");  // Northside Motors plum
    BOOST_TEST(text_colour_on("#FFD400") == "#111111");  // a yellow brand
    BOOST_TEST(text_colour_on("#F0F0F0") == "#111111");
}

BOOST_AUTO_TEST_CASE(theme_css_darkens_a_pale_brand_for_text_on_white) {
    std::string css = theme_css("#FFD400");
    BOOST_TEST(css.find("--brand: #FFD400;") != std::string::npos);
    BOOST_TEST(css.find("--on-brand: #111111;") != std::string::npos);
    size_t at = css.find("--brand-text: ");
    BOOST_TEST_REQUIRE(at != std::string::npos);
    std::string text_colour = css.substr(at + 14, 7);
    BOOST_TEST(contrast_ratio(text_colour, "#FFFFFF") >= 4.5);
    BOOST_TEST(theme_css("#0B6E4F").find("--brand-text: #0B6E4F;") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
