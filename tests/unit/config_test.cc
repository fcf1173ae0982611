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
    BOOST_TEST(c.mail_transport == "smtp://mail.example.com:587");
    BOOST_TEST(c.mail_starttls);
    BOOST_TEST(c.outbox_max_attempts == 10);
}

BOOST_AUTO_TEST_CASE(mail_settings_have_safe_defaults) {
    Config c = parse_config("");
    BOOST_TEST(c.mail_transport == "maildir:/var/lib/garage-portal/mail");
    BOOST_TEST(c.mail_from == "portal@localhost");
    BOOST_TEST(c.mail_starttls);  // TLS unless turned off
    BOOST_TEST(c.mail_timeout_seconds == 30);
    BOOST_TEST(c.outbox_lease_seconds >= 2 * c.mail_timeout_seconds);
    BOOST_TEST(c.sms_gateway_url.empty());
}

BOOST_AUTO_TEST_CASE(mail_transports_parse_into_their_parts) {
    MailTarget m = parse_mail_transport("maildir:/srv/mail");
    BOOST_TEST(m.kind == MailTarget::maildir);
    BOOST_TEST(m.path == "/srv/mail");
    MailTarget s = parse_mail_transport("smtp://mail.example.com:587");
    BOOST_TEST(s.kind == MailTarget::smtp);
    BOOST_TEST(s.host == "mail.example.com");
    BOOST_TEST(s.port == 587);
    BOOST_TEST(parse_mail_transport("smtp://127.0.0.1").port == 25);
    MailTarget t = parse_mail_transport("smtps://[::1]:4650");
    BOOST_TEST(t.kind == MailTarget::smtps);
    BOOST_TEST(t.host == "::1");
    BOOST_TEST(t.port == 4650);
    BOOST_TEST(parse_mail_transport("smtps://relay.example").port == 465);
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

BOOST_AUTO_TEST_CASE(mail_mistakes_are_refused_naming_the_line) {
    struct Case {
        const char* text;
        const char* error;
    } cases[] = {
        {"mail_transport = maildir:relative",
         "config line 1 (mail_transport): maildir: needs an absolute directory, as "
         "maildir:/var/mail"},
        {"mail_transport = imap://x",
         "config line 1 (mail_transport): must be maildir:/path, smtp://host:port or "
         "smtps://host:port"},
        {"mail_transport = smtp://:25", "config line 1 (mail_transport): the SMTP host is missing"},
        {"mail_transport = smtp://a b:25",
         "config line 1 (mail_transport): the SMTP host must be a host name or address"},
        {"mail_transport = smtp://x:99999",
         "config line 1 (mail_transport): the port: must be between 1 and 65535"},
        {"mail_from = Portal <p@example.com>",
         "config line 1 (mail_from): must be an address such as portal@example.com"},
        {"mail_from = nobody",
         "config line 1 (mail_from): must be an address such as portal@example.com"},
        {"mail_starttls = true", "config line 1 (mail_starttls): must be yes or no"},
        {"mail_timeout_seconds = 0",
         "config line 1 (mail_timeout_seconds): must be between 1 and 300"},
        {"outbox_max_attempts = 0",
         "config line 1 (outbox_max_attempts): must be between 1 and 100"},
        {"sms_gateway_url = http://sms.example.com/send",
         "config line 1 (sms_gateway_url): must be https:// (http:// only to this machine)"},
        {"whatsapp_gateway_url = ftp://x",
         "config line 1 (whatsapp_gateway_url): must be an https:// URL"},
        {"sms_gateway_token = two words",
         "config line 1 (sms_gateway_token): must be printable ASCII without spaces"},
        {"mail_timeout_seconds = 60\noutbox_lease_seconds = 100",
         "config: outbox_lease_seconds must be at least twice mail_timeout_seconds"},
        {"mail_transport = smtp://relay.example:25\nmail_starttls = no\nmail_username = u",
         "config: mail_username needs smtps:// or mail_starttls = yes (the password would cross "
         "the network in clear)"},
    };
    for (const auto& c : cases) BOOST_TEST(error_of(c.text) == c.error, c.text);
}

BOOST_AUTO_TEST_CASE(secrets_may_travel_in_clear_only_to_this_machine) {
    Config c = parse_config(
        "mail_transport = smtp://127.0.0.1:2525\nmail_starttls = no\nmail_username = u\n"
        "mail_password = p\nsms_gateway_url = http://127.0.0.1:8099/sms\n"
        "whatsapp_gateway_url = https://wa.example.com/v1/messages\n"
        "whatsapp_gateway_token = t0k\n");
    BOOST_TEST(c.mail_username == "u");
    BOOST_TEST(!c.mail_starttls);
    BOOST_TEST(c.sms_gateway_url == "http://127.0.0.1:8099/sms");
    BOOST_TEST(c.whatsapp_gateway_token == "t0k");
}

BOOST_AUTO_TEST_SUITE_END()
