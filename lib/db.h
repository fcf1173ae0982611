// Database access: one libpq connection per request thread, named prepared statements, reconnect.
#pragma once

#include <chrono>
#include <memory>
#include <pqxx/pqxx>
#include <stdexcept>
#include <string>
#include <vector>

namespace portal {

// A named SQL statement. Define them at namespace scope next to the code that runs them; every
// one is prepared on each new connection, so a page never builds SQL from strings.
struct Statement {
    const char* name;
    std::string sql;
    Statement(const char* name, std::string sql);
};

// Every Statement of this program: its own and those of the library files it links (the plan
// check lists a page program's with PORTAL_LIST_STATEMENTS, see App::run).
const std::vector<const Statement*>& registered_statements();

// Registers every Statement with a new connection (for programs that hold their own connection).
void prepare_statements(pqxx::connection& conn);

class Db {
  public:
    explicit Db(std::string conninfo) : conninfo_(std::move(conninfo)) {}
    // The open connection, made on first use and after drop(). Throws pqxx::broken_connection
    // when PostgreSQL cannot be reached (the error boundary answers 503).
    pqxx::connection& conn();
    // Forgets a connection that broke so that the next request opens a fresh one.
    void drop() { conn_.reset(); }

  private:
    std::string conninfo_;
    std::unique_ptr<pqxx::connection> conn_;
    std::chrono::steady_clock::time_point last_used_;
};

// What a request asked for doesn't exist, or isn't the signed-in customer's: the one way to say
// "not found". The gate answers 404 with what() as the page's message ("We couldn't find that
// job."), naming nothing of anyone else's.
struct NotFound : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Exactly one row; NotFound(`message`) for none; std::logic_error for more.
pqxx::row one_row(const pqxx::result& r, const char* message);

// Whether PostgreSQL answers a trivial query now (healthz).
bool db_reachable(Db& db);

}  // namespace portal
