// Helpers of the mailer tests: child processes, an SMTP sink, a gateway, a private database.
#include "mailer_helpers.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "client.h"

namespace mtest {

namespace fs = std::filesystem;

Process::Process(std::vector<std::string> argv, std::map<std::string, std::string> env,
                 std::string log)
    : log_(std::move(log)) {
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        // Never outlive the test run, whatever happens to it.
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        int out = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        int in = ::open("/dev/null", O_RDONLY);
        if (out >= 0) {
            ::dup2(out, 1);
            ::dup2(out, 2);
        }
        if (in >= 0) ::dup2(in, 0);
        for (const auto& e : env) ::setenv(e.first.c_str(), e.second.c_str(), 1);
        std::vector<char*> args;
        for (auto& a : argv) args.push_back(a.data());
        args.push_back(nullptr);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
}

Process::~Process() {
    if (!running()) return;
    kill(SIGTERM);
    if (wait(3) == -1 && running()) {
        kill(SIGKILL);
        wait(3);
    }
}

bool Process::running() {
    if (pid_ <= 0) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        pid_ = 0;
        return false;
    }
    return true;
}

void Process::kill(int signal) {
    if (pid_ > 0) ::kill(pid_, signal);
}

int Process::wait(double seconds) {
    auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (running()) {
        if (std::chrono::steady_clock::now() > until) return -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return status_;
}

std::string Process::output() const {
    return read_file(log_);
}

TempDir::TempDir() {
    char tmpl[] = "/tmp/portal-mailer-test.XXXXXX";
    if (!::mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
    ::chmod(path_.c_str(), 0755);  // readable by the stack's owner too
}

TempDir::~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
}

int free_port() {
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
        ::close(s);
        throw std::runtime_error("cannot find a free port");
    }
    ::close(s);
    return ntohs(a.sin_port);
}

bool wait_until(const std::function<bool()>& ready, double seconds) {
    auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (!ready()) {
        if (std::chrono::steady_clock::now() > until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

std::vector<std::string> files_in(const std::string& dir, const std::string& suffix) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        std::string name = e.path().filename().string();
        if (name.size() >= suffix.size() &&
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0 && name[0] != '.')
            out.push_back(e.path().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

namespace {
std::unique_ptr<Process> start_script(const char* script, int port, const std::string& dir,
                                      const std::vector<std::string>& options) {
    std::vector<std::string> argv = {"/usr/bin/python3",
                                     itest::repo_dir() + "/tests/integration/" + script,
                                     "--port",
                                     std::to_string(port),
                                     "--dir",
                                     dir};
    argv.insert(argv.end(), options.begin(), options.end());
    auto p =
        std::make_unique<Process>(argv, std::map<std::string, std::string>{}, dir + "/server.out");
    if (!wait_until([&] { return fs::exists(dir + "/ready") || !p->running(); }, 10) ||
        !fs::exists(dir + "/ready"))
        throw std::runtime_error(std::string(script) + " did not start: " + p->output());
    return p;
}

std::vector<std::string> lines(const std::string& path) {
    std::vector<std::string> out;
    std::istringstream in(read_file(path));
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) out.push_back(line);
    return out;
}
}  // namespace

SmtpSink::SmtpSink(int port, std::vector<std::string> options)
    : process_(start_script("mailer_smtp_sink.py", port, dir_.path(), options)) {}

std::vector<std::string> SmtpSink::messages() const {
    std::vector<std::string> out;
    for (const auto& f : files_in(dir_.path(), ".eml")) out.push_back(read_file(f));
    return out;
}

std::vector<std::string> SmtpSink::envelopes() const {
    return lines(dir_.path() + "/envelopes.log");
}

int SmtpSink::sessions() const {
    return static_cast<int>(lines(dir_.path() + "/sessions.log").size());
}

bool SmtpSink::wait_for(size_t count, double seconds) const {
    return wait_until([&] { return files_in(dir_.path(), ".eml").size() >= count; }, seconds);
}

Gateway::Gateway(int port, std::vector<std::string> options)
    : process_(start_script("mailer_gateway.py", port, dir_.path(), options)) {}

std::vector<std::string> Gateway::requests() const {
    std::vector<std::string> out;
    for (const auto& f : files_in(dir_.path(), ".req")) out.push_back(read_file(f));
    return out;
}

bool Gateway::wait_for(size_t count, double seconds) const {
    return wait_until([&] { return files_in(dir_.path(), ".req").size() >= count; }, seconds);
}

PrivateDb::PrivateDb() {
    std::string stack = itest::stack_dir();
    name_ = "portal_mailer_test_" + std::to_string(::getpid());
    std::string server = "host=" + stack + "/run/pg user=portal";
    conninfo_ = server + " dbname=" + name_;
    {
        pqxx::connection c(server + " dbname=postgres");
        pqxx::nontransaction tx(c);
        tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
        tx.exec("CREATE DATABASE " + tx.quote_name(name_));
    }
    // The schema and the demo garages, by the same commands a sysadmin uses.
    std::string conf = config({});
    int status = -1;
    std::string out =
        itest::shell("PORTAL_CONF='" + conf + "' '" + itest::repo_dir() +
                         "/build/sbin/portalctl' migrate 2>&1 && PORTAL_CONF='" + conf + "' '" +
                         itest::repo_dir() + "/build/sbin/portalctl' demo 2>&1",
                     &status);
    if (status != 0) throw std::runtime_error("cannot set up the mailer test database: " + out);
}

PrivateDb::~PrivateDb() {
    try {
        pqxx::connection c("host=" + itest::stack_dir() + "/run/pg user=portal dbname=postgres");
        pqxx::nontransaction tx(c);
        tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
    } catch (...) {
    }
}

std::string PrivateDb::config(const std::map<std::string, std::string>& overrides) const {
    std::map<std::string, std::string> all = overrides;
    all.emplace("db", conninfo_);
    all.emplace("branding_dir", dir_.path() + "/branding");
    std::string text;
    std::istringstream in(read_file(itest::stack_dir() + "/portal.conf"));
    std::string line;
    while (std::getline(in, line)) {
        std::string key = line.substr(0, line.find('='));
        key.erase(std::remove(key.begin(), key.end(), ' '), key.end());
        if (!all.count(key)) text += line + "\n";
    }
    for (const auto& kv : all) text += kv.first + " = " + kv.second + "\n";
    static int serial = 0;
    std::string path = dir_.path() + "/portal-" + std::to_string(++serial) + ".conf";
    std::ofstream(path) << text;
    return path;
}

std::vector<std::string> PrivateDb::query(const std::string& sql) const {
    pqxx::connection c(conninfo_);
    pqxx::nontransaction tx(c);
    std::vector<std::string> out;
    for (const auto& row : tx.exec(sql)) out.push_back(row[0].is_null() ? "" : row[0].c_str());
    return out;
}

std::string PrivateDb::value(const std::string& sql) const {
    auto rows = query(sql);
    return rows.empty() ? "" : rows[0];
}

std::string header_of(const std::string& raw, const std::string& name) {
    std::string head = "\r\n" + raw.substr(0, raw.find("\r\n\r\n"));
    size_t at = head.find("\r\n" + name + ": ");
    if (at == std::string::npos) return "";
    at += name.size() + 4;
    return head.substr(at, head.find("\r\n", at) - at);
}

std::string message_id_of(const std::string& raw) {
    return header_of(raw, "Message-ID");
}

}  // namespace mtest
