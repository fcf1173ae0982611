// Logging: one line per request and one per notable event, on stderr (the worker's log file).
#include "log.h"

#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <string>

namespace portal {

namespace {

void append_timestamp(std::string& out) {
    char buf[32];
    std::time_t now = std::time(nullptr);
    std::tm tm;
    gmtime_r(&now, &tm);
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    out += buf;
}

// Log lines are read by people and by grep: keep them on one line and unambiguous.
void append_clean(std::string& out, std::string_view s) {
    for (unsigned char c : s) {
        if (c < 0x20 || c == 0x7F) {
            char esc[8];
            std::snprintf(esc, sizeof esc, "\\x%02x", c);
            out += esc;
        } else if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else {
            out += static_cast<char>(c);
        }
    }
}

void emit(std::string& line) {
    line += '\n';
    // One write(2) per line, so lines of concurrent threads and processes never interleave.
    ssize_t ignored = ::write(2, line.data(), line.size());
    (void)ignored;
}

}  // namespace

void log_request(std::string_view program, std::string_view garage, std::string_view method,
                 std::string_view path, int status, double ms, std::string_view request_id,
                 std::string_view detail) {
    std::string line;
    line.reserve(160 + path.size() + detail.size());
    append_timestamp(line);
    line += ' ';
    append_clean(line, program);
    line += " garage=";
    append_clean(line, garage.empty() ? "-" : garage);
    line += ' ';
    append_clean(line, method);
    line += ' ';
    append_clean(line, path);
    char buf[64];
    std::snprintf(buf, sizeof buf, " %d %.2fms rid=", status, ms);
    line += buf;
    append_clean(line, request_id);
    if (!detail.empty()) {
        line += " detail=\"";
        append_clean(line, detail);
        line += '"';
    }
    emit(line);
}

void log_event(std::string_view program, std::string_view message) {
    std::string line;
    append_timestamp(line);
    line += ' ';
    append_clean(line, program);
    line += ' ';
    append_clean(line, message);
    emit(line);
}

}  // namespace portal
