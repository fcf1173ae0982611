// portal-mailer's work: claim due outbox rows, send them, record what happened.
#pragma once

#include <chrono>
#include <csignal>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "config.h"
#include "db.h"
#include "mail_transport.h"

namespace mailer {

using Clock = std::chrono::steady_clock;
using StopFlag = volatile std::sig_atomic_t;  // set by SIGTERM and SIGINT

// One claimed outbox row.
struct Claimed {
    long id = 0;
    std::string channel, recipient, subject, text, html, message_id, purpose;
    std::string list_unsubscribe;  // RFC 8058 one-click URL, or ""
    std::string garage_name, garage_email;
    int attempts = 0;  // including this one
    std::time_t created = 0;
    double seconds_left = 1e12;  // until not_after
};

class Runner {
  public:
    explicit Runner(const portal::Config& config);
    ~Runner();

    // The connection, opened (LISTEN outbox, session settings) when there is none.
    pqxx::connection& conn();
    // After any database error: forget the connection, the lock and the listener.
    void drop();
    // The runner lock (a PostgreSQL advisory lock): one runner sends at a time. Non-blocking.
    bool try_lock();
    bool locked() const { return locked_; }
    // Sends everything due now, channel by channel, until nothing is due or `stop` is set.
    // Throws on database errors (the caller reconnects).
    void drain(const StopFlag& stop);
    // Waits until a NOTIFY arrives, a queued row falls due, or `until` passes (or `stop`).
    void wait(Clock::time_point until, const StopFlag& stop);

  private:
    // False when it stopped early (the server is down, or `stop`): the rest was given back.
    bool send_batch(const std::string& channel, const std::vector<Claimed>& batch,
                    const StopFlag& stop);
    portal::Envelope envelope(const Claimed& c) const;
    void give_back(const std::vector<Claimed>& batch, size_t from, long delay_ms);
    void extend_lease(const std::vector<Claimed>& batch, size_t from);
    template <typename... Args>
    void mark(const portal::Statement& statement, Args&&... args);
    void flush_unmarked();
    long backoff_ms(int attempts);
    portal::Transport& transport(const std::string& channel);

    const portal::Config& config_;
    portal::Db db_;
    struct Listener;
    std::unique_ptr<Listener> listener_;
    bool locked_ = false;
    int lock_pid_ = 0;
    std::vector<long> unmarked_;  // accepted by the server, not yet recorded as sent
    std::map<std::string, std::unique_ptr<portal::Transport>> transports_;
    Clock::time_point last_send_ = Clock::now();
    std::mt19937_64 random_;
    std::string mail_domain_;
};

void log(const std::string& message);

}  // namespace mailer
