// portal-mailer's work: claim due outbox rows, send them, record what happened.
//
// Every database step is one statement in its own transaction (autocommit: one round trip) and
// no row lock is held while a server is talking: rows are claimed (status 'sending', a lease,
// attempts + 1) with FOR UPDATE SKIP LOCKED, sent, then marked one by one. A runner that dies loses
// only its claim: when the lease runs out the rows are due again, so at most the message in flight
// is sent twice, with the same Message-ID.
#include "runner.h"

#include <algorithm>
#include <optional>

#include "log.h"
#include "mail.h"

namespace mailer {

namespace {

constexpr long kBatch = 32;                              // rows per claim
constexpr long kMaxBackoffMs = 3600L * 1000;             // retries are at least hourly
constexpr auto kIdleClose = std::chrono::seconds(30);    // then an idle SMTP session is closed
constexpr long long kLockKey = 0x706f7274616c6dLL;       // "portalm": the runner lock
const char* kChannels[] = {"email", "sms", "whatsapp"};  // email first: sign-in links

const portal::Statement kTryLock{"mailer_try_lock", "SELECT pg_try_advisory_lock($1::bigint)"};

// Rows past not_after are never sent late (a magic link past its expiry is worthless, and
// worse, confusing). Queued ones, and claimed ones whose runner is gone.
const portal::Statement kExpire{
    "mailer_expire",
    "UPDATE outbox SET status = 'expired', lease_until = NULL"
    " WHERE not_after <= now()"
    " AND (status = 'queued' OR (status = 'sending' AND lease_until < now()))"
    " RETURNING id"};

// A message the customer's consents now rule out (they switched it off after it was queued) is
// kept as 'suppressed' with the reason, never sent and never silently dropped (sql/008).
const portal::Statement kSuppress{
    "mailer_suppress",
    "UPDATE outbox o SET status = 'suppressed', suppressed_reason = s.reason"
    " FROM (SELECT id, outbox_suppression(garage_id, customer_id, category, channel) AS reason"
    "  FROM outbox WHERE status = 'queued' AND next_attempt_at <= now()"
    "  AND customer_id IS NOT NULL) s"
    " WHERE o.id = s.id AND s.reason IS NOT NULL AND o.status = 'queued'"
    " RETURNING o.id, s.reason"};

const portal::Statement kClaim{
    "mailer_claim",
    "WITH due AS ("
    " SELECT o.id, coalesce(g.name, '') AS garage_name, coalesce(g.email, '') AS garage_email"
    " FROM outbox o LEFT JOIN garages g ON g.id = o.garage_id"
    " WHERE o.channel = $1"
    " AND ((o.status = 'queued' AND o.next_attempt_at <= now())"
    " OR (o.status = 'sending' AND o.lease_until < now()))"
    " AND (o.not_after IS NULL OR o.not_after > now())"
    " AND (o.customer_id IS NULL"
    "  OR outbox_suppression(o.garage_id, o.customer_id, o.category, o.channel) IS NULL)"
    " ORDER BY o.next_attempt_at, o.id LIMIT $2"
    " FOR UPDATE OF o SKIP LOCKED)"
    " UPDATE outbox o SET status = 'sending', attempts = o.attempts + 1,"
    " lease_until = now() + $3::int * interval '1 second'"
    " FROM due WHERE o.id = due.id"
    " RETURNING o.id, o.recipient, coalesce(o.subject, ''), o.body_text,"
    " coalesce(o.body_html, ''), o.message_id, coalesce(o.purpose, ''), o.attempts,"
    " floor(extract(epoch FROM o.created_at))::bigint,"
    " coalesce(extract(epoch FROM o.not_after - now()), 1e12)::float8,"
    " due.garage_name, due.garage_email, coalesce(o.list_unsubscribe, '')"};

// Each mark applies only while the row is still ours to mark (status 'sending').
const portal::Statement kSent{
    "mailer_sent",
    "UPDATE outbox SET status = 'sent', sent_at = now(), lease_until = NULL"
    " WHERE id = ANY($1::bigint[]) AND status = 'sending'"};
const portal::Statement kRetry{
    "mailer_retry",
    "UPDATE outbox SET status = 'queued', lease_until = NULL, last_error = $2,"
    " next_attempt_at = now() + $3::bigint * interval '1 millisecond'"
    " WHERE id = $1 AND status = 'sending'"};
const portal::Statement kDead{
    "mailer_dead",
    "UPDATE outbox SET status = 'dead', lease_until = NULL, last_error = $2"
    " WHERE id = $1 AND status = 'sending'"};
const portal::Statement kExpired{"mailer_expired",
                                 "UPDATE outbox SET status = 'expired', lease_until = NULL"
                                 " WHERE id = $1 AND status = 'sending'"};
// Rows claimed but not tried (the server went away, or we are stopping): due again later,
// and the claim did not count as an attempt.
const portal::Statement kGiveBack{
    "mailer_give_back",
    "UPDATE outbox SET status = 'queued', lease_until = NULL, attempts = greatest(attempts - 1, 0),"
    " next_attempt_at = greatest(next_attempt_at, now() + $2::bigint * interval '1 millisecond')"
    " WHERE id = ANY($1::bigint[]) AND status = 'sending'"};
const portal::Statement kExtend{
    "mailer_extend",
    "UPDATE outbox SET lease_until = now() + $2::int * interval '1 second'"
    " WHERE id = ANY($1::bigint[]) AND status = 'sending'"};
// Seconds until the next row falls due (a retry, a lease running out, an expiry); NULL: none.
const portal::Statement kNextDue{
    "mailer_next_due",
    "SELECT extract(epoch FROM least("
    " (SELECT min(next_attempt_at) FROM outbox WHERE status = 'queued'),"
    " (SELECT min(not_after) FROM outbox WHERE status = 'queued'),"
    " (SELECT min(lease_until) FROM outbox WHERE status = 'sending')) - now())::float8"};

std::string id_array(const std::vector<Claimed>& batch, size_t from) {
    std::string s = "{";
    for (size_t i = from; i < batch.size(); ++i)
        s += (i > from ? "," : "") + std::to_string(batch[i].id);
    return s + "}";
}

std::string id_array(const std::vector<long>& ids) {
    std::string s = "{";
    for (size_t i = 0; i < ids.size(); ++i) s += (i ? "," : "") + std::to_string(ids[i]);
    return s + "}";
}

std::string describe(const Claimed& c) {
    return "outbox=" + std::to_string(c.id) + " channel=" + c.channel +
           (c.purpose.empty() ? "" : " purpose=" + c.purpose) +
           " attempt=" + std::to_string(c.attempts);
}

}  // namespace

void log(const std::string& message) {
    portal::log_event("portal-mailer", message);
}

struct Runner::Listener : pqxx::notification_receiver {
    explicit Listener(pqxx::connection& c) : pqxx::notification_receiver(c, "outbox") {}
    void operator()(const std::string&, int) override { woken = true; }
    bool open() const { return conn().is_open(); }
    bool woken = false;
};

Runner::Runner(const portal::Config& config)
    : config_(config), db_(config.db), random_(std::random_device{}()) {
    size_t at = config.mail_from.find('@');
    mail_domain_ = config.mail_from.substr(at + 1);
}

Runner::~Runner() {
    try {
        drop();
    } catch (...) {
    }
}

pqxx::connection& Runner::conn() {
    // A connection that closed under us goes with its listener (which refers to it).
    if (listener_ && !listener_->open()) drop();
    pqxx::connection& c = db_.conn();
    if (!listener_) {
        {
            pqxx::nontransaction tx(c);
            tx.exec("SET application_name = 'portal-mailer'");
            // A mark lost in a database crash means one resend (same Message-ID), never a
            // lost message; not waiting for the WAL flush on every mark is worth that.
            tx.exec("SET synchronous_commit = off");
        }
        listener_ = std::make_unique<Listener>(c);  // LISTEN outbox
    }
    // The lock belongs to a session: a connection that was silently re-opened lost it.
    if (locked_ && c.backendpid() != lock_pid_) throw pqxx::broken_connection("runner lock lost");
    return c;
}

void Runner::drop() {
    listener_.reset();
    locked_ = false;
    db_.drop();
}

bool Runner::try_lock() {
    pqxx::connection& c = conn();
    pqxx::nontransaction tx(c);
    locked_ = tx.exec_prepared(kTryLock.name, kLockKey).at(0).at(0).as<bool>();
    lock_pid_ = c.backendpid();
    return locked_;
}

void Runner::flush_unmarked() {
    if (unmarked_.empty()) return;
    pqxx::nontransaction tx(conn());
    tx.exec_prepared(kSent.name, id_array(unmarked_));
    unmarked_.clear();
}

template <typename... Args>
void Runner::mark(const portal::Statement& statement, Args&&... args) {
    pqxx::nontransaction tx(conn());
    tx.exec_prepared(statement.name, std::forward<Args>(args)...);
}

long Runner::backoff_ms(int attempts) {
    // Exponential (retry_seconds, twice that, ...), capped, with jitter so that a crowd of
    // messages that failed together does not come back together.
    long ms = config_.outbox_retry_seconds * 1000L;
    for (int i = 1; i < attempts && ms < kMaxBackoffMs; ++i) ms *= 2;
    ms = std::min(ms, kMaxBackoffMs);
    return std::uniform_int_distribution<long>(ms / 2, ms)(random_);
}

portal::Transport& Runner::transport(const std::string& channel) {
    auto& t = transports_[channel];
    if (!t)
        t = channel == "email" ? portal::email_transport(config_)
                               : portal::phone_transport(config_, channel);
    return *t;
}

portal::Envelope Runner::envelope(const Claimed& c) const {
    portal::Envelope e;
    e.outbox_id = c.id;
    e.message_id = c.message_id + "@" + mail_domain_;
    e.channel = c.channel;
    e.recipient = c.recipient;
    e.created = c.created;
    if (c.channel != "email") {
        e.data = c.text;
        return e;
    }
    portal::MailMessage m;
    m.from_name = c.garage_name.empty() ? "Customer portal" : c.garage_name;
    m.from_address = config_.mail_from;
    m.reply_to = c.garage_email;  // replies reach the garage, not the portal
    m.to = c.recipient;
    m.subject = c.subject;
    m.message_id = e.message_id;
    m.date = c.created;
    m.text = c.text;
    m.html = c.html;
    m.list_unsubscribe = c.list_unsubscribe;
    e.data = portal::build_message(m);  // std::invalid_argument: this message can never go
    return e;
}

void Runner::give_back(const std::vector<Claimed>& batch, size_t from, long delay_ms) {
    if (from >= batch.size()) return;
    pqxx::nontransaction tx(conn());
    tx.exec_prepared(kGiveBack.name, id_array(batch, from), delay_ms);
}

void Runner::extend_lease(const std::vector<Claimed>& batch, size_t from) {
    pqxx::nontransaction tx(conn());
    tx.exec_prepared(kExtend.name, id_array(batch, from), config_.outbox_lease_seconds);
}

void Runner::drain(const StopFlag& stop) {
    flush_unmarked();
    std::map<std::string, bool> paused;  // a channel whose server is down waits for its retry
    while (!stop) {
        {
            pqxx::nontransaction tx(conn());
            for (const auto& row : tx.exec_prepared(kExpire.name))
                log("expired outbox=" + row[0].as<std::string>() + " (not sent before not_after)");
            for (const auto& row : tx.exec_prepared(kSuppress.name))
                log("suppressed outbox=" + row[0].as<std::string>() + " (" +
                    row[1].as<std::string>() + ")");
        }
        bool claimed_any = false;
        for (const char* channel : kChannels) {
            if (paused[channel] || stop) continue;
            std::vector<Claimed> batch;
            {
                pqxx::nontransaction tx(conn());
                pqxx::result r =
                    tx.exec_prepared(kClaim.name, channel, kBatch, config_.outbox_lease_seconds);
                for (const auto& row : r) {
                    Claimed c;
                    c.id = row[0].as<long>();
                    c.channel = channel;
                    c.recipient = row[1].as<std::string>();
                    c.subject = row[2].as<std::string>();
                    c.text = row[3].as<std::string>();
                    c.html = row[4].as<std::string>();
                    c.message_id = row[5].as<std::string>();
                    c.purpose = row[6].as<std::string>();
                    c.attempts = row[7].as<int>();
                    c.created = row[8].as<long>();
                    c.seconds_left = row[9].as<double>();
                    c.garage_name = row[10].as<std::string>();
                    c.garage_email = row[11].as<std::string>();
                    c.list_unsubscribe = row[12].as<std::string>();
                    batch.push_back(std::move(c));
                }
            }
            if (batch.empty()) continue;
            claimed_any = true;
            std::sort(batch.begin(), batch.end(),
                      [](const Claimed& a, const Claimed& b) { return a.id < b.id; });
            // A database error here leaves the unsent rows claimed until their lease runs out.
            if (!send_batch(channel, batch, stop)) paused[channel] = true;
        }
        if (!claimed_any) break;
    }
}

bool Runner::send_batch(const std::string& channel, const std::vector<Claimed>& batch,
                        const StopFlag& stop) {
    portal::Transport& t = transport(channel);
    const auto claimed_at = Clock::now();
    auto leased_at = claimed_at;
    const auto half_lease = std::chrono::seconds(config_.outbox_lease_seconds) / 2;
    for (size_t next = 0; next < batch.size(); ++next) {
        const Claimed& c = batch[next];
        if (stop) {
            give_back(batch, next, 0);
            return false;
        }
        // Keep the claim while working through a slow batch.
        if (Clock::now() - leased_at > half_lease) {
            extend_lease(batch, next);
            leased_at = Clock::now();
        }
        double waited = std::chrono::duration<double>(Clock::now() - claimed_at).count();
        if (c.seconds_left - waited <= 0) {
            mark(kExpired, c.id);
            log("expired " + describe(c) + " (not sent before not_after)");
            continue;
        }
        portal::SendResult result;
        portal::Envelope e;
        try {
            e = envelope(c);
        } catch (const std::invalid_argument& bad) {
            result = {portal::SendResult::permanent, std::string("not sendable: ") + bad.what()};
        }
        auto started = Clock::now();
        if (result.error.empty()) result = t.send(e);
        last_send_ = Clock::now();
        long ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(last_send_ - started).count();

        if (result.outcome == portal::SendResult::sent) {
            unmarked_.push_back(c.id);
            flush_unmarked();
            log("sent " + describe(c) + " ms=" + std::to_string(ms));
            continue;
        }
        bool last_try = c.attempts >= config_.outbox_max_attempts;
        if (result.outcome == portal::SendResult::permanent || last_try) {
            std::string error = result.error;
            if (result.outcome != portal::SendResult::permanent)
                error += " (gave up after " + std::to_string(c.attempts) + " attempts)";
            mark(kDead, c.id, error);
            log("dead " + describe(c) + " error=" + error);
        } else {
            long delay = backoff_ms(c.attempts);
            mark(kRetry, c.id, result.error, delay);
            log("retry " + describe(c) + " in=" + std::to_string(delay / 1000) +
                "s error=" + result.error);
        }
        if (result.outcome == portal::SendResult::down) {
            // The server is not there: the rest of the batch waits as long as this one.
            t.close();
            give_back(batch, next + 1, backoff_ms(c.attempts));
            return false;
        }
    }
    return true;
}

void Runner::wait(Clock::time_point until, const StopFlag& stop) {
    pqxx::connection& c = conn();
    std::optional<double> due_in;
    {
        pqxx::nontransaction tx(c);
        pqxx::field f = tx.exec_prepared(kNextDue.name).at(0).at(0);
        if (!f.is_null()) due_in = f.as<double>();
    }
    if (due_in && *due_in <= 0) return;
    if (due_in) {
        auto due = Clock::now() + std::chrono::milliseconds(static_cast<long>(*due_in * 1000) + 5);
        until = std::min(until, due);
    }
    listener_->woken = false;
    while (!stop && !listener_->woken && Clock::now() < until) {
        if (Clock::now() - last_send_ > kIdleClose)
            for (auto& t : transports_) t.second->close();
        auto left = std::chrono::duration_cast<std::chrono::microseconds>(until - Clock::now());
        long us = std::clamp<long>(left.count(), 0, 1000000);  // wake each second for `stop`
        c.await_notification(0, us);
    }
}

}  // namespace mailer
