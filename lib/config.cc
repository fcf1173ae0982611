// The portal's configuration: a key = value file named by PORTAL_CONF; unknown keys are errors.
#include "config.h"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "email_address.h"

namespace portal {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

long to_number(std::string_view value, long min, long max, const std::string& where) {
    long n = 0;
    if (value.empty() || value.size() > 12) throw std::runtime_error(where + ": expected a number");
    for (char c : value) {
        if (c < '0' || c > '9') throw std::runtime_error(where + ": expected a number");
        n = n * 10 + (c - '0');
    }
    if (n < min || n > max)
        throw std::runtime_error(where + ": must be between " + std::to_string(min) + " and " +
                                 std::to_string(max));
    return n;
}

bool yes_no(std::string_view value, const std::string& where) {
    if (value == "yes") return true;
    if (value == "no") return false;
    throw std::runtime_error(where + ": must be yes or no");
}

// Printable ASCII without spaces: values that end up in protocol headers (tokens, passwords).
std::string printable(std::string value, const std::string& where) {
    for (unsigned char ch : value)
        if (ch <= 0x20 || ch >= 0x7F)
            throw std::runtime_error(where + ": must be printable ASCII without spaces");
    return value;
}

// An address as SMTP takes it in MAIL FROM: the portal's one address rule (email_address.h).
std::string address(std::string value, const std::string& where) {
    if (!valid_address(value))
        throw std::runtime_error(where + ": must be an address such as portal@example.com");
    return value;
}

// The host of an http(s) URL ("https://host:port/path" -> "host").
std::string url_host(std::string_view rest) {
    if (!rest.empty() && rest.front() == '[')
        return std::string(rest.substr(1, rest.find(']') - 1));
    return std::string(rest.substr(0, rest.find_first_of(":/?#")));
}

// Addresses or CIDR ranges, separated by spaces: what nginx's set_real_ip_from takes.
std::string proxies(std::string value, const std::string& where) {
    for (unsigned char ch : value)
        if (!std::isxdigit(ch) && ch != '.' && ch != ':' && ch != '/' && ch != ' ')
            throw std::runtime_error(where + ": must be addresses or ranges, as 10.0.0.0/8 ::1");
    return value;
}

// A gateway URL: https, or http to this machine only (a bearer token never crosses a network
// in clear).
std::string gateway_url(std::string value, const std::string& where) {
    if (value.empty()) return value;
    printable(value, where);
    std::string_view v = value;
    bool https = v.rfind("https://", 0) == 0, http = v.rfind("http://", 0) == 0;
    std::string host = url_host(v.substr(https ? 8 : http ? 7 : 0));
    if ((!https && !http) || host.empty())
        throw std::runtime_error(where + ": must be an https:// URL");
    if (http && !is_loopback_host(host))
        throw std::runtime_error(where + ": must be https:// (http:// only to this machine)");
    return value;
}

}  // namespace

bool is_loopback_host(const std::string& host) {
    return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

MailTarget parse_mail_transport(const std::string& value) {
    MailTarget t;
    if (value.rfind("maildir:", 0) == 0) {
        t.path = value.substr(8);
        if (t.path.empty() || t.path[0] != '/')
            throw std::runtime_error("maildir: needs an absolute directory, as maildir:/var/mail");
        return t;
    }
    std::string rest;
    if (value.rfind("smtp://", 0) == 0) {
        t.kind = MailTarget::smtp;
        rest = value.substr(7);
        t.port = 25;
    } else if (value.rfind("smtps://", 0) == 0) {
        t.kind = MailTarget::smtps;
        rest = value.substr(8);
        t.port = 465;
    } else {
        throw std::runtime_error("must be maildir:/path, smtp://host:port or smtps://host:port");
    }
    if (!rest.empty() && rest.back() == '/') rest.pop_back();
    size_t colon = rest.rfind(':');
    if (colon != std::string::npos && rest.find(']', colon) == std::string::npos) {
        t.port = static_cast<int>(to_number(rest.substr(colon + 1), 1, 65535, "the port"));
        rest.erase(colon);
    }
    if (rest.size() > 2 && rest.front() == '[' && rest.back() == ']')
        rest = rest.substr(1, rest.size() - 2);
    for (unsigned char ch : rest)
        if (!std::isalnum(ch) && ch != '.' && ch != '-' && ch != ':')
            throw std::runtime_error("the SMTP host must be a host name or address");
    if (rest.empty()) throw std::runtime_error("the SMTP host is missing");
    t.host = rest;
    return t;
}

Config parse_config(std::string_view text) {
    Config c;
    int line_no = 0;
    while (!text.empty()) {
        size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        ++line_no;
        line = trim(line);
        if (line.empty() || line[0] == '#') continue;
        std::string where = "config line " + std::to_string(line_no);
        size_t eq = line.find('=');
        if (eq == std::string_view::npos)
            throw std::runtime_error(where + ": expected key = value");
        std::string key(trim(line.substr(0, eq)));
        std::string value(trim(line.substr(eq + 1)));
        where += " (" + key + ")";
        if (key == "base_domain")
            c.base_domain = value;
        else if (key == "db")
            c.db = value;
        else if (key == "share_dir")
            c.share_dir = value;
        else if (key == "branding_dir")
            c.branding_dir = value;
        else if (key == "files_dir")
            c.files_dir = value;
        else if (key == "public_scheme") {
            if (value != "http" && value != "https")
                throw std::runtime_error(where + ": must be http or https");
            c.public_scheme = value;
        } else if (key == "public_port") {
            if (!value.empty()) to_number(value, 1, 65535, where);
            c.public_port = value;
        } else if (key == "hsts_include_subdomains")
            c.hsts_include_subdomains = yes_no(value, where);
        else if (key == "trusted_proxies")
            c.trusted_proxies = proxies(value, where);
        else if (key == "threads")
            c.threads = to_number(value, 1, 64, where);
        else if (key == "max_body_bytes")
            c.max_body_bytes = to_number(value, 1024, 64 << 20, where);
        else if (key == "max_fields")
            c.max_fields = to_number(value, 1, 1000, where);
        else if (key == "max_field_bytes")
            c.max_field_bytes = to_number(value, 64, 1 << 20, where);
        else if (key == "tenancy_cache_seconds")
            c.tenancy_cache_seconds = to_number(value, 0, 3600, where);
        else if (key == "mail_transport") {
            try {
                parse_mail_transport(value);
            } catch (const std::runtime_error& e) {
                throw std::runtime_error(where + ": " + e.what());
            }
            c.mail_transport = value;
        } else if (key == "mail_from")
            c.mail_from = address(value, where);
        else if (key == "mail_username")
            c.mail_username = printable(value, where);
        else if (key == "mail_password")
            c.mail_password = printable(value, where);
        else if (key == "mail_starttls")
            c.mail_starttls = yes_no(value, where);
        else if (key == "mail_timeout_seconds")
            c.mail_timeout_seconds = to_number(value, 1, 300, where);
        else if (key == "outbox_max_attempts")
            c.outbox_max_attempts = to_number(value, 1, 100, where);
        else if (key == "outbox_retry_seconds")
            c.outbox_retry_seconds = to_number(value, 1, 3600, where);
        else if (key == "outbox_lease_seconds")
            c.outbox_lease_seconds = to_number(value, 2, 3600, where);
        else if (key == "sms_gateway_url")
            c.sms_gateway_url = gateway_url(value, where);
        else if (key == "sms_gateway_token")
            c.sms_gateway_token = printable(value, where);
        else if (key == "whatsapp_gateway_url")
            c.whatsapp_gateway_url = gateway_url(value, where);
        else if (key == "whatsapp_gateway_token")
            c.whatsapp_gateway_token = printable(value, where);
        else
            throw std::runtime_error(where + ": unknown key");
    }
    if (c.base_domain.empty()) throw std::runtime_error("config: base_domain is empty");
    // A message being sent must keep its claim: the lease outlives two slow sends.
    if (c.outbox_lease_seconds < 2 * c.mail_timeout_seconds)
        throw std::runtime_error(
            "config: outbox_lease_seconds must be at least twice mail_timeout_seconds");
    MailTarget target = parse_mail_transport(c.mail_transport);
    if (!c.mail_username.empty() && target.kind == MailTarget::smtp && !c.mail_starttls &&
        !is_loopback_host(target.host))
        throw std::runtime_error(
            "config: mail_username needs smtps:// or mail_starttls = yes (the password would "
            "cross the network in clear)");
    return c;
}

Config load_config(const char* fallback_path) {
    const char* path = std::getenv("PORTAL_CONF");
    if (!path || !*path) path = fallback_path;
    std::ifstream in(path);
    if (!in) throw std::runtime_error(std::string("cannot read config file ") + path);
    std::stringstream buf;
    buf << in.rdbuf();
    return parse_config(buf.str());
}

}  // namespace portal
