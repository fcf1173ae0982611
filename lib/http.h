// HTTP request and response: strict parsing of query strings, forms and cookies; response helpers.
#pragma once

#include <initializer_list>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "utf8.h"

namespace portal {

struct PrivateFileReply;  // files.h

// Thrown anywhere during a request; the error boundary turns it into a branded page with `status`.
// `detail` goes to the log only, never to the browser.
struct HttpError : std::runtime_error {
    int status;
    std::string detail;
    HttpError(int status, std::string public_message, std::string detail = {})
        : std::runtime_error(std::move(public_message)),
          status(status),
          detail(std::move(detail)) {}
};

using Pairs = std::vector<std::pair<std::string, std::string>>;

// RFC 3986 percent-decoding. With `plus_is_space` (application/x-www-form-urlencoded) '+' is a
// space. Returns false on a malformed escape ("%G1", "%4") or a NUL, raw or decoded.
bool percent_decode(std::string_view in, bool plus_is_space, std::string& out);

// Parses "a=1&b=2" (query strings and urlencoded bodies). Throws HttpError 400 on bad escapes,
// bad UTF-8, more than `max_fields` fields or a name or value longer than `max_field_bytes`.
Pairs parse_urlencoded(std::string_view s, size_t max_fields, size_t max_field_bytes);

// Parses a Cookie header (RFC 6265 section 5.4). Malformed pairs are skipped, as browsers send
// cookies set by other software on the same host; the first occurrence of a name wins.
std::map<std::string, std::string, std::less<>> parse_cookies(std::string_view header);

struct Cookie {
    std::string name, value;
    long max_age = -1;  // -1: session cookie; 0: delete
    bool http_only = true;
    std::string same_site = "Lax";
};

// A cookie that makes the browser forget `name`.
inline Cookie clear_cookie(const char* name) {
    return Cookie{name, "", 0};
}

struct Response {
    int status = 200;
    std::string content_type = "text/html; charset=utf-8";
    std::vector<std::pair<std::string, std::string>> headers;
    std::vector<Cookie> cookies;
    std::string body;

    void header(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
    }
    // 303 See Other: the answer to every successful POST (POST, commit, redirect to a GET).
    void redirect(std::string location);
    void set_cookie(Cookie c) { cookies.push_back(std::move(c)); }
    // A private file (files.h private_file()): nginx sends it from its `internal` location once
    // the program has authorised the request (X-Accel-Redirect; DESIGN.md "Private files"), with
    // the stored file's type and disposition, and no copy kept by any cache. No body here.
    void send_file(const PrivateFileReply& file);
    bool sends_file() const { return !accel_redirect.empty(); }
    std::string accel_redirect;
    // Serialises status line, security headers, headers, cookies and body in CGI form.
    // `secure` (the portal is served over https) sends HSTS (with includeSubDomains when
    // `hsts_subdomains`) and makes every cookie Secure with the __Host- prefix: host-only,
    // Path=/, and impossible for a sibling host or a plain-http page to set.
    std::string serialise(bool secure, bool head_only, bool hsts_subdomains = false) const;
};

const char* status_text(int status);

// A local URL with an encoded query: with_query("/login", {{"notice", "sent"}, {"next", next}})
// is "/login?notice=sent&next=%2Fjobs%2FWO-1". Parameters with an empty value are left out.
std::string with_query(std::string path,
                       std::initializer_list<std::pair<const char*, std::string_view>> params);

}  // namespace portal
