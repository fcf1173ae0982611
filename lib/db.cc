// Database access: one libpq connection per request thread, named prepared statements, reconnect.
#include "db.h"

#include <poll.h>

#include <vector>

namespace portal {

namespace {
std::vector<const Statement*>& registry() {
    static std::vector<const Statement*> statements;
    return statements;
}
}  // namespace

Statement::Statement(const char* name, std::string sql) : name(name), sql(std::move(sql)) {
    registry().push_back(this);
}

const std::vector<const Statement*>& registered_statements() {
    return registry();
}

void prepare_statements(pqxx::connection& conn) {
    // Registration is local; libpqxx sends each statement to the server on its first use.
    for (const Statement* s : registry()) conn.prepare(s->name, s->sql);
}

namespace {
// An idle connection has nothing to read. If its socket is readable, the server has said goodbye
// (a shutdown or restart sends "terminating connection") or hung up: don't use it. One
// zero-timeout poll(2), so every request can afford it.
bool server_hung_up(pqxx::connection& conn) {
    pollfd p{conn.sock(), POLLIN, 0};
    return p.fd < 0 || ::poll(&p, 1, 0) != 0;
}
}  // namespace

pqxx::connection& Db::conn() {
    auto now = std::chrono::steady_clock::now();
    if (conn_ && (!conn_->is_open() || server_hung_up(*conn_))) conn_.reset();
    // A connection that sat idle may have outlived a database restart: ask before trusting it,
    // so the customer's request doesn't fail once per worker after routine maintenance.
    if (conn_ && now - last_used_ > std::chrono::seconds(5)) {
        try {
            pqxx::nontransaction(*conn_).exec("SELECT 1");
        } catch (const pqxx::broken_connection&) {
            conn_.reset();
        }
    }
    last_used_ = now;
    if (!conn_) {
        auto fresh = std::make_unique<pqxx::connection>(conninfo_);
        // No JIT: the portal runs short statements, and on a big database a plan's estimated
        // cost crosses jit_above_cost while the statement still takes milliseconds; compiling
        // it then took 26 of a 29 ms statement (issue 16).
        pqxx::nontransaction(*fresh).exec("SET jit = off");
        prepare_statements(*fresh);
        conn_ = std::move(fresh);
    }
    return *conn_;
}

pqxx::row one_row(const pqxx::result& r, const char* message) {
    if (r.size() == 1) return r[0];
    if (r.empty()) throw NotFound(message);
    throw std::logic_error(std::string("expected one row (") + message + "), got " +
                           std::to_string(r.size()));
}

static const Statement kPing{"db_ping", "SELECT 1"};

bool db_reachable(Db& db) {
    try {
        pqxx::nontransaction tx(db.conn());
        tx.exec_prepared(kPing.name);
        return true;
    } catch (const pqxx::broken_connection&) {
        db.drop();
        return false;
    }
}

}  // namespace portal
