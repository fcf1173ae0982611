// The plan check (issue 16): every named statement of every page program, EXPLAINed on a
// database bigger than the demo, must cost what the customer's own data costs: no Seq Scan of a
// big table, no Sort of many rows. The database is made here (bench/scale-customers.sql and
// bench/scale-bulk.sql, the scale benchmark's own data, at a few seconds' size) and the
// statements come from the page programs themselves (PORTAL_LIST_STATEMENTS), so a new page's
// statement is checked as soon as it exists; it fails until it has its parameters below.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <pqxx/pqxx>
#include <sstream>

#include "client.h"
#include "mailer_helpers.h"

namespace {

// Each statement's parameters, in order. {name} is a value of the generated data (see
// `customer_values()` below): the heavy customer harry@fleet.example, his first active job and
// its quote.
const std::map<std::string, std::vector<std::string>> kParameters = {
    {"consents_known", {"offers"}},
    {"consents_last_change", {"{garage}", "{customer}", "{tz}"}},
    {"consents_load", {"{garage}", "{customer}"}},
    {"consents_set", {"{garage}", "{customer}", "offers", "t", "portal", "127.0.0.1", "{session}"}},
    {"conversation_add_attachment", {"{message}", "messages/x.jpg", "x.jpg", "image/jpeg", "100"}},
    {"conversation_add_message", {"{garage}", "{conversation}", "portal", "customer", "", "Hi"}},
    {"conversation_find", {"{garage}", "{customer}", "{conversation}"}},
    {"conversation_find_attachment", {"{garage}", "{customer}", "{conversation}", "1"}},
    {"conversation_mark_read", {"{garage}", "{conversation}"}},
    {"conversation_open_for_job", {"{garage}", "{customer}", "{job}", "About", "portal"}},
    {"conversation_open_general", {"{garage}", "{customer}", "General", "portal"}},
    {"customer_by_email", {"{garage}", "{email}"}},
    {"customer_by_id", {"{garage}", "{customer}"}},
    {"db_ping", {}},
    {"garage_by_custom_domain", {"portal.fleet-motors.example"}},
    {"garage_by_subdomain", {"fleet"}},
    {"home_dismiss_strip", {"{garage}", "{customer}"}},
    {"home_page", {"{token}", "{garage}", "{tz}"}},
    {"invoice_head", {"{garage}", "{customer}", "{invoice_number}", "{tz}"}},
    {"invoice_lines", {"{garage}", "{customer}", "{invoice}"}},
    {"invoice_payments", {"{garage}", "{customer}", "{invoice}", "{tz}"}},
    {"invoices_older", {"{garage}", "{customer}", "{tz}", "21", "{invoice_number}"}},
    {"invoices_with_session", {"{token}", "{garage}", "{tz}"}},
    {"job_page", {"{garage}", "{customer}", "{tz}", "{reference}"}},
    {"messages_active_jobs", {"{garage}", "{customer}"}},
    {"messages_job_conversation", {"{garage}", "{customer}", "{reference}"}},
    {"messages_list", {"{garage}", "{customer}", "{tz}", "21"}},
    {"messages_list_version", {"{garage}", "{customer}"}},
    {"messages_thread", {"{garage}", "{conversation}", "{tz}", "30", "0"}},
    {"outbox_enqueue",
     {"{garage}", "email", "{email}", "Hi", "Hi", "", "test", "900", "f", "t", "{customer}",
      "offers", "", ""}},
    {"outbox_suppressed", {"1"}},
    {"password_current_hash", {"{garage}", "{customer}"}},
    {"password_store", {"{garage}", "{customer}", "hash"}},
    {"privacy_end_device", {"{garage}", "{customer}", "1", "{session}"}},
    {"privacy_lock_settings", {"{garage}", "{customer}"}},
    {"privacy_page", {"{token}", "{garage}", "{tz}"}},
    {"privacy_set_alerts", {"{garage}", "{customer}", "t", "f"}},
    {"privacy_set_tier", {"{garage}", "{customer}", "RESTRICTED"}},
    {"profile_save_salutation", {"{garage}", "{customer}", "full_name", "Mr"}},
    {"quote_decide", {"{quote}", "127.0.0.1", "{session}"}},
    {"quote_decide_line", {"{quote}", "{line}", "approved"}},
    {"quote_head", {"{garage}", "{customer}", "{quote}", "{tz}"}},
    {"quote_head_locked", {"{garage}", "{customer}", "{quote}", "{tz}"}},
    {"quote_lines", {"{garage}", "{quote}", "{tz}"}},
    {"quote_parts", {"{quote}"}},
    {"quote_photo_path", {"{garage}", "{customer}", "{quote}", "1"}},
    {"quote_photos", {"{quote}"}},
    {"quote_withdraw", {"{garage}", "{quote}"}},
    {"quote_withdraw_for_job", {"{garage}", "{job}"}},
    {"ratelimit_count", {"link:addr:x", "900"}},
    {"ratelimit_peek", {"link:addr:x", "900"}},
    {"ratelimit_sweep", {}},
    {"session_end", {"{session}", "{garage}"}},
    {"session_end_others", {"{garage}", "{customer}", "{session}"}},
    {"session_load", {"{token}", "{garage}"}},
    // A token hash no session has: the statement timing case runs the insert (rolled back).
    {"session_start",
     {"{garage}", "{customer}", "5e555e555e555e555e555e555e555e555e555e555e555e555e555e555e555e55",
      "3600", "code", "127.0.0.1", "ua"}},
    {"session_sweep", {"{garage}", "{customer}"}},
    {"session_touch", {"{session}"}},
    {"token_code_attempt", {"{garage}", "{token}"}},
    {"token_consume", {"{token}", "{garage}"}},
    {"token_consume_by_id", {"{token_id}"}},
    {"token_issue", {"{garage}", "{customer}", "magic_link", "{token}", "", "/", "", "900"}},
    {"token_peek", {"{token}", "{garage}", ""}},
    {"token_retire_all", {"{garage}", "{customer}"}},
    {"token_retire_others", {"{garage}", "{customer}", "magic_link"}},
    {"unsubscribe_issue", {"{garage}", "{customer}", "offers", "{token}", "3600"}},
    {"unsubscribe_peek", {"{garage}", "{token}"}},
    {"unsubscribe_use", {"{garage}", "{token}"}},
    {"voice_pin_store", {"{garage}", "{customer}", "hash"}},
    {"work_order_add_history", {"{garage}", "{job}", "note"}},
    {"work_order_set_status", {"{garage}", "{job}", "ready", "Ready", ""}},
};

// A table with at least this many rows in the generated database is big: a Seq Scan of it
// grows with everyone's data. Sorting or reading more rows than kManyRows is more than a
// customer's own list shows at once: a page shows the newest few (with a Limit) and a way to
// see more.
constexpr double kBigTable = 1000;
constexpr double kManyRows = 1000;
// bench/scale-bulk.sql's SCALE: 3,000 customers, 30,000 jobs, 90,000 history rows.
const char* const kScale = "0.3";

// Every page program's statements, by name (the library's appear in several programs).
std::map<std::string, std::string> page_statements() {
    std::map<std::string, std::string> all;
    for (const auto& page : std::filesystem::directory_iterator(itest::repo_dir() + "/cgi-bin")) {
        std::string name = page.path().stem();
        std::string out = itest::shell("PORTAL_LIST_STATEMENTS=1 '" + itest::repo_dir() +
                                       "/build/cgi-bin/" + name + "'");
        if (out.empty()) throw std::runtime_error("no statements from build/cgi-bin/" + name);
        std::istringstream in(out);
        std::string statement, sql;
        while (std::getline(in, statement, '\0') && std::getline(in, sql, '\0'))
            all[statement] = sql;
    }
    return all;
}

// The values a customer's statements are called with: fleet's customer `email`, a session of
// theirs (made here, its token's hash is {token}), their first job with an awaiting quote, its
// quote's first line, their newest conversation, message and invoice (0 and "" when they have
// none: the plan is the same).
std::map<std::string, std::string> customer_values(pqxx::connection& conn,
                                                   const std::string& email) {
    std::map<std::string, std::string> values;
    pqxx::nontransaction tx(conn);
    const std::string token = "plan check " + email;
    tx.exec_params(
        "INSERT INTO sessions (garage_id, customer_id, token_hash, expires_at, auth_method)"
        " SELECT garage_id, id, sha256(convert_to($2, 'UTF8')), now() + interval '1 day', 'code'"
        " FROM customers WHERE email = $1 AND NOT EXISTS (SELECT 1 FROM sessions"
        "  WHERE token_hash = sha256(convert_to($2, 'UTF8')))",
        email, token);
    pqxx::row r = tx.exec_params1(
        "SELECT c.garage_id, c.id, c.email, w.id, w.reference, q.id, l.id, s.id,"
        " encode(s.token_hash, 'hex'), g.timezone"
        " FROM customers c JOIN garages g ON g.id = c.garage_id"
        " JOIN sessions s ON s.garage_id = c.garage_id AND s.customer_id = c.id"
        " JOIN quotes q ON q.garage_id = c.garage_id AND q.status = 'awaiting'"
        " JOIN work_orders w ON w.garage_id = q.garage_id AND w.id = q.work_order_id"
        "  AND w.customer_id = c.id"
        " JOIN quote_lines l ON l.quote_id = q.id AND l.position = 1"
        " WHERE c.email = $1 AND s.token_hash = sha256(convert_to($2, 'UTF8'))"
        " ORDER BY w.id LIMIT 1",
        email, token);
    const char* names[] = {"garage", "customer", "email",   "job",   "reference",
                           "quote",  "line",     "session", "token", "tz"};
    for (int i = 0; i < 10; ++i) values[names[i]] = r[i].as<std::string>();
    values["token_id"] = tx.exec1("SELECT max(id) FROM auth_tokens")[0].as<std::string>();
    pqxx::row more = tx.exec_params1(
        "SELECT coalesce((SELECT max(id) FROM conversations WHERE garage_id = $1"
        "  AND customer_id = $2), 0),"
        " coalesce((SELECT max(m.id) FROM messages m JOIN conversations cv"
        "  ON cv.garage_id = m.garage_id AND cv.id = m.conversation_id"
        "  WHERE cv.garage_id = $1 AND cv.customer_id = $2), 0),"
        " coalesce((SELECT max(id) FROM invoices WHERE garage_id = $1 AND customer_id = $2), 0)",
        values["garage"], values["customer"]);
    values["conversation"] = more[0].as<std::string>();
    values["message"] = more[1].as<std::string>();
    values["invoice"] = more[2].as<std::string>();
    pqxx::result number =
        tx.exec_params("SELECT number FROM invoices WHERE id = $1", values["invoice"]);
    values["invoice_number"] = number.empty() ? "" : number[0][0].as<std::string>();
    return values;
}

// `parameter` with its {name} replaced by `values`' value.
std::string value_of(const std::map<std::string, std::string>& values,
                     const std::string& parameter) {
    if (parameter.size() > 2 && parameter.front() == '{' && parameter.back() == '}')
        return values.at(parameter.substr(1, parameter.size() - 2));
    return parameter;
}

// "EXECUTE name(values...)": the prepared statement `name` called with its kParameters.
std::string execute_call(pqxx::transaction_base& tx, const std::string& name,
                         const std::map<std::string, std::string>& values) {
    std::string call = "EXECUTE " + tx.quote_name(name);
    std::string list;
    for (const std::string& p : kParameters.at(name))
        list += (list.empty() ? "" : ", ") + tx.quote(value_of(values, p));
    return list.empty() ? call : call + "(" + list + ")";
}

// The generated database: the demo, fleet's customers and the bulk, analysed; the heavy
// customer harry@fleet.example's values.
struct BigDb {
    mtest::PrivateDb db;
    pqxx::connection conn{db.conninfo()};
    std::map<std::string, std::string> values;

    BigDb() {
        {
            pqxx::work tx(conn);
            tx.exec(mtest::read_file(itest::repo_dir() + "/bench/scale-customers.sql"));
            tx.exec(std::string("SET LOCAL bench.scale = '") + kScale + "'");
            tx.exec(mtest::read_file(itest::repo_dir() + "/bench/scale-bulk.sql"));
            tx.commit();
        }
        pqxx::nontransaction(conn).exec("ANALYZE");
        values = customer_values(conn, "harry@fleet.example");
    }
};

// What is wrong with the plan (EXPLAIN's JSON) of one statement, or "": a Seq Scan of a big
// table; a Sort of many rows; a scan expected to read many rows of a big table when no Limit
// above it stops early (the approval figure that read every garage's decisions on a fix).
std::string plan_problems(pqxx::transaction_base& tx, const std::string& plan) {
    std::string problems;
    pqxx::result nodes = tx.exec_params(
        "WITH RECURSIVE node (n, limited) AS ("
        "  SELECT $1::jsonb -> 0 -> 'Plan', false"
        "  UNION ALL SELECT child, limited OR n->>'Node Type' = 'Limit'"
        "  FROM node, jsonb_array_elements(n -> 'Plans') child)"
        " SELECT n->>'Node Type', coalesce(n->>'Relation Name', ''), (n->>'Plan Rows')::float8,"
        " coalesce((SELECT c.reltuples FROM pg_class c WHERE c.relname = n->>'Relation Name'"
        "  AND c.relnamespace = 'public'::regnamespace), 0), limited"
        " FROM node",
        plan);
    for (const auto& n : nodes) {
        std::string type = n[0].as<std::string>(), table = n[1].as<std::string>();
        double rows = n[2].as<double>(), table_rows = n[3].as<double>();
        bool limited = n[4].as<bool>();
        std::string what = " " + type + (table.empty() ? "" : " on " + table) + " (" +
                           std::to_string(long(rows)) + " rows of " +
                           std::to_string(long(table_rows)) + ");";
        if (type.find("Seq Scan") != std::string::npos && table_rows >= kBigTable)
            problems += what;
        else if (type.find("Sort") != std::string::npos && rows >= kManyRows)
            problems += what;
        else if (!table.empty() && table_rows >= kBigTable && rows >= kManyRows && !limited)
            problems += what;
    }
    return problems;
}

// The median "Execution Time" of five `EXPLAIN (ANALYZE)` runs of `call` under plan_cache_mode
// `mode`, in milliseconds. Each run is a transaction rolled back after, so a statement that
// writes is timed as it runs and leaves the database as it was.
double median_execution_ms(pqxx::connection& conn, const char* mode, const std::string& call) {
    std::vector<double> times;
    for (int run = 0; run < 5; ++run) {
        pqxx::work tx(conn);
        tx.exec("SET LOCAL jit = off");
        tx.exec(std::string("SET LOCAL plan_cache_mode = ") + mode);
        for (const auto& line : tx.exec("EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON) " + call)) {
            std::string text = line[0].as<std::string>();
            if (text.rfind("Execution Time: ", 0) == 0) times.push_back(std::stod(text.substr(16)));
        }
        tx.abort();
    }
    if (times.empty()) throw std::runtime_error("no Execution Time for " + call);
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

}  // namespace

BOOST_AUTO_TEST_SUITE(plans)

BOOST_AUTO_TEST_CASE(every_page_statement_costs_what_the_customers_own_data_costs) {
    std::map<std::string, std::string> statements = page_statements();
    BOOST_TEST_REQUIRE(statements.count("home_page") == 1u);  // the listing works
    BigDb big;
    pqxx::nontransaction tx(big.conn);
    tx.exec("SET jit = off");
    for (const auto& [name, sql] : statements) {
        auto parameters = kParameters.find(name);
        if (parameters == kParameters.end()) {
            BOOST_ERROR("statement " << name
                                     << " has no parameters in tests/integration/plans_test.cc:"
                                        " add its line to kParameters");
            continue;
        }
        // A wrong parameter list is this statement's failure, not the end of the check.
        try {
            tx.exec("PREPARE " + tx.quote_name(name) + " AS " + sql);
            std::string call = execute_call(tx, name, big.values);
            // The plan for these values, and the generic plan PostgreSQL may switch to after five
            // executions of a prepared statement.
            for (const char* mode : {"force_custom_plan", "force_generic_plan"}) {
                tx.exec(std::string("SET plan_cache_mode = ") + mode);
                std::string plan = tx.exec1("EXPLAIN (FORMAT JSON) " + call)[0].as<std::string>();
                std::string problems = plan_problems(tx, plan);
                BOOST_TEST(problems.empty(),
                           "statement " << name << " (" << mode << "):" << problems);
            }
        } catch (const pqxx::sql_error& e) {
            BOOST_ERROR("statement " << name << ": " << e.what());
        }
    }
    for (const auto& [name, parameters] : kParameters)
        BOOST_TEST(statements.count(name) == 1u,
                   "kParameters names " << name << ", which no page program has");
}

BOOST_AUTO_TEST_SUITE_END()

// A suite of its own, so that running the plan check by name (--run_test=plans) leaves it out.
BOOST_AUTO_TEST_SUITE(statement_times)

// Not part of `make test` (disabled; no timing assertions in tests): `make bench-scale` runs it
// by name on its big database (bench/scale.sh, PORTAL_PLAN_TIMES_DB) and records what it prints.
// Every page statement, EXPLAIN ANALYZEd for the ordinary and the heavy customer with the plan for
// their values (custom) and the one PostgreSQL may keep after five executions (generic): the plan
// check above finds a plan that reads a big table; this finds one that reads a customer's whole
// list where the page shows a few rows (how `messages_list` was found).
BOOST_AUTO_TEST_CASE(on_the_scale_benchmarks_database, *boost::unit_test::disabled()) {
    const char* conninfo = std::getenv("PORTAL_PLAN_TIMES_DB");
    BOOST_TEST_REQUIRE(conninfo != nullptr, "PORTAL_PLAN_TIMES_DB is not set (bench/scale.sh)");
    pqxx::connection conn(conninfo);
    const std::vector<std::string> customers = {"olive@fleet.example", "harry@fleet.example"};
    std::vector<std::map<std::string, std::string>> values;
    for (const auto& email : customers) values.push_back(customer_values(conn, email));
    std::ostringstream table;
    std::string failed;
    int quick = 0;
    double slowest_quick = 0;
    for (const auto& [name, sql] : page_statements()) {
        if (kParameters.count(name) == 0) continue;  // the plan check names it
        std::vector<std::string> calls;
        {
            pqxx::nontransaction tx(conn);
            tx.exec("PREPARE " + tx.quote_name(name) + " AS " + sql);
            for (const auto& v : values) calls.push_back(execute_call(tx, name, v));
        }
        std::vector<double> ms;  // custom, generic for each customer
        try {
            for (const auto& call : calls)
                for (const char* mode : {"force_custom_plan", "force_generic_plan"})
                    ms.push_back(median_execution_ms(conn, mode, call));
        } catch (const pqxx::sql_error& e) {  // a write these values break (a key already taken)
            failed += (failed.empty() ? "" : ", ") + name;
            std::cerr << name << ": " << e.what();
        }
        pqxx::nontransaction(conn).exec("DEALLOCATE " + conn.quote_name(name));
        if (ms.size() != 4) continue;
        double slowest = *std::max_element(ms.begin(), ms.end());
        if (slowest < 0.5) {
            ++quick;
            slowest_quick = std::max(slowest_quick, slowest);
            continue;
        }
        char row[200];
        std::snprintf(row, sizeof row, "| `%s` | %.2f / %.2f ms | %.2f / %.2f ms |\n", name.c_str(),
                      ms[0], ms[1], ms[2], ms[3]);
        table << row;
    }
    std::cout << "| statement | Olive custom / generic | Harry custom / generic |\n"
              << "|---|---:|---:|\n"
              << table.str() << "\nThe other " << quick
              << " statements: every figure under 0.5 ms (the slowest " << std::fixed
              << std::setprecision(2) << slowest_quick << " ms)."
              << (failed.empty() ? "" : " Not timed (these values break them): " + failed + ".")
              << "\n";
}

BOOST_AUTO_TEST_SUITE_END()
