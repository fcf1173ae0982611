// portalctl nginx-sites: nginx server blocks for the garages on their own domains.
#include <sys/stat.h>

#include <iostream>
#include <regex>

#include "command.h"
#include "db.h"

namespace portalctl {

namespace {

// The database's check on custom_domain allows only lower-case host names, so a domain is
// safe to write into nginx's configuration as it is.
const portal::Statement kCustomDomains{
    "portalctl_custom_domains",
    "SELECT subdomain, name, custom_domain FROM garages WHERE custom_domain IS NOT NULL"
    " ORDER BY custom_domain"};

const char* kUsage =
    "usage: portalctl nginx-sites [--cert-dir DIR] [--acme-root DIR]\n"
    "\n"
    "Prints nginx server blocks for every garage with a custom domain (portalctl garage set\n"
    "SUBDOMAIN --domain HOST), for /etc/nginx/sites-available/garage-portal-domains. A domain\n"
    "with a certificate in the layout certbot writes (--cert-dir, default /etc/letsencrypt/live:\n"
    "DIR/<domain>/fullchain.pem and privkey.pem) is served over https, http redirecting to it;\n"
    "a domain without one yet is served over http for the ACME challenge only, from --acme-root\n"
    "(default /var/www/letsencrypt, for certbot certonly --webroot -w DIR -d <domain>).\n"
    "Run it again once the certificate is there. It reloads nothing: it prints the command.\n";

bool is_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// Directories written into nginx's configuration: absolute, and nothing nginx would read as
// syntax.
std::string directory_option(const Options& o, const char* name, const char* fallback) {
    static const std::regex plain("^/[A-Za-z0-9._/-]*$");
    std::string dir = o.get(name, fallback);
    if (!std::regex_match(dir, plain))
        throw UsageError(std::string("--") + name + " must be an absolute path of letters, " +
                         "digits and ._-/");
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    return dir;
}

void http_server(const std::string& domain, const std::string& acme_root, bool has_tls) {
    std::cout << "server {\n"
                 "    listen 80;\n"
                 "    listen [::]:80;\n"
                 "    server_name "
              << domain
              << ";\n"
                 "    server_tokens off;\n"
                 "    location /.well-known/acme-challenge/ {\n"
                 "        root "
              << acme_root
              << ";\n"
                 "    }\n"
                 "    location / {\n"
              << (has_tls ? "        return 301 https://$host$request_uri;\n"
                          : "        return 404;\n")
              << "    }\n"
                 "}\n";
}

void https_server(const std::string& domain, const std::string& cert_dir,
                  const portal::Config& config) {
    std::string certs = cert_dir + "/" + domain;
    std::cout << "server {\n"
                 "    listen 443 ssl http2;\n"
                 "    listen [::]:443 ssl http2;\n"
                 "    server_name "
              << domain
              << ";\n"
                 "    ssl_certificate "
              << certs
              << "/fullchain.pem;\n"
                 "    ssl_certificate_key "
              << certs
              << "/privkey.pem;\n"
                 "    ssl_protocols TLSv1.2 TLSv1.3;\n"
                 "    ssl_session_tickets off;\n"
                 "    set $portal_hsts \"max-age=31536000"
              << (config.hsts_include_subdomains ? "; includeSubDomains" : "")
              << "\";\n"
                 "    access_log /var/log/nginx/garage-portal-access.log combined "
                 "if=$portal_loggable;\n"
                 "    include "
              << config.share_dir
              << "/nginx/server.conf;\n"
                 "}\n";
}

}  // namespace

int nginx_sites(Env& env, const std::vector<std::string>& args) {
    if (wants_help(args)) {
        std::cout << kUsage;
        return 0;
    }
    Options o(args, {"cert-dir", "acme-root"});
    no_arguments(o);
    std::string cert_dir = directory_option(o, "cert-dir", "/etc/letsencrypt/live");
    std::string acme_root = directory_option(o, "acme-root", "/var/www/letsencrypt");

    pqxx::read_transaction tx(env.db());
    pqxx::result garages = tx.exec_prepared(kCustomDomains.name);
    std::cout << "# Written by portalctl nginx-sites: the garages on their own domains. Every\n"
                 "# other garage is served by /etc/nginx/sites-available/garage-portal.\n";
    std::vector<std::string> waiting;
    for (const auto& g : garages) {
        std::string domain = g[2].as<std::string>();
        bool has_tls = is_file(cert_dir + "/" + domain + "/fullchain.pem") &&
                       is_file(cert_dir + "/" + domain + "/privkey.pem");
        std::cout << "\n# " << g[1].as<std::string>() << " (" << g[0].as<std::string>() << ")"
                  << (has_tls ? "" : ": no certificate yet, http for the ACME challenge only")
                  << "\n";
        http_server(domain, acme_root, has_tls);
        if (has_tls) https_server(domain, cert_dir, env.config);
        if (!has_tls) waiting.push_back(domain);
    }
    // The next steps, on standard error: standard output is the file.
    for (const auto& domain : waiting)
        std::cerr << "no certificate for " << domain << " yet: once this is loaded, run\n"
                  << "  certbot certonly --webroot -w " << acme_root << " -d " << domain
                  << "\nand run portalctl nginx-sites again.\n";
    std::cerr << "nothing was reloaded; to apply: nginx -t && systemctl reload nginx\n";
    return 0;
}

}  // namespace portalctl
