// A small HTTP client (libcurl) and stack helpers for the integration tests.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace itest {

struct Reply {
    long status = 0;
    std::multimap<std::string, std::string> headers;  // names lower-cased
    std::string body;
    std::string header(const std::string& name) const;
    bool has(const std::string& text) const { return body.find(text) != std::string::npos; }
};

struct Call {
    std::string method = "GET";
    std::string host = "smiths.localhost";
    std::string path = "/login";
    std::string body;
    std::vector<std::string> headers;  // "Name: value"
    std::string source_ip;             // a 127.x.y.z to connect from ("" = the default)
};

// Sends one request to the test stack's nginx (127.0.0.1:$PORTAL_TEST_PORT).
Reply http(const Call& call);
Reply get(const std::string& host, const std::string& path);

// A browser: keeps the cookies the portal sets (per host, host-only as the portal sets them)
// and sends them back; reads the CSRF token from the last page it was given.
class Browser {
  public:
    // Each browser connects from its own loopback address, so per-IP limits stay per test.
    explicit Browser(std::string host = "smiths.localhost");
    Reply get(const std::string& path);
    // POSTs a urlencoded form, adding the CSRF token of the last page unless `csrf` is given.
    Reply post(const std::string& path, const std::string& form, const char* csrf = nullptr);
    std::string cookie(const std::string& name) const;
    void set_cookie(const std::string& name, const std::string& value) { cookies_[name] = value; }
    void forget(const std::string& name) { cookies_.erase(name); }
    const std::string& csrf() const { return csrf_; }
    std::string host_, ip_;

  private:
    Reply send(Call call);
    std::map<std::string, std::string> cookies_;
    std::string csrf_;
};

std::string form_value(const std::string& body, const std::string& name);
std::string url_encode(const std::string& s);

// One value from the test stack's database (psql -tA), for setting up and checking state.
std::string sql(const std::string& query);

std::string stack_dir();  // $PORTAL_TEST_VAR
std::string repo_dir();   // $PORTAL_TEST_REPO
// Runs a shell command, returns its standard output (and its exit status in `status`).
std::string shell(const std::string& command, int* status = nullptr);
// The pids of the worker processes of one page program (children of its multiwatch).
std::vector<int> workers(const std::string& program);
// The error page's "Reference: <code>…</code>" request id.
std::string reference_of(const Reply& r);

}  // namespace itest
