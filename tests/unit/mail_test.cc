// Email messages: RFC 5322 headers, RFC 2047 words, MIME bodies; the branded email templates.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <sstream>
#include <vector>

#include "mail.h"
#include "mail_transport.h"
#include "outbox.h"
#include "tenancy.h"

using namespace portal;

namespace {

MailMessage sample() {
    MailMessage m;
    m.from_name = "Smith's Garage";
    m.from_address = "portal@portal.example.com";
    m.reply_to = "hello@smiths-garage.example";
    m.to = "ann@example.com";
    m.subject = "Your sign-in link for Smith's Garage";
    m.message_id = "9ee67107-ef51-48e8-ac25-28a8d2839642@portal.example.com";
    m.date = 1764089995;  // 2025-11-25T16:59:55Z
    m.text = "Hi Ann,\n\nhttps://smiths.portal.example.com/auth/abc\n";
    m.html =
        "<p>Hi Ann,</p>\n<p><a href=\"https://smiths.portal.example.com/auth/abc\">Sign "
        "in</a></p>\n";
    return m;
}

std::vector<std::string> lines_of(const std::string& message) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < message.size()) {
        size_t end = message.find("\r\n", start);
        if (end == std::string::npos) end = message.size();
        lines.push_back(message.substr(start, end - start));
        start = end + 2;
    }
    return lines;
}

std::string headers_of(const std::string& message) {
    return message.substr(0, message.find("\r\n\r\n") + 2);
}

// The value of a header, unfolded (RFC 5322 §2.2.3).
std::string header(const std::string& message, const std::string& name) {
    std::string h = "\r\n" + headers_of(message);
    size_t at = h.find("\r\n" + name + ":");
    if (at == std::string::npos) return "";
    at += 2;
    size_t end = at;
    do end = h.find("\r\n", end + 2);
    while (end + 2 < h.size() && (h[end + 2] == ' ' || h[end + 2] == '\t'));
    std::string v = h.substr(at + name.size() + 1, end - at - name.size() - 1), out;
    for (size_t i = 0; i < v.size(); ++i) {
        if (v.compare(i, 2, "\r\n") == 0) {
            ++i;
            continue;
        }
        out += v[i];
    }
    while (!out.empty() && out.front() == ' ') out.erase(0, 1);
    return out;
}

std::string unbase64(const std::string& s) {
    const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    unsigned v = 0;
    int bits = 0;
    for (char c : s) {
        size_t i = alphabet.find(c);
        if (i == std::string::npos) continue;
        v = (v << 6) | static_cast<unsigned>(i);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((v >> bits) & 0xFF);
        }
    }
    return out;
}

// Decodes every "=?UTF-8?B?...?=" word of an unfolded header value; checks each word is whole
// UTF-8 on its own (RFC 2047 §5(3): a character is never split between words).
std::string decode_words(const std::string& value, bool* each_whole = nullptr) {
    std::string out;
    size_t pos = 0;
    if (each_whole) *each_whole = true;
    while (true) {
        size_t start = value.find("=?UTF-8?B?", pos);
        if (start == std::string::npos) break;
        size_t end = value.find("?=", start + 10);
        std::string word = unbase64(value.substr(start + 10, end - start - 10));
        int pending = 0;
        for (unsigned char ch : word) {
            if (pending) {
                --pending;
            } else if (ch >= 0xF0) {
                pending = 3;
            } else if (ch >= 0xE0) {
                pending = 2;
            } else if (ch >= 0xC0) {
                pending = 1;
            }
        }
        if (pending && each_whole) *each_whole = false;
        out += word;
        pos = end + 2;
    }
    return out;
}

std::string unqp(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '=' && s.compare(i + 1, 2, "\r\n") == 0) {
            i += 2;
        } else if (s[i] == '=') {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

void check_lines(const std::string& message) {
    for (const std::string& line : lines_of(message)) BOOST_TEST(line.size() <= 78u, line);
    for (size_t i = 0; i < message.size(); ++i) {
        unsigned char ch = static_cast<unsigned char>(message[i]);
        BOOST_TEST(ch < 0x80);  // 7-bit clean: any SMTP server takes it
        if (ch == '\n') BOOST_TEST((i > 0 && message[i - 1] == '\r'));
        if (ch == '\r') BOOST_TEST((i + 1 < message.size() && message[i + 1] == '\n'));
    }
}

std::string error_of(const MailMessage& m) {
    try {
        build_message(m);
        return "";
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
}

Garage smiths() {
    Garage g;
    g.id = 1;
    g.subdomain = "smiths";
    g.name = "Smith's <Garage>";
    g.logo_path = "/branding/smiths/logo.svg";
    g.primary_colour = "#0B6E4F";
    g.main_phone = "+44 20 7946 0321";
    g.email = "hello@smiths-garage.example";
    return g;
}

struct EmailTemplates {
    EmailTemplates() { load_email_templates("."); }  // tests run from the repository root
};

}  // namespace

BOOST_AUTO_TEST_SUITE(mail)

BOOST_AUTO_TEST_CASE(a_message_has_every_header_rfc_5322_and_mime_ask_for) {
    std::string msg = build_message(sample());
    BOOST_TEST(header(msg, "Date") == "Tue, 25 Nov 2025 16:59:55 +0000");
    BOOST_TEST(header(msg, "From") == "Smith's Garage <portal@portal.example.com>");
    BOOST_TEST(header(msg, "Reply-To") == "Smith's Garage <hello@smiths-garage.example>");
    BOOST_TEST(header(msg, "To") == "ann@example.com");
    BOOST_TEST(header(msg, "Subject") == "Your sign-in link for Smith's Garage");
    BOOST_TEST(header(msg, "Message-ID") ==
               "<9ee67107-ef51-48e8-ac25-28a8d2839642@portal.example.com>");
    BOOST_TEST(header(msg, "MIME-Version") == "1.0");
    BOOST_TEST(header(msg, "Auto-Submitted") == "auto-generated");
    check_lines(msg);
}

BOOST_AUTO_TEST_CASE(text_and_html_travel_as_multipart_alternative_text_first) {
    MailMessage m = sample();
    std::string msg = build_message(m);
    std::string type = header(msg, "Content-Type");
    BOOST_TEST_REQUIRE(type.rfind("multipart/alternative; boundary=\"", 0) == 0u);
    std::string boundary = type.substr(type.find('"') + 1);
    boundary.pop_back();
    BOOST_TEST(boundary.size() <= 70u);  // RFC 2046 §5.1.1
    std::string body = msg.substr(msg.find("\r\n\r\n") + 4);
    size_t first = body.find("--" + boundary + "\r\n");
    size_t second = body.find("\r\n--" + boundary + "\r\n", first + 1);
    size_t close = body.find("\r\n--" + boundary + "--\r\n", second + 1);
    BOOST_TEST_REQUIRE(first != std::string::npos);
    BOOST_TEST_REQUIRE(second != std::string::npos);
    BOOST_TEST_REQUIRE(close != std::string::npos);
    BOOST_TEST(close + boundary.size() + 8 == body.size());  // nothing after the close
    std::string text_part = body.substr(first, second - first);
    std::string html_part = body.substr(second, close - second);
    BOOST_TEST(text_part.find("Content-Type: text/plain; charset=utf-8\r\n") != std::string::npos);
    BOOST_TEST(html_part.find("Content-Type: text/html; charset=utf-8\r\n") != std::string::npos);
    // ASCII bodies go unencoded, so a link stays whole even in the raw message.
    BOOST_TEST(text_part.find("Content-Transfer-Encoding: 7bit\r\n\r\nHi "
                              "Ann,\r\n\r\nhttps://smiths.portal.example.com/auth/abc") !=
               std::string::npos);
    BOOST_TEST(html_part.find("<a href=\"https://smiths.portal.example.com/auth/abc\">") !=
               std::string::npos);
    // The boundary occurs nowhere but at the delimiters.
    size_t count = 0;
    for (size_t at = body.find(boundary); at != std::string::npos; at = body.find(boundary, at + 1))
        ++count;
    BOOST_TEST(count == 3u);
}

BOOST_AUTO_TEST_CASE(a_message_without_html_is_a_single_text_part) {
    MailMessage m = sample();
    m.html.clear();
    std::string msg = build_message(m);
    BOOST_TEST(header(msg, "Content-Type") == "text/plain; charset=utf-8");
    BOOST_TEST(msg.find("multipart") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_same_row_builds_the_same_bytes_so_a_resend_is_the_same_message) {
    BOOST_TEST(build_message(sample()) == build_message(sample()));
}

BOOST_AUTO_TEST_CASE(line_breaks_in_header_values_are_refused) {
    const char* attacks[] = {"Hi\r\nBcc: everyone@example.com", "Hi\nBcc: x@example.com",
                             "Hi\rBcc: x@example.com"};
    for (const char* a : attacks) {
        MailMessage m = sample();
        m.subject = a;
        BOOST_TEST(error_of(m) == "Subject holds a line break");
        m = sample();
        m.from_name = a;
        BOOST_TEST(error_of(m) == "From holds a line break");
        m = sample();
        m.to = std::string("ann@example.com") + a;
        BOOST_TEST(!error_of(m).empty());
    }
    MailMessage m = sample();
    m.subject = std::string("nul\0here", 8);
    BOOST_TEST(error_of(m) == "Subject holds a line break");
    m = sample();
    m.message_id = "x@y\r\nBcc: z@example.com";
    BOOST_TEST(error_of(m) == "Message-ID holds a line break");
}

BOOST_AUTO_TEST_CASE(addresses_must_be_plain_ascii_addr_specs) {
    for (const char* good : {"ann@example.com", "a.b+tag@sub.example.co.uk", "o'brien@example.ie"})
        BOOST_TEST(valid_address(good), good);
    for (const char* bad : {"", "ann", "@example.com", "ann@", "ann@@example.com", "a@b@c",
                            "ann smith@example.com", "<ann@example.com>", "Ann <ann@example.com>",
                            "ann@exämple.com", "ann@example.com,bob@example.com",
                            "ann@.example.com", "ann@example..com", "\"ann\"@example.com"})
        BOOST_TEST(!valid_address(bad), bad);
    MailMessage m = sample();
    m.to = "ann@example.com, bob@example.com";
    BOOST_TEST(error_of(m) == "To is not a plain email address");
    m = sample();
    m.reply_to = "not an address";
    BOOST_TEST(error_of(m) == "Reply-To is not a plain email address");
}

BOOST_AUTO_TEST_CASE(non_ascii_headers_become_utf8_encoded_words_that_decode_back) {
    MailMessage m = sample();
    m.from_name = "Café Rouge & Söhne";
    m.subject = "Ihr Anmeldelink für Café Rouge – gültig 15 Minuten – Grüße aus Köln, Zoë 🚗";
    std::string msg = build_message(m);
    check_lines(msg);
    std::string subject = header(msg, "Subject");
    BOOST_TEST(subject.find("=?UTF-8?B?") == 0u);
    bool whole = false;
    BOOST_TEST(decode_words(subject, &whole) == m.subject);
    BOOST_TEST(whole);
    for (const std::string& line : lines_of(headers_of(msg)))
        if (line.find("=?") != std::string::npos) BOOST_TEST(line.size() <= 76u, line);
    std::string from = header(msg, "From");
    BOOST_TEST(decode_words(from) == "Café Rouge & Söhne");
    BOOST_TEST(from.find("<portal@portal.example.com>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(display_names_are_atoms_quoted_strings_or_encoded_words) {
    BOOST_TEST(address_field("From", "Smith's Garage", "p@example.com") ==
               "From: Smith's Garage <p@example.com>\r\n");
    BOOST_TEST(address_field("From", "Best \"Motors\", Ltd.", "p@example.com") ==
               "From: \"Best \\\"Motors\\\", Ltd.\" <p@example.com>\r\n");
    BOOST_TEST(address_field("To", "", "ann@example.com") == "To: ann@example.com\r\n");
    // Text that merely looks like an encoded word is encoded, not trusted (RFC 2047 §5).
    std::string tricky = address_field("From", "=?UTF-8?B?QWRtaW4=?=", "p@example.com");
    BOOST_TEST(decode_words(tricky) == "=?UTF-8?B?QWRtaW4=?=");
}

BOOST_AUTO_TEST_CASE(long_headers_fold_at_spaces_within_78_columns) {
    MailMessage m = sample();
    m.subject =
        "Your quote for the clutch, the flywheel, the brake discs and pads on the "
        "Transit Custom LK68 VAN is ready for you to approve in the portal";
    m.from_name =
        "The Very Long Named Independent Family Garage and MOT Test Centre of Walthamstow";
    std::string msg = build_message(m);
    check_lines(msg);
    BOOST_TEST(header(msg, "Subject") == m.subject);
    BOOST_TEST(header(msg, "From").find("<portal@portal.example.com>") != std::string::npos);
    BOOST_TEST(header_field("Subject", std::string(120, 'x')).find("=?UTF-8?B?") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(quoted_printable_follows_rfc_2045) {
    struct Case {
        const char* in;
        const char* out;
    } cases[] = {
        {"a=b", "a=3Db"},
        {"trailing space \nnext", "trailing space=20\r\nnext"},
        {"tab\t\n", "tab=09\r\n"},
        {"From here\n.dot", "=46rom here\r\n=2Edot"},
        {"caf\xC3\xA9", "caf=C3=A9"},
        {"crlf\r\nlf\ncr\rend", "crlf\r\nlf\r\ncr\r\nend"},
    };
    for (const auto& c : cases) BOOST_TEST(quoted_printable(c.in) == c.out, c.in);

    std::string long_line;
    for (int i = 0; i < 40; ++i) long_line += "caf\xC3\xA9 =x ";
    std::string qp = quoted_printable(long_line + "\n" + long_line);
    for (const std::string& line : lines_of(qp)) BOOST_TEST(line.size() <= 76u);
    BOOST_TEST(unqp(qp) == long_line + "\r\n" + long_line);
}

BOOST_AUTO_TEST_CASE(bodies_choose_7bit_quoted_printable_or_base64) {
    MailMessage m = sample();
    m.html.clear();
    m.text = "Grüße, Zoë\n" + std::string(20, 'a');
    BOOST_TEST(header(build_message(m), "Content-Transfer-Encoding") == "quoted-printable");
    m.text = "Καλημέρα σας, το αυτοκίνητό σας είναι έτοιμο.";
    std::string msg = build_message(m);
    BOOST_TEST(header(msg, "Content-Transfer-Encoding") == "base64");
    check_lines(msg);
    BOOST_TEST(unbase64(msg.substr(msg.find("\r\n\r\n") + 4)) == m.text);
    m.text = std::string(1200, 'x');  // longer than SMTP's 998: must be encoded
    msg = build_message(m);
    BOOST_TEST(header(msg, "Content-Transfer-Encoding") == "quoted-printable");
    check_lines(msg);
}

BOOST_AUTO_TEST_CASE(dates_are_rfc_5322_in_utc) {
    BOOST_TEST(rfc5322_date(0) == "Thu, 01 Jan 1970 00:00:00 +0000");
    BOOST_TEST(rfc5322_date(1795630915) == "Wed, 25 Nov 2026 18:21:55 +0000");
}

BOOST_AUTO_TEST_CASE(the_gateway_payload_is_json_and_whatsapp_asks_for_no_preview) {
    Envelope e;
    e.message_id = "m1@portal.example.com";
    e.channel = "sms";
    e.recipient = "+447700900101";
    e.data = "Your car is \"ready\"\nCollect at 5\\6\x01";
    BOOST_TEST(
        gateway_payload(e) ==
        "{\"message_id\":\"m1@portal.example.com\",\"channel\":\"sms\",\"to\":\"+447700900101\","
        "\"text\":\"Your car is \\\"ready\\\"\\nCollect at 5\\\\6\\u0001\"}");
    e.channel = "whatsapp";
    BOOST_TEST(gateway_payload(e).find(",\"preview_url\":false}") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_reminder_carries_a_one_click_unsubscribe_rfc_8058) {
    MailMessage m = sample();
    m.list_unsubscribe = "https://smiths.portal.example.com/unsubscribe/" + std::string(43, 'x');
    std::string msg = build_message(m);
    BOOST_TEST(header(msg, "List-Unsubscribe").find("<" + m.list_unsubscribe + ">") !=
               std::string::npos);
    BOOST_TEST(header(msg, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click");
    BOOST_TEST(header(build_message(sample()), "List-Unsubscribe").empty());
    m.list_unsubscribe = "https://a.example/u> <mailto:x@example.com";
    BOOST_TEST(!error_of(m).empty());
    m.list_unsubscribe = "https://a.example/u\r\nBcc: x@example.com";
    BOOST_TEST(!error_of(m).empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(email_templates, EmailTemplates)

BOOST_AUTO_TEST_CASE(the_magic_link_email_is_branded_and_says_what_the_design_says) {
    ctemplate::TemplateDictionary d("magic_link");
    d.SetValue("FIRST_NAME", "Ann <b>&");
    d.SetValue("LINK_URL", "https://smiths.portal.example.com/auth/tok?x=1&y=2");
    d.SetValue("CODE", "123 456");
    d.SetIntValue("MINUTES", 15);
    EmailBody b = render_email("magic_link", d, smiths(), "https://smiths.portal.example.com");

    // Plain text: nothing escaped.
    BOOST_TEST(b.text.find("Hi Ann <b>&,") != std::string::npos);
    BOOST_TEST(b.text.find("https://smiths.portal.example.com/auth/tok?x=1&y=2\n") !=
               std::string::npos);
    BOOST_TEST(b.text.find("Or enter this code on the sign-in page: 123 456") != std::string::npos);
    BOOST_TEST(b.text.find("This link works once and expires in 15 minutes. If you didn't ask\n"
                           "for it, you can ignore this email.") != std::string::npos);
    BOOST_TEST(b.text.find("Smith's <Garage> | +44 20 7946 0321 | hello@smiths-garage.example") !=
               std::string::npos);
    BOOST_TEST(b.text.find("&amp;") == std::string::npos);
    BOOST_TEST(b.text.find("{{") == std::string::npos);

    // HTML: everything escaped in its context; the brand and an absolute logo URL.
    BOOST_TEST(b.html.find("Hi Ann &lt;b&gt;&amp;,") != std::string::npos);
    BOOST_TEST(b.html.find("<b>&") == std::string::npos);
    BOOST_TEST(b.html.find("href=\"https://smiths.portal.example.com/auth/tok?x=1&amp;y=2\"") !=
               std::string::npos);
    BOOST_TEST(b.html.find(">Sign in to your portal</a>") != std::string::npos);
    BOOST_TEST(b.html.find("Or enter this code on the sign-in page: <strong") != std::string::npos);
    BOOST_TEST(b.html.find(">123 456</strong>") != std::string::npos);
    BOOST_TEST(b.html.find("This link works once and expires in 15 minutes. If you didn't ask "
                           "for it, you can ignore this email.") != std::string::npos);
    BOOST_TEST(b.html.find("src=\"https://smiths.portal.example.com/branding/smiths/logo.svg\"") !=
               std::string::npos);
    BOOST_TEST(b.html.find("bgcolor=\"#0B6E4F\"") != std::string::npos);
    BOOST_TEST(b.html.find("background-color:#0B6E4F") != std::string::npos);
    BOOST_TEST(b.html.find("color:#FFFFFF") != std::string::npos);  // text that reads on green
    BOOST_TEST(b.html.find("Smith&#39;s &lt;Garage&gt;") != std::string::npos);
    BOOST_TEST(b.html.find("+44 20 7946 0321") != std::string::npos);
    BOOST_TEST(b.html.find("{{") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_javascript_link_never_reaches_an_href) {
    ctemplate::TemplateDictionary d("magic_link");
    d.SetValue("FIRST_NAME", "Ann");
    d.SetValue("LINK_URL", "javascript:alert(1)");
    d.SetValue("CODE", "123 456");
    d.SetIntValue("MINUTES", 15);
    EmailBody b = render_email("magic_link", d, smiths(), "https://smiths.portal.example.com");
    BOOST_TEST(b.html.find("href=\"javascript:") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_password_reset_email_names_its_expiry_and_a_garage_without_logo) {
    Garage g = smiths();
    g.logo_path.clear();
    g.main_phone.clear();
    ctemplate::TemplateDictionary d("password_reset");
    d.SetValue("FIRST_NAME", "Bob");
    d.SetValue("LINK_URL", "https://smiths.portal.example.com/auth/r");
    d.SetIntValue("MINUTES", 60);
    EmailBody b = render_email("password_reset", d, g, "https://smiths.portal.example.com");
    BOOST_TEST(b.text.find("Hi Bob,") != std::string::npos);
    BOOST_TEST(b.text.find("expires in 60 minutes") != std::string::npos);
    BOOST_TEST(b.text.find("Smith's <Garage> | hello@smiths-garage.example") != std::string::npos);
    BOOST_TEST(b.html.find(">Reset your password</a>") != std::string::npos);
    BOOST_TEST(b.html.find("<img") == std::string::npos);
    BOOST_TEST(b.html.find("Smith&#39;s &lt;Garage&gt;</span>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_rendered_email_builds_into_a_valid_message) {
    ctemplate::TemplateDictionary d("magic_link");
    d.SetValue("FIRST_NAME", "Zoë");
    d.SetValue("LINK_URL", "https://smiths.portal.example.com/auth/tok");
    d.SetValue("CODE", "123 456");
    d.SetIntValue("MINUTES", 15);
    EmailBody b = render_email("magic_link", d, smiths(), "https://smiths.portal.example.com");
    MailMessage m = sample();
    m.text = b.text;
    m.html = b.html;
    std::string msg = build_message(m);
    check_lines(msg);
    BOOST_TEST(msg.find("Hi Zo=C3=AB,") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_unknown_email_template_is_an_error_not_an_empty_email) {
    ctemplate::TemplateDictionary d("nope");
    BOOST_CHECK_THROW(render_email("no_such_email", d, smiths(), "https://x.example"),
                      std::runtime_error);
}

BOOST_AUTO_TEST_SUITE_END()
