// The portal's configuration: a key = value file named by PORTAL_CONF; unknown keys are errors.
#include "config.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

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

}  // namespace

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
        if (eq == std::string_view::npos) throw std::runtime_error(where + ": expected key = value");
        std::string key(trim(line.substr(0, eq)));
        std::string value(trim(line.substr(eq + 1)));
        where += " (" + key + ")";
        if (key == "base_domain") c.base_domain = value;
        else if (key == "db") c.db = value;
        else if (key == "share_dir") c.share_dir = value;
        else if (key == "branding_dir") c.branding_dir = value;
        else if (key == "public_scheme") {
            if (value != "http" && value != "https")
                throw std::runtime_error(where + ": must be http or https");
            c.public_scheme = value;
        } else if (key == "public_port") {
            if (!value.empty()) to_number(value, 1, 65535, where);
            c.public_port = value;
        } else if (key == "threads") c.threads = to_number(value, 1, 64, where);
        else if (key == "max_body_bytes") c.max_body_bytes = to_number(value, 1024, 64 << 20, where);
        else if (key == "max_fields") c.max_fields = to_number(value, 1, 1000, where);
        else if (key == "max_field_bytes") c.max_field_bytes = to_number(value, 64, 1 << 20, where);
        else if (key == "tenancy_cache_seconds")
            c.tenancy_cache_seconds = to_number(value, 0, 3600, where);
        else throw std::runtime_error(where + ": unknown key");
    }
    if (c.base_domain.empty()) throw std::runtime_error("config: base_domain is empty");
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
