// Invoices through nginx: the list's badges and the overdue boundary in the garage's time zone,
// the bounded list, the detail page's lines, totals, payments and Pay now, the PDF read back with
// pdftotext and pdfinfo, a garage's own PDF, and nothing of another customer's or garage's.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>
#include <vector>

#include "fixtures.h"

using namespace itest;

namespace {

Customer new_customer(const std::string& garage = "smiths", const std::string& first = "Ivy",
                      const std::string& last = "Ingram") {
    return itest::new_customer(garage, "invoices", first, last);
}

// A garage of its own in time zone `tz`, for the overdue boundary.
std::string new_garage(const std::string& tz) {
    std::string sub = "inv" + unique_tag();
    for (auto& ch : sub) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    sql("INSERT INTO garages (subdomain, name, primary_colour, email, timezone, currency) VALUES "
        "(" +
        quoted(sub) + ", 'Far Away Motors', '#1D4ED8', 'hello@far.example', " + quoted(tz) +
        ", 'GBP')");
    return sub;
}

struct Line {
    std::string description;
    long quantity_centi, unit_minor, vat_basis_points;
};

// An invoice for `c` with `lines`, line amounts rounded as lib/invoices.h says and totals their
// sums; `issued` and `due` are SQL date expressions. Returns its number.
std::string add_invoice(const Customer& c, const std::vector<Line>& lines,
                        const std::string& due = "current_date + 14",
                        const std::string& issued = "current_date - 1",
                        const std::string& status = "unpaid", const std::string& extra = "") {
    std::string number = "T-" + unique_tag();
    std::string values;
    for (size_t i = 0; i < lines.size(); ++i)
        values += (i ? ", (" : "(") + std::to_string(i + 1) + ", " + quoted(lines[i].description) +
                  ", " + std::to_string(lines[i].quantity_centi) + ", " +
                  std::to_string(lines[i].unit_minor) + ", " +
                  std::to_string(lines[i].vat_basis_points) + ")";
    sql("WITH l (position, description, q, u, r) AS (VALUES " + values +
        "), n AS (SELECT *, round(q * u / 100.0)::bigint AS net FROM l),"
        " v AS (SELECT *, round(net * r / 10000.0)::bigint AS vat FROM n),"
        " t AS (SELECT sum(net)::bigint AS net, sum(vat)::bigint AS vat FROM v),"
        " i AS (INSERT INTO invoices (garage_id, customer_id, number, issued_on, due_on,"
        " net_minor, vat_minor, gross_minor, status) SELECT c.garage_id, c.id, " +
        quoted(number) + ", " + issued + ", " + due + ", t.net, t.vat, t.net + t.vat, " +
        quoted(status) + " FROM customers c, t WHERE c.id = " + c.id +
        " RETURNING id)"
        " INSERT INTO invoice_lines (invoice_id, position, description, quantity_centi,"
        " unit_price_minor, vat_rate_basis_points, net_minor, vat_minor, gross_minor)"
        " SELECT i.id, v.position, v.description, v.q, v.u, v.r, v.net, v.vat, v.net + v.vat"
        " FROM v, i");
    if (!extra.empty()) sql("UPDATE invoices SET " + extra + " WHERE number = " + quoted(number));
    return number;
}

const std::vector<Line> kService = {{"Full service", 100, 18900, 2000},
                                    {"Front wiper blades (pair)", 100, 2499, 2000}};  // £256.79

void pay(const std::string& number, long minor) {
    sql("INSERT INTO payments (invoice_id, amount_minor, method) SELECT id, " +
        std::to_string(minor) + ", 'card' FROM invoices WHERE number = " + quoted(number));
}

// The markup of the card for invoice `number` on a list page ("" when it isn't there).
std::string card_of(const std::string& body, const std::string& number) {
    size_t at = body.find("href=\"/invoices/" + number + "\"");
    if (at == std::string::npos) return "";
    return body.substr(at, body.find("</a>", at) - at);
}

const char* const kOverdue = "<span class=\"badge badge-overdue\">Overdue</span>";

std::string badge(const std::string& state, const std::string& label) {
    return "<span class=\"badge badge-" + state + "\">" + label + "</span>";
}

// A PDF's text (pdftotext -layout) or information (pdfinfo); `pages` "2" for page 2 alone.
std::string pdf_tool(const std::string& bytes, const std::string& command,
                     const std::string& pages = "") {
    std::string file = "/tmp/invoices-test-" + unique_tag() + ".pdf";
    std::ofstream(file, std::ios::binary) << bytes;
    std::string range = pages.empty() ? "" : " -f " + pages + " -l " + pages;
    std::string out = shell(command + range + " '" + file + "'" +
                            (command == "pdftotext -layout" ? " -" : "") + " 2>&1");
    std::remove(file.c_str());
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(invoices)

BOOST_AUTO_TEST_CASE(the_list_shows_each_invoice_newest_first_with_its_badge_date_and_amount) {
    Customer c = new_customer();
    std::string car =
        sql("INSERT INTO vehicles (garage_id, customer_id, registration, make, model) SELECT"
            " garage_id, id, 'IV21 " +
            unique_tag().substr(0, 3) + "', 'Skoda', 'Octavia' FROM customers WHERE id = " + c.id +
            " RETURNING id");
    std::string reg = sql("SELECT registration FROM vehicles WHERE id = " + car);
    std::string paid = add_invoice(c, kService, "current_date - 10", "current_date - 40");
    pay(paid, 25679);
    std::string part = add_invoice(c, kService, "current_date + 5", "current_date - 30");
    pay(part, 5000);
    std::string voided = add_invoice(c, kService, "current_date + 5", "current_date - 20", "void");
    std::string unpaid = add_invoice(c, kService, "current_date + 14", "current_date - 2", "unpaid",
                                     "vehicle_id = " + car);

    Browser b = sign_in(c);
    Reply r = b.get("/invoices");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.has("<h1>Invoices</h1>"));
    // Newest first.
    size_t at[] = {r.body.find(unpaid), r.body.find(voided), r.body.find(part), r.body.find(paid)};
    BOOST_TEST((at[0] < at[1] && at[1] < at[2] && at[2] < at[3] && at[3] != std::string::npos));
    BOOST_TEST(contains(card_of(r.body, paid), badge("paid", "Paid")));
    BOOST_TEST(sql("SELECT status FROM invoices WHERE number = " + quoted(paid)) == "paid");
    BOOST_TEST(contains(card_of(r.body, part), badge("part_paid", "Part paid")));
    BOOST_TEST(contains(card_of(r.body, voided), badge("void", "Void")));
    std::string card = card_of(r.body, unpaid);
    BOOST_TEST(contains(card, badge("unpaid", "Unpaid")));
    BOOST_TEST(contains(card, "<span class=\"invoice-number\">Invoice " + unpaid + "</span>"));
    BOOST_TEST(contains(card, "<span class=\"invoice-amount\">£256.79</span>"));
    BOOST_TEST(contains(card, "<span class=\"plate\">" + reg + "</span>"));
    std::string issued = sql("SELECT to_char(current_date - 2, 'FMDD Mon YYYY')");
    BOOST_TEST(contains(card, "<span class=\"invoice-date\">" + issued + "</span>"));
    BOOST_TEST(count(r.body, kOverdue) == 0u);
    BOOST_TEST(!r.has("Show older invoices"));

    // No invoices: says so, and what will appear.
    Reply none = sign_in(new_customer()).get("/invoices");
    BOOST_TEST(none.status == 200);
    BOOST_TEST(none.has("No invoices yet"));
    BOOST_TEST(!none.has("invoice-card"));
}

BOOST_AUTO_TEST_CASE(an_invoice_due_today_in_the_garages_time_zone_is_not_overdue_until_tomorrow) {
    // Kiritimati is 14 hours ahead of UTC and Pago Pago 11 behind: for most of any day their
    // calendars differ from the server's, so only the garage's decides.
    for (const char* tz : {"Pacific/Kiritimati", "Pacific/Pago_Pago"}) {
        BOOST_TEST_CONTEXT(tz) {
            std::string garage = new_garage(tz);
            Customer c = new_customer(garage);
            std::string today = "(now() AT TIME ZONE " + quoted(tz) + ")::date";
            std::string due_today = add_invoice(c, kService, today, today + " - 30");
            std::string due_yesterday = add_invoice(c, kService, today + " - 1", today + " - 31");
            std::string part_late = add_invoice(c, kService, today + " - 1", today + " - 32");
            pay(part_late, 100);
            std::string paid_late = add_invoice(c, kService, today + " - 1", today + " - 33");
            pay(paid_late, 25679);
            Browser b = sign_in(c);
            Reply r = b.get("/invoices");
            BOOST_TEST(r.status == 200);
            BOOST_TEST(!contains(card_of(r.body, due_today), kOverdue));
            BOOST_TEST(contains(card_of(r.body, due_yesterday), kOverdue));
            BOOST_TEST(contains(card_of(r.body, part_late), kOverdue));
            BOOST_TEST(!contains(card_of(r.body, paid_late), kOverdue));
            BOOST_TEST(!b.get("/invoices/" + due_today).has(kOverdue));
            BOOST_TEST(b.get("/invoices/" + due_yesterday).has(kOverdue));
        }
    }
}

BOOST_AUTO_TEST_CASE(the_list_shows_a_page_of_the_newest_and_a_link_to_older_ones) {
    Customer c = new_customer();
    std::vector<std::string> numbers;  // oldest first
    for (int i = 0; i < 23; ++i)
        numbers.push_back(add_invoice(c, kService, "current_date + 14",
                                      "current_date - " + std::to_string(100 - i)));
    Browser b = sign_in(c);
    Reply first = b.get("/invoices");
    BOOST_TEST(count(first.body, "class=\"card invoice-card\"") == 20u);
    BOOST_TEST(first.has(numbers[22]));
    BOOST_TEST(!first.has(numbers[2]));
    BOOST_TEST(first.has("<a class=\"button button-secondary\" href=\"/invoices?after=" +
                         numbers[3] + "\">Show older invoices</a>"));
    Reply older = b.get("/invoices?after=" + numbers[3]);
    BOOST_TEST(count(older.body, "class=\"card invoice-card\"") == 3u);
    BOOST_TEST((older.has(numbers[0]) && older.has(numbers[2]) && !older.has(numbers[3])));
    BOOST_TEST(!older.has("Show older invoices"));
    // Someone else's number as the boundary shows nothing of theirs, nor of this customer's.
    Reply foreign = b.get("/invoices?after=SG-10417");
    BOOST_TEST(foreign.status == 200);
    BOOST_TEST(count(foreign.body, "class=\"card invoice-card\"") == 0u);
    BOOST_TEST(foreign.has("There are no older invoices."));
    BOOST_TEST(b.get("/invoices?after=..%2Fx").status == 400);
}

BOOST_AUTO_TEST_CASE(the_detail_page_shows_lines_totals_payments_and_the_balance) {
    Customer c = new_customer();
    // 1.5 × £0.33 = £0.495 → £0.50 net, VAT 20% £0.10; 3 × £19.99 = £59.97 net, VAT 17.5% of
    // it is £10.49475 → £10.49. Totals: £60.47 net, £10.59 VAT, £71.06.
    std::string number =
        add_invoice(c, {{"Screen wash", 150, 33, 2000}, {"Wiper motor – rear", 300, 1999, 1750}});
    BOOST_TEST(sql("SELECT net_minor || '/' || vat_minor || '/' || gross_minor FROM invoices"
                   " WHERE number = " +
                   quoted(number)) == "6047/1059/7106");
    pay(number, 2000);
    Browser b = sign_in(c);
    Reply r = b.get("/invoices/" + number);
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.has("<h1>Invoice " + number + "</h1>"));
    BOOST_TEST(r.has(badge("part_paid", "Part paid")));
    BOOST_TEST(r.has("<strong>Smith&#39;s Garage</strong>"));
    BOOST_TEST(r.has("<p>14 Station Road, London E17 4AB</p>"));
    BOOST_TEST(r.has("<p>VAT number GB 123 4567 89</p>"));
    BOOST_TEST(r.has("<p class=\"invoice-line-description\">Screen wash</p>"));
    BOOST_TEST(r.has("<div><dt>Quantity</dt><dd>1.5</dd></div>"));
    BOOST_TEST(r.has("<div><dt>Unit price</dt><dd>£0.33</dd></div>"));
    BOOST_TEST(r.has("<div><dt>VAT rate</dt><dd>17.5%</dd></div>"));
    BOOST_TEST(r.has("<div><dt>Net</dt><dd>£0.50</dd></div>"));
    BOOST_TEST(r.has("<div><dt>Net</dt><dd>£59.97</dd></div>"));
    BOOST_TEST(r.has("<div><dt>Net</dt><dd>£60.47</dd></div>"));
    BOOST_TEST(r.has("<div><dt>VAT</dt><dd>£10.59</dd></div>"));
    BOOST_TEST(r.has("<div class=\"invoice-gross\"><dt>Total</dt><dd>£71.06</dd></div>"));
    std::string today = sql("SELECT to_char(now() AT TIME ZONE 'Europe/London', 'FMDD Mon YYYY')");
    BOOST_TEST(r.has("<li><span>" + today +
                     " <span class=\"aside\">(card)</span></span> <span>£20.00</span></li>"));
    BOOST_TEST(r.has("Balance due: <strong>£51.06</strong>"));
    BOOST_TEST(r.has("<a class=\"button button-secondary\" href=\"/invoices/" + number +
                     ".pdf\" download>Download PDF</a>"));

    // The demo's overdue invoice links its vehicle's job.
    Customer bob{"smiths", "bob@example.com",
                 sql("SELECT c.id FROM customers c JOIN garages g ON g.id = c.garage_id"
                     " WHERE g.subdomain = 'smiths' AND c.email = 'bob@example.com'")};
    Reply demo = sign_in(bob).get("/invoices/SG-10352");
    BOOST_TEST(demo.has("<dd><a href=\"/jobs/WO-DELTA-1450\">WO-DELTA-1450</a></dd>"));
    BOOST_TEST(demo.has("Ford Transit Custom <span class=\"plate\">LK68 VAN</span>"));
    BOOST_TEST(demo.has(kOverdue));
}

BOOST_AUTO_TEST_CASE(pay_now_shows_only_for_an_invoice_with_a_balance_and_a_payment_link) {
    Customer c = new_customer();
    const std::string link = "payment_url = 'https://pay.example.com/p/abc?x=1'";
    std::string unpaid =
        add_invoice(c, kService, "current_date + 14", "current_date - 1", "unpaid", link);
    std::string part =
        add_invoice(c, kService, "current_date + 14", "current_date - 1", "unpaid", link);
    pay(part, 1000);
    std::string paid =
        add_invoice(c, kService, "current_date + 14", "current_date - 1", "unpaid", link);
    pay(paid, 25679);
    std::string voided =
        add_invoice(c, kService, "current_date + 14", "current_date - 1", "void", link);
    std::string no_link = add_invoice(c, kService);
    Browser b = sign_in(c);
    const std::string pay_now =
        "<a class=\"button\" href=\"https://pay.example.com/p/abc?x=1\" rel=\"noopener "
        "noreferrer\">Pay now</a>";
    BOOST_TEST(b.get("/invoices/" + unpaid).has(pay_now));
    BOOST_TEST(b.get("/invoices/" + part).has(pay_now));
    BOOST_TEST(!b.get("/invoices/" + paid).has("Pay now"));
    BOOST_TEST(!b.get("/invoices/" + voided).has("Pay now"));
    BOOST_TEST(!b.get("/invoices/" + no_link).has("Pay now"));
}

BOOST_AUTO_TEST_CASE(another_customers_or_garages_invoice_and_pdf_answer_404_and_name_nothing) {
    Customer ivy = new_customer();
    std::string own = add_invoice(ivy, {{"Clutch kit for Zoë", 100, 43210, 2000}});
    Customer other = new_customer();
    Browser b = sign_in(other);
    for (const std::string& path :
         {"/invoices/" + own, "/invoices/" + own + ".pdf", std::string("/invoices/SG-10417"),
          std::string("/invoices/SG-10417.pdf")}) {
        BOOST_TEST_CONTEXT(path) {
            Reply r = b.get(path);
            BOOST_TEST(r.status == 404);
            BOOST_TEST(r.has("We couldn&#39;t find that invoice."));
            BOOST_TEST(!r.has("Clutch kit"));
            BOOST_TEST(!r.has("Ingram"));
            BOOST_TEST(!r.has("Archer"));
            BOOST_TEST(!r.has("518.52"));
            BOOST_TEST(r.header("content-type").find("text/html") == 0);
        }
    }
    BOOST_TEST(!b.get("/invoices").has(own));
    // Ann of Northside is another customer than Ann of Smith's: Smith's invoice is not hers.
    Customer northside_ann{"northside", "ann@example.com",
                           sql("SELECT c.id FROM customers c JOIN garages g ON g.id = c.garage_id"
                               " WHERE g.subdomain = 'northside' AND c.email = 'ann@example.com'")};
    Browser nb = sign_in(northside_ann);
    BOOST_TEST(nb.get("/invoices/SG-10417").status == 404);
    BOOST_TEST(nb.get("/invoices/SG-10417.pdf").status == 404);
    BOOST_TEST(!nb.get("/invoices").has("SG-10417"));
    // Signed out: to sign in first.
    BOOST_TEST(get("smiths.localhost", "/invoices/" + own + ".pdf").status == 303);
    BOOST_TEST(get("smiths.localhost", "/invoices/" + own + ".pdf").header("location") ==
               "/login?next=/invoices/" + own + ".pdf");
}

BOOST_AUTO_TEST_CASE(the_pdf_is_an_a4_attachment_with_the_invoice_as_real_text) {
    Customer c = new_customer("smiths", "Zoë", "Ødegård");
    std::string number = add_invoice(
        c, {{"Łożysko koła – wheel bearing", 100, 8950, 2000}, {"Labour", 150, 7800, 2000}});
    sql("UPDATE invoices SET currency = 'EUR' WHERE number = " + quoted(number));
    Browser b = sign_in(c);
    Reply r = b.get("/invoices/" + number + ".pdf");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.header("content-type") == "application/pdf");
    BOOST_TEST(r.header("content-disposition") == "attachment; filename=\"" + number + ".pdf\"");
    BOOST_TEST(r.body.compare(0, 5, "%PDF-") == 0);
    std::string info = pdf_tool(r.body, "pdfinfo");
    BOOST_TEST(contains(info, "Page size:       595.28 x 841.89 pts (A4)"), info);
    BOOST_TEST(contains(info, "Pages:           1"), info);
    BOOST_TEST(contains(info, "Title:           Invoice " + number), info);
    std::string text = pdf_tool(r.body, "pdftotext -layout");
    for (const std::string& want :
         {"Invoice " + number, std::string("Zoë Ødegård"),
          std::string("Łożysko koła – wheel bearing"), std::string("Smith's Garage"),
          std::string("14 Station Road, London E17 4AB"), std::string("VAT number GB 123 4567 89"),
          std::string("€89.50"), std::string("€117.00"), std::string("€206.50"),
          std::string("€41.30"), std::string("€247.80"), std::string("Balance due"),
          std::string("Page 1 of 1")})
        BOOST_TEST(contains(text, want), "the PDF says " << want << "\n" << text);
    // The same invoice gives the same document.
    BOOST_TEST((b.get("/invoices/" + number + ".pdf").body == r.body));
}

BOOST_AUTO_TEST_CASE(the_pdf_draws_the_garages_logo_whether_svg_png_jpeg_or_webp) {
    for (const std::string ext : {"svg", "jpg", "webp"}) {
        BOOST_TEST_CONTEXT(ext) {
            std::string sub = "logo" + ext + unique_tag().substr(0, 6);
            for (char& ch : sub)
                ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            std::string logo = "/tmp/invoices-test-logo-" + unique_tag() + "." + ext;
            if (ext == "svg")
                shell("cp '" + repo_dir() + "/sql/demo-branding/smiths/logo.svg' '" + logo + "'");
            else
                shell("vips black '" + logo + "' 120 60 --bands 3");
            int status = -1;
            std::string out = portalctl("garage add --subdomain " + sub +
                                            " --name 'Logo Test' --colour '#0B6E4F' --email"
                                            " hello@logo.example --logo '" +
                                            logo + "'",
                                        &status);
            std::remove(logo.c_str());
            BOOST_TEST_REQUIRE(status == 0, out);
            Customer c = new_customer(sub, "logo", "Lou", "Go");
            std::string number = add_invoice(c, kService);
            Browser b = sign_in(c);
            Reply r = b.get("/invoices/" + number + ".pdf");
            BOOST_TEST_REQUIRE(r.status == 200);
            // pdfimages lists raster images; cairo draws an SVG logo as vectors instead.
            std::string images = pdf_tool(r.body, "pdfimages -list");
            bool has_image = images.find(" image ") != std::string::npos;  // a row, not the head
            if (ext == "svg")
                BOOST_TEST(pdf_tool(r.body, "pdftotext -layout").find("Logo Test") !=
                           std::string::npos);
            else
                BOOST_TEST(has_image, images);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_long_invoice_continues_over_pages_with_the_column_heads_repeated) {
    Customer c = new_customer();
    std::vector<Line> lines;
    for (int i = 1; i <= 70; ++i)
        lines.push_back({"Part " + std::to_string(i) + " of the rebuild", 100, 1000 + i, 2000});
    std::string number = add_invoice(c, lines);
    Reply r = sign_in(c).get("/invoices/" + number + ".pdf");
    BOOST_TEST(r.status == 200);
    std::string info = pdf_tool(r.body, "pdfinfo");
    BOOST_TEST(contains(info, "Pages:           3"), info);
    std::string page2 = pdf_tool(r.body, "pdftotext -layout", "2");
    BOOST_TEST(contains(page2, "Invoice " + number + " (continued)"), page2);
    BOOST_TEST(contains(page2, "Description"), page2);
    BOOST_TEST(contains(page2, "Unit price"), page2);
    BOOST_TEST(contains(page2, "Page 2 of 3"), page2);
    std::string all = pdf_tool(r.body, "pdftotext -layout");
    for (int i = 1; i <= 70; ++i)
        BOOST_TEST(contains(all, "Part " + std::to_string(i) + " of the rebuild"), i);
}

BOOST_AUTO_TEST_CASE(the_pdf_shows_a_payment_on_the_next_download) {
    Customer c = new_customer();
    std::string number = add_invoice(c, kService);
    Browser b = sign_in(c);
    std::string before = pdf_tool(b.get("/invoices/" + number + ".pdf").body, "pdftotext -layout");
    BOOST_TEST(contains(before, "none yet"));
    pay(number, 6000);
    std::string after = pdf_tool(b.get("/invoices/" + number + ".pdf").body, "pdftotext -layout");
    BOOST_TEST(contains(after, "£60.00"), after);
    BOOST_TEST(contains(after, "£196.79"), after);  // £256.79 less £60.00
    BOOST_TEST(contains(after, "Part paid"), after);
}

BOOST_AUTO_TEST_CASE(a_pdf_the_garage_attached_is_sent_instead_from_the_private_files) {
    Customer c = new_customer();
    std::string number = add_invoice(c, kService);
    std::string file = "/tmp/invoices-test-" + unique_tag() + ".pdf";
    std::string bytes = "%PDF-1.4\n% the garage's own invoice " + number + "\n%%EOF\n";
    std::ofstream(file, std::ios::binary) << bytes;
    int status = 0;
    std::string out = portalctl(
        "invoice attach-pdf --garage smiths --number " + number + " --file " + file, &status);
    BOOST_TEST(status == 0, out);
    // Anything but a PDF is refused, by its content.
    std::ofstream(file, std::ios::binary) << "<html>not a pdf</html>";
    std::string refused = portalctl(
        "invoice attach-pdf --garage smiths --number " + number + " --file " + file, &status);
    BOOST_TEST(status == 2);
    BOOST_TEST(contains(refused, "is not a PDF"), refused);
    std::remove(file.c_str());

    Reply r = sign_in(c).get("/invoices/" + number + ".pdf");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.body == bytes);
    BOOST_TEST(r.header("content-type") == "application/pdf");
    BOOST_TEST(r.header("content-disposition") == "attachment; filename=\"" + number + ".pdf\"");
    BOOST_TEST(r.header("x-accel-redirect").empty());
}

// ---- the garage's side: portalctl ----

BOOST_AUTO_TEST_CASE(invoice_add_computes_the_totals_and_emails_the_customer_a_link_to_it) {
    Customer c = new_customer();
    std::string number = "PC-" + unique_tag();
    int status = 0;
    // 1.5 × £0.33 → £0.50 net, £0.10 VAT; 3 × £19.99 = £59.97 net, 17.5% → £10.49 VAT.
    std::string out =
        portalctl("invoice add --garage smiths --customer " + c.email + " --number " + number +
                      " --due +30 --line 'Screen wash|1.5|0.33'"
                      " --line 'Wiper motor – rear|3|19.99|17.5'"
                      " --payment-link https://pay.example.com/" +
                      number,
                  &status);
    BOOST_TEST(status == 0, out);
    BOOST_TEST(contains(out, "added invoice " + number +
                                 ": 2 lines, net £60.47, VAT £10.59, total £71.06"),
               out);
    BOOST_TEST(sql("SELECT net_minor || '/' || vat_minor || '/' || gross_minor || '/' ||"
                   " (due_on - issued_on) || '/' || status FROM invoices WHERE number = " +
                   quoted(number)) == "6047/1059/7106/30/unpaid");
    BOOST_TEST(sql("SELECT string_agg(l.net_minor || ':' || l.vat_minor, ',' ORDER BY l.position)"
                   " FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id"
                   " WHERE i.number = " +
                   quoted(number)) == "50:10,5997:1049");

    std::string mail = mailbox_text(c.email);
    BOOST_TEST(contains(mail, "Subject: Invoice " + number + " from Smith's Garage"), mail);
    size_t at = mail.find("/auth/");
    BOOST_TEST_REQUIRE(at != std::string::npos, mail);
    std::string path = mail.substr(at, 6 + 43);
    Browser b;
    BOOST_TEST(b.get(path).status == 200);
    Reply landed = b.post(path, "");
    BOOST_TEST(landed.status == 303);
    BOOST_TEST(landed.header("location") == "/invoices/" + number);
    Reply page = b.get("/invoices/" + number);
    BOOST_TEST(page.has("<div class=\"invoice-gross\"><dt>Total</dt><dd>£71.06</dd></div>"));
    BOOST_TEST(page.has("href=\"https://pay.example.com/" + number + "\""));

    // Part payments, then the one that settles it; the list shows each state.
    out = portalctl(
        "payment add --garage smiths --invoice " + number + " --amount 50 --method card", &status);
    BOOST_TEST(status == 0, out);
    BOOST_TEST(contains(out, "balance £21.06 (part paid)"), out);
    BOOST_TEST(b.get("/invoices").has(badge("part_paid", "Part paid")));
    out = portalctl("payment add --garage smiths --invoice " + number + " --amount 21.06", &status);
    BOOST_TEST(status == 0, out);
    BOOST_TEST(contains(out, "it is now paid"), out);
    page = b.get("/invoices/" + number);
    BOOST_TEST(page.has(badge("paid", "Paid")));
    BOOST_TEST(!page.has("Pay now"));
    BOOST_TEST(page.has("Balance due: <strong>£0.00</strong>"));
    out = portalctl("invoice list --garage smiths --customer " + c.email, &status);
    BOOST_TEST(status == 0);
    BOOST_TEST(contains(out, number), out);
    BOOST_TEST(contains(out, "Paid"), out);
}

BOOST_AUTO_TEST_CASE(portalctl_refuses_bad_decimals_a_payment_over_the_balance_and_an_http_link) {
    Customer c = new_customer();
    std::string number = add_invoice(c, kService);  // £256.79
    auto state = [&] {
        return sql(
            "SELECT count(*) || '/' || coalesce(max(i.paid_minor), 0) || '/' ||"
            " coalesce(max(i.payment_url), '-') || '/' || max(i.status) ||"
            " '/' || (SELECT count(*) FROM invoices WHERE customer_id = " +
            c.id + ") FROM invoices i WHERE i.number = " + quoted(number));
    };
    const std::string before = state();
    struct Refusal {
        std::string args, says;
    };
    std::string fresh = "RF-" + unique_tag();
    std::string add = "invoice add --garage smiths --customer " + c.email + " --number " + fresh +
                      " --due +30 --line ";
    for (const Refusal& r : std::vector<Refusal>{
             {add + "'Oil|1.234|9.00'", "the quantity '1.234' must be a number"},
             {add + "'Oil|1|9,5'", "the unit price '9,5' must be a number"},
             {add + "'Oil|1|-9.00'", "the unit price '-9.00' must be a number"},
             {add + "'Oil|1|9.00|20.125'", "the VAT rate '20.125' must be a number"},
             {add + "'Oil|1|1e3'", "the unit price '1e3' must be a number"},
             {add + "'Oil|0|9.00'", "the quantity must be more than 0"},
             {add + "'Oil|1|9.00' --payment-link http://pay.example.com/x",
              "must be an https:// address"},
             {"invoice set-payment-link --garage smiths --number " + number +
                  " --url http://pay.example.com/x",
              "must be an https:// address"},
             {"invoice set-payment-link --garage smiths --number " + number +
                  " --url 'https://pay.example.com/\"><script>'",
              "must be an https:// address"},
             {"payment add --garage smiths --invoice " + number + " --amount 256.80",
              "is more than the balance of invoice " + number + ", £256.79; nothing was recorded"},
             {"payment add --garage smiths --invoice " + number + " --amount 10.001",
              "--amount '10.001' must be an amount"},
             {"payment add --garage smiths --invoice " + number + " --amount 0",
              "must be more than zero"},
             {"payment add --garage northside --invoice " + number + " --amount 1",
              "garage northside has no invoice " + number},
         }) {
        BOOST_TEST_CONTEXT(r.args) {
            int status = 0;
            std::string out = portalctl(r.args, &status);
            BOOST_TEST(status != 0);
            BOOST_TEST(contains(out, r.says), out);
            BOOST_TEST(state() == before);
        }
    }
    BOOST_TEST(sql("SELECT count(*) FROM invoices WHERE number = " + quoted(fresh)) == "0");
    // A void invoice takes no payment; a paid one can't be voided.
    int status = 0;
    portalctl("invoice void --garage smiths --number " + number, &status);
    BOOST_TEST(status == 0);
    std::string out =
        portalctl("payment add --garage smiths --invoice " + number + " --amount 1", &status);
    BOOST_TEST(status == 1);
    BOOST_TEST(contains(out, "is void"), out);
}

BOOST_AUTO_TEST_SUITE_END()
