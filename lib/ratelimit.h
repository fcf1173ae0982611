// Rate limits on anything that sends a message or checks a secret: fixed-window counters in
// PostgreSQL, so every worker process of every program shares them.
#pragma once

#include <pqxx/pqxx>
#include <string>

namespace portal {

struct Limit {
    const char* name;  // for the log: "link per address"
    int max;           // events allowed in one window
    int window_seconds;
};

// Counts one event for `key` under `limit`; returns the count in this window, this one included.
int count_event(pqxx::transaction_base& tx, const Limit& limit, const std::string& key);
// Counts one event; true while the count stays within the limit.
bool allow(pqxx::transaction_base& tx, const Limit& limit, const std::string& key);
// Whether `key` has already reached `limit` in the current window (counts nothing).
bool exhausted(pqxx::transaction_base& tx, const Limit& limit, const std::string& key);
// A counter key that names no person: "<kind>:<sha256 hex of the parts>".
std::string limit_key(const char* kind, const std::string& parts);

}  // namespace portal
