// Helpers of the mailer tests: child processes, an SMTP sink, a gateway, a private database.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mtest {

// A child process (argv[0] is a path), its output appended to `log`. The destructor stops it:
// SIGTERM, then SIGKILL if it has not gone within three seconds.
class Process {
  public:
    Process(std::vector<std::string> argv, std::map<std::string, std::string> env, std::string log);
    ~Process();
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;
    int pid() const { return pid_; }
    bool running();
    void kill(int signal);
    // Waits for it to end; its exit status, or -1 if it did not end within `seconds` (or was
    // killed by a signal).
    int wait(double seconds);
    std::string output() const;  // its log so far

  private:
    int pid_ = -1;
    int status_ = -1;
    std::string log_;
};

// A fresh temporary directory, removed with everything in it by the destructor.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

int free_port();
bool wait_until(const std::function<bool()>& ready, double seconds);
std::string read_file(const std::string& path);
// Files of `dir` whose names end in `suffix`, sorted by name.
std::vector<std::string> files_in(const std::string& dir, const std::string& suffix);

// The SMTP sink (tests/integration/mailer_smtp_sink.py) on 127.0.0.1:port.
class SmtpSink {
  public:
    explicit SmtpSink(int port, std::vector<std::string> options = {});
    std::vector<std::string> messages() const;   // every message received, raw
    std::vector<std::string> envelopes() const;  // "<n> <mail from> <rcpt>" lines
    int sessions() const;                        // SMTP sessions (EHLO/HELO) so far
    bool wait_for(size_t count, double seconds) const;
    void stop() { process_.reset(); }

  private:
    TempDir dir_;
    std::unique_ptr<Process> process_;
};

// The SMS/WhatsApp gateway stand-in (tests/integration/mailer_gateway.py).
class Gateway {
  public:
    explicit Gateway(int port, std::vector<std::string> options = {});
    std::vector<std::string> requests() const;  // "POST /path\n" + headers + "\n" + body
    bool wait_for(size_t count, double seconds) const;

  private:
    TempDir dir_;
    std::unique_ptr<Process> process_;
};

// A private database in the test stack's PostgreSQL, migrated and holding the demo garages,
// so the mailers under test see only their own rows (the stack's own mailer never does).
// Dropped by the destructor.
class PrivateDb {
  public:
    PrivateDb();
    ~PrivateDb();
    const std::string& conninfo() const { return conninfo_; }
    // A config file for this database: the stack's portal.conf with `overrides` replacing or
    // adding keys. Written under this database's directory; returns its path.
    std::string config(const std::map<std::string, std::string>& overrides) const;
    // Runs SQL, returns the first column of every row.
    std::vector<std::string> query(const std::string& sql) const;
    std::string value(const std::string& sql) const;

  private:
    std::string name_, conninfo_;
    TempDir dir_;
};

// The Message-ID header of a raw message ("<...>"), or "".
std::string message_id_of(const std::string& raw);
std::string header_of(const std::string& raw, const std::string& name);

}  // namespace mtest
