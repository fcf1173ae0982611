// HTTP request and response: strict parsing of query strings, forms and cookies; response helpers.
#include "http.h"

#include "files.h"
#include "format.h"

namespace portal {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Security headers on every page, in one place. The CSP allows no inline script or style: the
// brand colour comes from a per-garage stylesheet under /branding/.
constexpr const char* kSecurityHeaders =
    "Content-Security-Policy: default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "X-Frame-Options: DENY\r\n"
    "Cross-Origin-Opener-Policy: same-origin\r\n"
    "Permissions-Policy: camera=(), microphone=(), geolocation=()\r\n";

}  // namespace

bool percent_decode(std::string_view in, bool plus_is_space, std::string& out) {
    out.clear();
    out.reserve(in.size());
    for (size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c == '%') {
            if (i + 2 >= in.size()) return false;
            int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
            if (hi < 0 || lo < 0) return false;
            char decoded = static_cast<char>(hi * 16 + lo);
            if (decoded == '\0') return false;
            out.push_back(decoded);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out.push_back(' ');
        } else if (c == '\0') {
            return false;  // a raw NUL is refused like "%00" (found by tests/fuzz/percent_decode)
        } else {
            out.push_back(c);
        }
    }
    return true;
}

Pairs parse_urlencoded(std::string_view s, size_t max_fields, size_t max_field_bytes) {
    Pairs out;
    size_t pos = 0;
    while (pos <= s.size() && !s.empty()) {
        size_t amp = s.find('&', pos);
        if (amp == std::string_view::npos) amp = s.size();
        std::string_view part = s.substr(pos, amp - pos);
        pos = amp + 1;
        if (part.empty()) {
            if (amp == s.size()) break;
            continue;
        }
        if (out.size() == max_fields) throw HttpError(400, "Too many fields.", "field count");
        size_t eq = part.find('=');
        std::string_view raw_name = part.substr(0, eq);
        std::string_view raw_value = eq == std::string_view::npos ? "" : part.substr(eq + 1);
        if (raw_name.size() > max_field_bytes * 3 || raw_value.size() > max_field_bytes * 3)
            throw HttpError(400, "A field is too long.", "field length");
        std::string name, value;
        if (!percent_decode(raw_name, true, name) || !percent_decode(raw_value, true, value))
            throw HttpError(400, "The request was malformed.", "bad percent-encoding");
        if (name.size() > max_field_bytes || value.size() > max_field_bytes)
            throw HttpError(400, "A field is too long.", "field length");
        if (!valid_utf8(name) || !valid_utf8(value))
            throw HttpError(400, "The request was malformed.", "bad UTF-8");
        out.emplace_back(std::move(name), std::move(value));
        if (amp == s.size()) break;
    }
    return out;
}

std::map<std::string, std::string, std::less<>> parse_cookies(std::string_view header) {
    std::map<std::string, std::string, std::less<>> out;
    size_t pos = 0;
    while (pos < header.size()) {
        size_t semi = header.find(';', pos);
        if (semi == std::string_view::npos) semi = header.size();
        std::string_view part = header.substr(pos, semi - pos);
        pos = semi + 1;
        while (!part.empty() && (part.front() == ' ' || part.front() == '\t'))
            part.remove_prefix(1);
        while (!part.empty() && (part.back() == ' ' || part.back() == '\t')) part.remove_suffix(1);
        size_t eq = part.find('=');
        if (eq == 0 || eq == std::string_view::npos) continue;
        std::string_view name = part.substr(0, eq), value = part.substr(eq + 1);
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
            value = value.substr(1, value.size() - 2);
        out.emplace(std::string(name), std::string(value));
    }
    return out;
}

void Response::redirect(std::string location) {
    status = 303;
    header("Location", std::move(location));
    body.clear();
}

const char* status_text(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 303:
            return "See Other";
        case 304:
            return "Not Modified";
        case 400:
            return "Bad Request";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 409:
            return "Conflict";
        case 410:
            return "Gone";
        case 413:
            return "Content Too Large";
        case 415:
            return "Unsupported Media Type";
        case 429:
            return "Too Many Requests";
        case 500:
            return "Internal Server Error";
        case 503:
            return "Service Unavailable";
        default:
            return "Unknown";
    }
}

void Response::send_file(const PrivateFileReply& file) {
    accel_redirect = file.internal_uri;
    content_type = file.content_type;
    header("X-Accel-Redirect", file.internal_uri);
    header("Content-Disposition", file.content_disposition);
    // Personal files leave no copy behind in the browser after sign-out, like the pages.
    // (X-Content-Type-Options: nosniff is among every response's security headers, and nginx's
    // /_private/ location adds it to the file it sends.)
    header("Cache-Control", "no-store");
}

std::string Response::serialise(bool secure, bool head_only, bool hsts_subdomains) const {
    std::string out;
    out.reserve(1024 + body.size());
    out += "Status: ";
    out += std::to_string(status);
    out += ' ';
    out += status_text(status);
    out += "\r\n";
    if (!body.empty() || status != 303) {
        out += "Content-Type: ";
        out += content_type;
        out += "\r\nContent-Length: ";
        out += std::to_string(body.size());
        out += "\r\n";
    }
    out += kSecurityHeaders;
    if (secure)
        out += hsts_subdomains
                   ? "Strict-Transport-Security: max-age=31536000; includeSubDomains\r\n"
                   : "Strict-Transport-Security: max-age=31536000\r\n";
    bool has_cache_control = false, has_referrer_policy = false;
    for (const auto& [name, value] : headers) {
        if (name == "Cache-Control") has_cache_control = true;
        if (name == "Referrer-Policy") has_referrer_policy = true;
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    // Pages are personal; no shared or browser cache keeps them.
    if (!has_cache_control) out += "Cache-Control: no-store\r\n";
    if (!has_referrer_policy) out += "Referrer-Policy: same-origin\r\n";
    for (const auto& c : cookies) {
        out += "Set-Cookie: ";
        if (secure) out += "__Host-";
        out += c.name;
        out += '=';
        out += c.value;
        out += "; Path=/";
        if (c.max_age >= 0) {
            out += "; Max-Age=";
            out += std::to_string(c.max_age);
        }
        if (c.http_only) out += "; HttpOnly";
        if (secure) out += "; Secure";
        out += "; SameSite=";
        out += c.same_site;
        out += "\r\n";
    }
    out += "\r\n";
    if (!head_only) out += body;
    return out;
}

std::string with_query(std::string path,
                       std::initializer_list<std::pair<const char*, std::string_view>> params) {
    char separator = '?';
    for (const auto& [name, value] : params) {
        if (value.empty()) continue;
        path += separator;
        path += name;
        path += '=';
        path += url_encode(value);
        separator = '&';
    }
    return path;
}

}  // namespace portal
