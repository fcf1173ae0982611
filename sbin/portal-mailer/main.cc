// portal-mailer: sends the email, SMS and WhatsApp messages that the portal's pages queue.
#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <iostream>
#include <thread>

#include "runner.h"

namespace {

const char* kUsage =
    "usage: portal-mailer [--once | --watch] [--seconds N]\n"
    "\n"
    "Sends the email, SMS and WhatsApp messages the portal queues in its outbox.\n"
    "\n"
    "  (no option)   what cron starts every minute (etc/cron.d/portal): take the runner lock\n"
    "                (waiting while the previous runner finishes), send what is due, then send\n"
    "                each message the moment it is queued (LISTEN/NOTIFY) until the minute ends\n"
    "  --watch       the same until stopped with SIGTERM or SIGINT (what make run uses)\n"
    "  --once        send what is due now and exit; takes no lock (claiming rows is safe\n"
    "                beside a running runner)\n"
    "  --seconds N   without --once/--watch: run N seconds instead of the rest of the minute\n"
    "\n"
    "Temporary failures are retried with backoff; see portalctl outbox list and retry.\n"
    "The configuration file is $PORTAL_CONF (default /etc/garage-portal/portal.conf).\n"
    "Exit status: 0; 1 when the configuration is bad, or with --once when the database\n"
    "cannot be reached; 2 for bad arguments.\n";

enum class Mode { cron, watch, once };

mailer::StopFlag g_stop = 0;

void on_signal(int) {
    g_stop = 1;
}

// Sleeps in short steps so that SIGTERM is honoured promptly.
void nap(mailer::Clock::duration d, mailer::Clock::time_point deadline) {
    auto until = std::min(mailer::Clock::now() + d, deadline);
    while (!g_stop && mailer::Clock::now() < until)
        std::this_thread::sleep_for(std::min<mailer::Clock::duration>(
            until - mailer::Clock::now(), std::chrono::milliseconds(100)));
}

int run(mailer::Runner& runner, Mode mode, mailer::Clock::time_point deadline) {
    auto backoff = std::chrono::milliseconds(500);
    bool said_waiting = false;
    while (!g_stop && mailer::Clock::now() < deadline) {
        try {
            if (mode != Mode::once && !runner.locked()) {
                if (!runner.try_lock()) {
                    if (!said_waiting) mailer::log("waiting for the runner lock (another runner)");
                    said_waiting = true;
                    nap(std::chrono::milliseconds(200), deadline);
                    continue;
                }
                mailer::log("runner lock taken; sending as messages are queued");
            }
            runner.drain(g_stop);
            if (mode == Mode::once) return 0;
            runner.wait(deadline, g_stop);
            backoff = std::chrono::milliseconds(500);
        } catch (const std::exception& e) {
            // The database went away (or a statement failed): nothing is lost, claimed rows
            // come back when their lease runs out. Reconnect with backoff, never crash.
            runner.drop();
            std::string what = e.what();
            what = "database error: " + what.substr(0, what.find('\n'));
            if (mode == Mode::once) {
                mailer::log(what);
                return 1;
            }
            mailer::log(what + "; trying again in " + std::to_string(backoff.count()) + "ms");
            nap(backoff, deadline);
            backoff = std::min(backoff * 2, std::chrono::milliseconds(30000));
        }
    }
    if (mode == Mode::cron && !runner.locked() && !g_stop)
        mailer::log("the previous runner held the lock all along; leaving it the work");
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Mode mode = Mode::cron;
    long seconds = 0;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--help" || a == "-h") {
            std::cout << kUsage;
            return 0;
        } else if (a == "--once" && mode == Mode::cron) {
            mode = Mode::once;
        } else if (a == "--watch" && mode == Mode::cron) {
            mode = Mode::watch;
        } else if (a == "--seconds" && i + 1 < argc && !seconds) {
            std::string v = argv[++i];
            bool digits =
                !v.empty() && v.size() <= 6 &&
                std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
            seconds = digits ? std::stol(v) : 0;
            if (seconds < 1) {
                std::cerr << "portal-mailer: --seconds needs a whole number of seconds\n";
                return 2;
            }
        } else {
            std::cerr << "portal-mailer: unexpected argument '" << a << "'\n\n" << kUsage;
            return 2;
        }
    }
    if (seconds && mode != Mode::cron) {
        std::cerr << "portal-mailer: --seconds goes with neither --once nor --watch\n";
        return 2;
    }

    portal::Config config;
    try {
        config = portal::load_config();
    } catch (const std::exception& e) {
        std::cerr << "portal-mailer: " << e.what() << "\n";
        return 1;
    }

    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;  // no SA_RESTART: a wait returns at once
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    curl_global_init(CURL_GLOBAL_DEFAULT);

    auto deadline = mailer::Clock::time_point::max();
    if (mode == Mode::cron) {
        // The rest of this minute: cron starts the next runner on the minute.
        long left = seconds ? seconds : 60 - static_cast<long>(std::time(nullptr) % 60);
        deadline = mailer::Clock::now() + std::chrono::seconds(left);
    }
    const char* names[] = {"cron", "watch", "once"};
    std::string target = config.mail_transport;
    mailer::log(std::string("started mode=") + names[static_cast<int>(mode)] +
                " mail_transport=" + target);
    int status;
    {
        mailer::Runner runner(config);
        status = run(runner, mode, deadline);
    }
    mailer::log(std::string("stopped") + (g_stop ? " (signal)" : ""));
    curl_global_cleanup();
    return status;
}
