// The portal's configuration: a key = value file named by PORTAL_CONF; unknown keys are errors.
#pragma once

#include <string>
#include <string_view>

namespace portal {

struct Config {
    std::string base_domain = "localhost";  // garages live at <subdomain>.<base_domain>
    std::string db = "dbname=portal";       // libpq connection string
    std::string share_dir = "/usr/share/garage-portal";            // templates/, sql/, static/
    std::string branding_dir = "/var/lib/garage-portal/branding";  // logos and theme.css
    std::string files_dir = "/var/lib/garage-portal/files";  // private files: quote photos, ...
    std::string public_scheme = "https";                     // scheme of links in emails and SMS
    std::string public_port;  // port in such links; empty for the default
    // With https: Strict-Transport-Security names includeSubDomains (every portal host is a leaf).
    bool hsts_include_subdomains = true;
    // Proxies in front of nginx whose X-Forwarded-For nginx believes (its real_ip module), so
    // per-IP rate limits see the customer's address; read by the scripts that write nginx's
    // configuration. Space-separated addresses or CIDR ranges; empty: none.
    std::string trusted_proxies;
    int threads = 1;              // request threads per worker process
    long max_body_bytes = 65536;  // urlencoded form bodies
    int max_fields = 64;
    int max_field_bytes = 8192;
    int tenancy_cache_seconds = 30;  // how long a process trusts its Host -> garage map

    // Outgoing messages (sbin/portal-mailer).
    std::string mail_transport = "maildir:/var/lib/garage-portal/mail";  // or smtp://, smtps://
    std::string mail_from = "portal@localhost";  // envelope sender and From address
    std::string mail_username, mail_password;    // SMTP AUTH, if the relay wants it
    bool mail_starttls = true;                   // smtp:// must upgrade to TLS (RFC 3207)
    int mail_timeout_seconds = 30;               // connect and per-message limit, SMTP and gateway
    int outbox_max_attempts = 10;                // then a message is dead
    int outbox_retry_seconds = 30;               // first retry delay; doubles per attempt
    int outbox_lease_seconds = 120;              // a claimed message is another runner's after this
    std::string sms_gateway_url, sms_gateway_token;            // JSON POST, bearer token
    std::string whatsapp_gateway_url, whatsapp_gateway_token;  // the same, for WhatsApp
};

// Where mail_transport points: a directory of .eml files, or an SMTP server.
struct MailTarget {
    enum Kind { maildir, smtp, smtps } kind = maildir;
    std::string path;  // maildir: the directory
    std::string host;  // smtp, smtps
    int port = 0;
};
// Parses a mail_transport value; throws std::runtime_error saying what is wrong.
MailTarget parse_mail_transport(const std::string& value);
// Whether `host` is this machine's loopback (the only place secrets may travel in clear).
bool is_loopback_host(const std::string& host);

// Parses the text of a config file; throws std::runtime_error naming the line on any error.
Config parse_config(std::string_view text);
// Loads the file named by PORTAL_CONF (or `fallback_path`).
Config load_config(const char* fallback_path = "/etc/garage-portal/portal.conf");

}  // namespace portal
