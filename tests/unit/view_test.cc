// Templates: everything a page says is HTML-escaped, and the layout carries the garage's brand.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "app.h"
#include "tenancy.h"
#include "view.h"

using namespace portal;

namespace {
struct Templates {
    Templates() {
        static bool loaded = false;
        if (!loaded) load_templates(".");  // tests run from the repository root
        loaded = true;
    }
};

Garage garage_named(const std::string& name) {
    Garage g;
    g.id = 1;
    g.subdomain = "smiths";
    g.name = name;
    g.logo_path = "/branding/smiths/logo.svg";
    g.primary_colour = "#0B6E4F";
    g.brand_version = 42;
    return g;
}
}  // namespace

BOOST_FIXTURE_TEST_SUITE(view, Templates)

BOOST_AUTO_TEST_CASE(a_customer_name_with_script_renders_inert) {
    Garage g = garage_named("Smith's <b>Garage</b>");
    Page page("error.tpl", "Oops", &g, "rid1");
    page.dict().SetValue("HEADING", "Hello <script>alert(1)</script>");
    page.dict().SetValue("MESSAGE", "\"><img src=x onerror=alert(1)>");
    std::string html = page.expand();
    BOOST_TEST(html.find("<script>alert") == std::string::npos);
    BOOST_TEST(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    BOOST_TEST(html.find("<img src=x") == std::string::npos);
    BOOST_TEST(html.find("&lt;b&gt;Garage&lt;/b&gt;") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_layout_carries_the_garage_name_logo_and_theme) {
    Garage g = garage_named("Smith's Garage");
    Page page("error.tpl", "Sign in", &g, "rid2");
    std::string html = page.expand();
    BOOST_TEST(html.find("<title>Sign in – Smith&#39;s Garage</title>") != std::string::npos);
    BOOST_TEST(html.find("src=\"/branding/smiths/logo.svg\"") != std::string::npos);
    BOOST_TEST(html.find("href=\"/branding/smiths/theme.css?v=42\"") != std::string::npos);
    BOOST_TEST(html.find("style=") == std::string::npos);  // no inline style: the CSP forbids it
}

BOOST_AUTO_TEST_CASE(attribute_values_are_escaped_in_their_context) {
    Garage g = garage_named("G");
    Page page("login.tpl", "Sign in", &g, "rid3");
    set(*page.dict().AddSectionDictionary("NEXT"), "NEXT_PATH", "/x\"onmouseover=\"alert(1)");
    page.dict().SetValue("EMAIL", "a\"b@example.com");
    std::string html = page.expand();
    BOOST_TEST(html.find("onmouseover=\"alert") == std::string::npos);
    BOOST_TEST(html.find("value=\"a&quot;b@example.com\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(pages_without_a_garage_are_neutral) {
    Page page("error.tpl", "Garage not found", nullptr, "rid4");
    std::string html = page.expand();
    BOOST_TEST(html.find("/branding/") == std::string::npos);
    BOOST_TEST(html.find("Customer portal") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(routes)

BOOST_AUTO_TEST_CASE(patterns_match_literal_paths_and_named_segments) {
    std::vector<std::pair<std::string, std::string>> seg;
    Route login("GET", "/login", nullptr);
    BOOST_TEST(login.matches("/login", seg));
    BOOST_TEST(!login.matches("/login/", seg));
    BOOST_TEST(!login.matches("/loginx", seg));

    Route job("GET", "/jobs/{reference}", nullptr);
    seg.clear();
    BOOST_TEST(job.matches("/jobs/WO-TANGO-1234", seg));
    BOOST_TEST_REQUIRE(seg.size() == 1u);
    BOOST_TEST(seg[0].first == "reference");
    BOOST_TEST(seg[0].second == "WO-TANGO-1234");
    seg.clear();
    BOOST_TEST(!job.matches("/jobs/", seg));
    seg.clear();
    BOOST_TEST(!job.matches("/jobs/a/b", seg));

    Route pdf("GET", "/invoices/{number}.pdf", nullptr);
    seg.clear();
    BOOST_TEST(pdf.matches("/invoices/SG-10417.pdf", seg));
    BOOST_TEST(seg[0].second == "SG-10417");
    seg.clear();
    BOOST_TEST(!pdf.matches("/invoices/SG-10417", seg));

    Route approve("POST", "/quotes/{id}/approve", nullptr);
    seg.clear();
    BOOST_TEST(approve.matches("/quotes/12/approve", seg));
    BOOST_TEST(seg[0].second == "12");
    seg.clear();
    BOOST_TEST(!approve.matches("/quotes/12/decline", seg));
}

BOOST_AUTO_TEST_SUITE_END()
