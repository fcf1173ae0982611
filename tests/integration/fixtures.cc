// Test fixtures for the signed-in pages (see fixtures.h).
#define BOOST_TEST_DYN_LINK
#include "fixtures.h"

#include <boost/test/unit_test.hpp>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

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
    // Stored in the canonical form (lower-case), as portalctl stores it.
    for (auto& ch : email) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    Customer c{garage, email, ""};
    c.id = sql("INSERT INTO customers (garage_id, email, first_name, last_name) SELECT id, " +
               itest::quoted(c.email) + ", " + itest::quoted(first_name) + ", " +
               itest::quoted(last_name) +
               " FROM garages WHERE subdomain = " + itest::quoted(garage) + " RETURNING id");
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

std::string multipart(const std::vector<Part>& parts, const std::string& boundary) {
    std::string body;
    for (const auto& p : parts) {
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name + "\"";
        if (!p.filename.empty() || !p.type.empty()) body += "; filename=\"" + p.filename + "\"";
        body += "\r\n";
        if (!p.type.empty()) body += "Content-Type: " + p.type + "\r\n";
        body += "\r\n" + p.value + "\r\n";
    }
    return body + "--" + boundary + "--\r\n";
}

size_t count(const std::string& body, const std::string& text) {
    size_t n = 0;
    for (size_t at = body.find(text); at != std::string::npos; at = body.find(text, at + 1)) ++n;
    return n;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string phone_text(const Customer& c) {
    std::string id = sql("SELECT max(id) FROM outbox WHERE customer_id = " + c.id);
    std::string found;
    for (int i = 0; i < 100 && found.empty(); ++i) {
        found = shell("cat " + stack_dir() + "/mail/*-" + id + ".sms.txt " + stack_dir() +
                      "/mail/*-" + id + ".whatsapp.txt 2>/dev/null || true");
        if (found.empty()) shell("sleep 0.1");
    }
    return found;
}

std::string mailbox_text(const std::string& to) {
    std::string id =
        sql("SELECT coalesce(max(id), 0) FROM outbox WHERE recipient = " + itest::quoted(to));
    if (id == "0") return "";
    // The dev mailbox names each message <time>-<outbox id>.eml; the mailer is in LISTEN mode.
    std::string suffix = "-" + id + ".eml", raw;
    for (int i = 0; i < 100 && raw.empty(); ++i) {
        for (const auto& entry : std::filesystem::directory_iterator(stack_dir() + "/mail")) {
            std::string name = entry.path().filename().string();
            if (name.size() > suffix.size() &&
                name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
                std::ifstream in(entry.path());
                raw.assign(std::istreambuf_iterator<char>(in), {});
            }
        }
        if (raw.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    // Quoted-printable: soft line breaks joined, =XX decoded (enough to read links and codes).
    std::string out;
    for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '=' && raw.compare(i + 1, 2, "\r\n") == 0) {
            i += 2;
        } else if (raw[i] == '=' && i + 2 < raw.size() && std::isxdigit(raw[i + 1]) &&
                   std::isxdigit(raw[i + 2])) {
            out += static_cast<char>(std::stoi(raw.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += raw[i];
        }
    }
    return out;
}

}  // namespace itest
