// Rate limits on anything that sends a message or checks a secret: fixed-window counters in
// PostgreSQL, so every worker process of every program shares them.
#include "ratelimit.h"

#include "db.h"
#include "tokens.h"

namespace portal {

namespace {
// The window an event falls in: now() rounded down to a multiple of the window length.
#define WINDOW_START "to_timestamp(floor(extract(epoch from now()) / $2) * $2)"

const Statement kCount{"ratelimit_count",
                       "INSERT INTO rate_limits AS r (key, window_start, count)"
                       " VALUES ($1, " WINDOW_START
                       ", 1)"
                       " ON CONFLICT (key, window_start) DO UPDATE SET count = r.count + 1"
                       " RETURNING count"};
const Statement kPeek{"ratelimit_peek",
                      "SELECT coalesce(max(count), 0) FROM rate_limits"
                      " WHERE key = $1 AND window_start = " WINDOW_START};
// Old windows are swept now and then by the requests themselves; no extra job to run.
const Statement kSweep{"ratelimit_sweep",
                       "DELETE FROM rate_limits WHERE window_start < now() - interval '1 day'"};
#undef WINDOW_START
}  // namespace

int count_event(pqxx::transaction_base& tx, const Limit& limit, const std::string& key) {
    std::string full = std::string(limit.name) + "|" + key;
    int count = tx.exec_prepared(kCount.name, full, limit.window_seconds)[0][0].as<int>();
    if (count == 1 && random_code()[5] == '0') tx.exec_prepared(kSweep.name);
    return count;
}

bool allow(pqxx::transaction_base& tx, const Limit& limit, const std::string& key) {
    return count_event(tx, limit, key) <= limit.max;
}

bool exhausted(pqxx::transaction_base& tx, const Limit& limit, const std::string& key) {
    std::string full = std::string(limit.name) + "|" + key;
    return tx.exec_prepared(kPeek.name, full, limit.window_seconds)[0][0].as<int>() >= limit.max;
}

std::string limit_key(const char* kind, const std::string& parts) {
    return std::string(kind) + ":" + hex(sha256(parts)).substr(0, 32);
}

}  // namespace portal
