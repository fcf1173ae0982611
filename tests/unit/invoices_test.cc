// The invoice rules every program shares: line amounts and VAT rounding, payment state, overdue
// and Pay now, payment links and invoice numbers.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "invoices.h"

using namespace portal;

BOOST_AUTO_TEST_SUITE(invoices)

BOOST_AUTO_TEST_CASE(line_amounts_round_net_and_vat_to_whole_pennies_half_away_from_zero) {
    struct Case {
        long quantity_centi, unit_minor, vat_points, net, vat;
    };
    for (const Case& c : {
             Case{100, 18900, 2000, 18900, 3780},  // 1 × £189.00 at 20%
             Case{150, 33, 2000, 50, 10},          // 1.5 × £0.33 = £0.495 → £0.50
             Case{300, 1999, 1750, 5997, 1049},    // £59.97 at 17.5% = £10.49475 → £10.49
             Case{250, 7800, 2000, 19500, 3900},   // 2.5 hours at £78.00
             Case{100, 5485, 0, 5485, 0},          // outside the scope of VAT
             Case{100, 25, 2000, 25, 5},           // £0.25 at 20% = £0.05 exactly
             Case{100, 2, 2500, 2, 1},             // £0.005 VAT → £0.01 (half away from zero)
             Case{100, -1250, 2000, -1250, -250},  // a discount line
             Case{100, -2, 2500, -2, -1},          // -£0.005 → -£0.01
             // The largest portalctl takes: 99,999.99 × 9,999,999.99 at 100%, no overflow.
             Case{9999999, 999999999L, 10000, 99999989900000L, 99999989900000L},
             Case{9999999, 99999999999L, 10000, 9999998999900000L, 9999998999900000L},
         })
        BOOST_TEST_CONTEXT(c.quantity_centi << " × " << c.unit_minor << " at " << c.vat_points) {
            LineAmounts a = line_amounts(c.quantity_centi, c.unit_minor, c.vat_points);
            BOOST_TEST(a.net_minor == c.net);
            BOOST_TEST(a.vat_minor == c.vat);
            BOOST_TEST(a.gross_minor == c.net + c.vat);
        }
}

BOOST_AUTO_TEST_CASE(the_badge_says_paid_part_paid_unpaid_or_void) {
    BOOST_TEST(payment_state("unpaid", 0) == "unpaid");
    BOOST_TEST(payment_state("unpaid", 1) == "part_paid");
    BOOST_TEST(payment_state("paid", 25679) == "paid");
    BOOST_TEST(payment_state("void", 0) == "void");
    BOOST_TEST(std::string(payment_state_label("part_paid")) == "Part paid");
    BOOST_TEST(std::string(payment_state_label("void")) == "Void");
}

BOOST_AUTO_TEST_CASE(overdue_and_pay_now_need_a_balance) {
    Invoice inv;
    inv.status = "unpaid";
    inv.gross_minor = 10000;
    inv.past_due = true;
    inv.payment_url = "https://pay.example.com/x";
    BOOST_TEST(inv.overdue());
    BOOST_TEST(inv.payable());
    inv.paid_minor = 4000;  // part paid: still owed, still late
    BOOST_TEST(inv.overdue());
    BOOST_TEST(inv.payable());
    inv.past_due = false;
    BOOST_TEST(!inv.overdue());
    inv.payment_url = "http://pay.example.com/x";
    BOOST_TEST(!inv.payable());
    inv.payment_url = "https://pay.example.com/x";
    inv.status = "void";
    BOOST_TEST(inv.balance_minor() == 0);
    BOOST_TEST(!inv.payable());
    inv.status = "paid";
    inv.paid_minor = 10000;
    inv.past_due = true;
    BOOST_TEST(!inv.overdue());
    BOOST_TEST(!inv.payable());
}

BOOST_AUTO_TEST_CASE(payment_links_are_https_addresses_and_nothing_else) {
    for (const char* ok : {"https://buy.stripe.com/test_4gw5n", "https://pay.example.com",
                           "https://pay.example.com:8443/p?x=1&y=2#top"})
        BOOST_TEST_CONTEXT(ok) {
            BOOST_TEST(is_payment_link(ok));
        }
    for (std::string bad :
         {std::string("http://pay.example.com/x"), std::string("javascript:alert(1)"),
          std::string("https://"), std::string("https://pay.example.com/a b"),
          std::string("https://pay.example.com/\"><script>"), std::string("//pay.example.com"),
          std::string("https://pay.example.com/\r\nx"), std::string("HTTPS://pay.example.com"),
          "https://pay.example.com/" + std::string(2000, 'a')})
        BOOST_TEST_CONTEXT(bad) {
            BOOST_TEST(!is_payment_link(bad));
        }
}

BOOST_AUTO_TEST_CASE(invoice_numbers_are_what_the_schema_allows) {
    for (const char* ok : {"SG-10417", "A", "2026-001"}) BOOST_TEST_CONTEXT(ok) {
            BOOST_TEST(is_invoice_number(ok));
        }
    for (std::string bad :
         {std::string(""), std::string("-SG"), std::string("SG-"), std::string("SG 1"),
          std::string("SG/1"), std::string("SG-1.pdf"), std::string("../x"), std::string(65, 'A')})
        BOOST_TEST_CONTEXT(bad) {
            BOOST_TEST(!is_invoice_number(bad));
        }
}

BOOST_AUTO_TEST_SUITE_END()
