// Logging: one line per request and one per notable event, on stderr (the worker's log file).
#pragma once

#include <string_view>

namespace portal {

// "2026-11-25T16:41:55Z <program> garage=smiths GET /login 200 0.41ms rid=…" and, if given,
// ` detail="…"`. Control characters and quotes in any part are escaped.
void log_request(std::string_view program, std::string_view garage, std::string_view method,
                 std::string_view path, int status, double ms, std::string_view request_id,
                 std::string_view detail = {});

// A line that is not a request: start-up, rate limits, failures outside a request.
void log_event(std::string_view program, std::string_view message);

}  // namespace portal
