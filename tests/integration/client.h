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
};

// Sends one request to the test stack's nginx (127.0.0.1:$PORTAL_TEST_PORT).
Reply http(const Call& call);
Reply get(const std::string& host, const std::string& path);

std::string stack_dir();  // $PORTAL_TEST_VAR
std::string repo_dir();   // $PORTAL_TEST_REPO
// Runs a shell command, returns its standard output (and its exit status in `status`).
std::string shell(const std::string& command, int* status = nullptr);
// The pids of the worker processes of one page program (children of its multiwatch).
std::vector<int> workers(const std::string& program);
// The error page's "Reference: <code>…</code>" request id.
std::string reference_of(const Reply& r);

}  // namespace itest
