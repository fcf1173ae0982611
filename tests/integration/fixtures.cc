// Test fixtures for the signed-in pages (see fixtures.h).
#define BOOST_TEST_DYN_LINK
#include "fixtures.h"

#include <boost/test/unit_test.hpp>
#include <cctype>
#include <random>

namespace itest {

std::string unique_tag() {
    static std::mt19937 rng{std::random_device{}()};
    static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    std::string out;
    for (int i = 0; i < 8; ++i) out.push_back(alphabet[rng() % (sizeof alphabet - 1)]);
    return out;
}

std::string quoted(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

std::string london(int days, const std::string& clock) {
    return "(((now() AT TIME ZONE 'Europe/London')::date + " + std::to_string(days) + " + time '" +
           clock + "') AT TIME ZONE 'Europe/London')";
}

Customer new_customer(const std::string& garage, const std::string& prefix,
                      const std::string& first_name, const std::string& last_name,
                      std::string email) {
    if (email.empty()) email = prefix + unique_tag() + "@example.com";
    Customer c{garage, email, ""};
    c.id = sql("INSERT INTO customers (garage_id, email, first_name, last_name) SELECT id, " +
               quoted(c.email) + ", " + quoted(first_name) + ", " + quoted(last_name) +
               " FROM garages WHERE subdomain = " + quoted(garage) + " RETURNING id");
    return c;
}

std::string portalctl(const std::string& args, int* status) {
    return shell("PORTAL_CONF='" + stack_dir() + "/portal.conf' '" + repo_dir() +
                     "/build/sbin/portalctl' " + args + " 2>&1",
                 status);
}

Browser sign_in(const Customer& c, const std::string& to, Reply* signed_in) {
    std::string url =
        portalctl("link --garage " + c.garage + " --customer " + c.email + " --to '" + to + "'");
    size_t at = url.find("/auth/");
    BOOST_TEST_REQUIRE(at != std::string::npos, url);
    std::string path = url.substr(at);
    while (!path.empty() && std::isspace(static_cast<unsigned char>(path.back()))) path.pop_back();
    Browser b(c.garage + ".localhost");
    BOOST_TEST_REQUIRE(b.get(path).status == 200);
    Reply r = b.post(path, "");
    BOOST_TEST_REQUIRE(r.status == 303);
    BOOST_TEST_REQUIRE(!b.cookie("portal_session").empty());
    if (signed_in) *signed_in = r;
    return b;
}

Reply post_without_token(const Browser& b, const std::string& path, const std::string& form) {
    Call call;
    call.method = "POST";
    call.host = b.host_;
    call.source_ip = b.ip_;
    call.path = path;
    call.body = form;
    call.headers = {"Content-Type: application/x-www-form-urlencoded",
                    "Cookie: portal_session=" + b.cookie("portal_session")};
    return http(call);
}

size_t count(const std::string& body, const std::string& text) {
    size_t n = 0;
    for (size_t at = body.find(text); at != std::string::npos; at = body.find(text, at + 1)) ++n;
    return n;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace itest
