// A small HTTP client (libcurl) and stack helpers for the integration tests.
#include "client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
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
    if (!call.source_ip.empty())
        curl_easy_setopt(curl, CURLOPT_INTERFACE, ("host!" + call.source_ip).c_str());
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

Browser::Browser(std::string host) : host_(std::move(host)) {
    static std::mt19937 rng{std::random_device{}()};
    ip_ = "127." + std::to_string(rng() % 250 + 1) + "." + std::to_string(rng() % 250 + 1) + "." +
          std::to_string(rng() % 250 + 1);
}

Reply Browser::send(Call call) {
    call.host = host_;
    call.source_ip = ip_;
    if (!cookies_.empty()) {
        std::string header = "Cookie: ";
        for (const auto& [name, value] : cookies_) header += name + "=" + value + "; ";
        call.headers.push_back(header);
    }
    Reply r = http(call);
    auto range = r.headers.equal_range("set-cookie");
    for (auto it = range.first; it != range.second; ++it) {
        const std::string& line = it->second;
        size_t eq = line.find('='), semi = line.find(';');
        std::string name = line.substr(0, eq), value = line.substr(eq + 1, semi - eq - 1);
        if (line.find("Max-Age=0") != std::string::npos)
            cookies_.erase(name);
        else
            cookies_[name] = value;
    }
    std::string token = form_value(r.body, "csrf");
    if (!token.empty()) csrf_ = token;
    return r;
}

Reply Browser::get(const std::string& path) {
    Call c;
    c.path = path;
    return send(c);
}

Reply Browser::post(const std::string& path, const std::string& form, const char* csrf) {
    Call c;
    c.method = "POST";
    c.path = path;
    std::string token = csrf ? csrf : csrf_;
    c.body = form;
    if (!token.empty() || csrf) c.body += std::string(form.empty() ? "" : "&") + "csrf=" + token;
    c.headers = {"Content-Type: application/x-www-form-urlencoded"};
    return send(c);
}

std::string Browser::cookie(const std::string& name) const {
    auto it = cookies_.find(name);
    return it == cookies_.end() ? "" : it->second;
}

std::string form_value(const std::string& body, const std::string& name) {
    std::string marker = "name=\"" + name + "\" value=\"";
    size_t at = body.find(marker);
    if (at == std::string::npos) return "";
    at += marker.size();
    return body.substr(at, body.find('"', at) - at);
}

std::string url_encode(const std::string& s) {
    std::string out;
    char buf[4];
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        }
    }
    return out;
}

std::string sql(const std::string& query) {
    std::string escaped;
    for (char c : query) {
        if (c == '\'')
            escaped += "'\\''";
        else
            escaped.push_back(c);
    }
    int status = 0;
    std::string out = shell("psql -X -q -h '" + stack_dir() +
                                "/run/pg' -U portal -d portal -tA -c '" + escaped + "' 2>&1",
                            &status);
    while (!out.empty() && out.back() == '\n') out.pop_back();
    if (status != 0) throw std::runtime_error("psql: " + out);
    return out;
}

std::string stack_dir() {
    return env("PORTAL_TEST_VAR");
}
std::string repo_dir() {
    return env("PORTAL_TEST_REPO");
}

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
