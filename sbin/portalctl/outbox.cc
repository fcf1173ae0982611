// portalctl outbox list|retry: what portal-mailer sent, is sending, or gave up on; resend.
#include <iomanip>
#include <iostream>

#include "command.h"
#include "db.h"

namespace portalctl {

namespace {

const portal::Statement kListOutbox{
    "portalctl_list_outbox",
    "SELECT o.id, o.status, o.channel, coalesce(g.subdomain, '-'), o.recipient,"
    " coalesce(o.purpose, '-'), o.attempts,"
    " to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),"
    " coalesce(o.last_error, o.suppressed_reason, '')"
    " FROM outbox o LEFT JOIN garages g ON g.id = o.garage_id"
    " WHERE $1 = '' OR o.status = $1"
    " ORDER BY o.id DESC LIMIT $2"};
const portal::Statement kOutboxMessage{
    "portalctl_outbox_message",
    "SELECT status, recipient, not_after IS NOT NULL AND not_after <= now(), carries_secret"
    " FROM outbox WHERE id = $1 FOR UPDATE"};
const portal::Statement kRequeue{
    "portalctl_requeue",
    "UPDATE outbox SET status = 'queued', attempts = 0, next_attempt_at = now(),"
    " lease_until = NULL WHERE id = $1"};
const portal::Statement kNotifyOutbox{"portalctl_notify_outbox", "SELECT pg_notify('outbox', $1)"};

const char* kUsage =
    "usage: portalctl outbox list [--status queued|sending|sent|dead|expired|suppressed] [--limit "
    "N]\n"
    "       portalctl outbox retry ID\n"
    "\n"
    "list shows the newest messages first (50 unless --limit), with their last error.\n"
    "retry queues a dead or queued message to be sent at once with a fresh set of attempts;\n"
    "portal-mailer picks it up within a second. A message past its expiry (a sign-in link that\n"
    "no longer works) is not resent.\n";

const std::set<std::string> kStatuses = {"queued", "sending", "sent",
                                         "dead",   "expired", "suppressed"};

// A cell of at most `width` characters, so one message stays on one line.
std::string cell(const std::string& s, size_t width) {
    std::string out;
    for (char ch : s) out += static_cast<unsigned char>(ch) < 0x20 ? ' ' : ch;
    return out.size() > width ? out.substr(0, width - 1) + "~" : out;
}

int list(Env& env, const Options& o) {
    if (!o.positional().empty()) throw UsageError("unexpected argument " + o.positional()[0]);
    std::string status = o.get("status");
    if (o.has("status") && !kStatuses.count(status))
        throw UsageError(
            "--status must be one of queued, sending, sent, dead, expired, suppressed");
    long limit = 50;
    if (o.has("limit")) {
        std::string l = o.get("limit");
        if (l.empty() || l.size() > 5 || l.find_first_not_of("0123456789") != std::string::npos ||
            std::stol(l) < 1)
            throw UsageError("--limit must be a number from 1 to 99999");
        limit = std::stol(l);
    }
    pqxx::read_transaction tx(env.db());
    pqxx::result r = tx.exec_prepared(kListOutbox.name, status, limit);
    if (r.empty()) {
        std::cout << "no messages" << (status.empty() ? "" : " with status " + status) << "\n";
        return 0;
    }
    std::cout << std::left << std::setw(9) << "ID" << std::setw(9) << "STATUS" << std::setw(9)
              << "CHANNEL" << std::setw(12) << "GARAGE" << std::setw(30) << "TO" << std::setw(16)
              << "PURPOSE" << std::setw(6) << "TRIES" << std::setw(21) << "QUEUED (UTC)"
              << "LAST ERROR\n";
    for (const auto& row : r)
        std::cout << std::setw(9) << row[0].c_str() << std::setw(9) << row[1].c_str()
                  << std::setw(9) << row[2].c_str() << std::setw(12) << cell(row[3].c_str(), 11)
                  << std::setw(30) << cell(row[4].c_str(), 29) << std::setw(16)
                  << cell(row[5].c_str(), 15) << std::setw(6) << row[6].c_str() << std::setw(21)
                  << row[7].c_str() << cell(row[8].c_str(), 200) << "\n";
    return 0;
}

int retry(Env& env, const Options& o) {
    if (o.positional().size() != 1) throw UsageError("name the message: outbox retry ID");
    const std::string& id = o.positional()[0];
    if (id.empty() || id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos)
        throw UsageError("ID must be a message number from portalctl outbox list");
    pqxx::work tx(env.db());
    pqxx::result r = tx.exec_prepared(kOutboxMessage.name, id);
    if (r.empty()) throw std::runtime_error("no message with ID " + id);
    std::string status = r[0][0].as<std::string>();
    if (status == "sent") throw std::runtime_error("message " + id + " was sent already");
    if (status == "sending") throw std::runtime_error("message " + id + " is being sent right now");
    if (status == "suppressed")
        throw std::runtime_error("message " + id +
                                 " was kept back by the customer's communication preferences;"
                                 " it is not sent against them");
    if (r[0][2].as<bool>())
        throw std::runtime_error("message " + id +
                                 " expired: what it says no longer holds (a sign-in link that "
                                 "no longer works), so it is not resent");
    if (r[0][3].as<bool>())
        throw std::runtime_error("message " + id +
                                 " carried a sign-in link, removed when it failed: the customer "
                                 "asks for a new link instead");
    // Inserting no row, so no NOTIFY from the trigger: wake the runner ourselves.
    tx.exec_prepared(kRequeue.name, id);
    tx.exec_prepared(kNotifyOutbox.name, id);
    tx.commit();
    std::cout << "queued message " << id << " to " << r[0][1].as<std::string>() << " again (was "
              << status << ")\n";
    return 0;
}

}  // namespace

int outbox(Env& env, const std::vector<std::string>& args) {
    return run_subcommand(env, args, kUsage,
                          {
                              {"list", list, {"status", "limit"}},
                              {"retry", retry, {}},
                          });
}

}  // namespace portalctl
