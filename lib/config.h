// The portal's configuration: a key = value file named by PORTAL_CONF; unknown keys are errors.
#pragma once

#include <string>
#include <string_view>

namespace portal {

struct Config {
    std::string base_domain = "localhost";   // garages live at <subdomain>.<base_domain>
    std::string db = "dbname=portal";         // libpq connection string
    std::string share_dir = "/usr/share/garage-portal";  // templates/, sql/, static/
    std::string branding_dir = "/var/lib/garage-portal/branding";  // logos and theme.css
    std::string public_scheme = "https";      // scheme of links in emails and SMS
    std::string public_port;                  // port in such links; empty for the default
    int threads = 1;                          // request threads per worker process
    long max_body_bytes = 65536;              // urlencoded form bodies
    int max_fields = 64;
    int max_field_bytes = 8192;
    int tenancy_cache_seconds = 30;           // how long a process trusts its Host -> garage map
};

// Parses the text of a config file; throws std::runtime_error naming the line on any error.
Config parse_config(std::string_view text);
// Loads the file named by PORTAL_CONF (or `fallback_path`).
Config load_config(const char* fallback_path = "/etc/garage-portal/portal.conf");

}  // namespace portal
