// A small HTTP client (libcurl) and stack helpers for the integration tests.
#include "client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace itest {

namespace {
std::string env(const char* name) {
    const char* v = std::getenv(name);
    if (!v || !*v) throw std::runtime_error(std::string(name) + " is not set (run via make test)");
    return v;
}

size_t on_body(char* data, size_t size, size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
}

size_t on_header(char* data, size_t size, size_t n, void* out) {
    std::string line(data, size * n);
    size_t colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(), ::tolower);
        std::string value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
        while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
        static_cast<Reply*>(out)->headers.emplace(name, value);
    }
    return size * n;
}
}  // namespace

std::string Reply::header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
}

Reply http(const Call& call) {
    CURL* curl = curl_easy_init();
    if (!curl) throw std::runtime_error("curl_easy_init failed");
    Reply reply;
    std::string url = "http://127.0.0.1:" + env("PORTAL_TEST_PORT") + call.path;
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, ("Host: " + call.host).c_str());
    for (const auto& h : call.headers) headers = curl_slist_append(headers, h.c_str());
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, call.method.c_str());
    if (call.method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    if (!call.body.empty() || call.method == "POST") {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, call.body.c_str());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(call.body.size()));
    }
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &reply);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
    CURLcode rc = curl_easy_perform(curl);
    if (rc == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) throw std::runtime_error(std::string("curl: ") + curl_easy_strerror(rc));
    return reply;
}

Reply get(const std::string& host, const std::string& path) {
    Call c;
    c.host = host;
    c.path = path;
    return http(c);
}

std::string stack_dir() { return env("PORTAL_TEST_VAR"); }
std::string repo_dir() { return env("PORTAL_TEST_REPO"); }

std::string shell(const std::string& command, int* status) {
    std::string out;
    FILE* p = ::popen(command.c_str(), "r");
    if (!p) throw std::runtime_error("popen failed");
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    int rc = ::pclose(p);
    if (status) *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    return out;
}

std::vector<int> workers(const std::string& program) {
    std::string out =
        shell("pgrep -P \"$(cat '" + stack_dir() + "/run/" + program + ".pid')\" | sort -n");
    std::vector<int> pids;
    std::istringstream in(out);
    int pid;
    while (in >> pid) pids.push_back(pid);
    return pids;
}

std::string reference_of(const Reply& r) {
    size_t at = r.body.find("Reference: <code>");
    if (at == std::string::npos) return "";
    at += 17;
    return r.body.substr(at, r.body.find('<', at) - at);
}

}  // namespace itest
