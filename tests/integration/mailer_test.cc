// portal-mailer against real servers: an SMTP server (aiosmtpd) and an HTTP gateway started on
// 127.0.0.1 by the tests, PostgreSQL of the test stack (a private database, so the stack's own
// mailer never takes these rows), and the stack's own mailer delivering to its dev mailbox.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <fstream>
#include <random>
#include <set>
#include <thread>

#include "client.h"
#include "db.h"
#include "mailer_helpers.h"
#include "outbox.h"
#include "tenancy.h"

using namespace mtest;
using Clock = std::chrono::steady_clock;

namespace {

PrivateDb* g_db = nullptr;

struct MailerSuite {
    MailerSuite() {
        g_db = new PrivateDb;
        portal::load_email_templates(itest::repo_dir());
    }
    ~MailerSuite() {
        delete g_db;
        g_db = nullptr;
    }
};

// Each test starts with an empty outbox in the private database.
struct EmptyOutbox {
    EmptyOutbox() { g_db->query("DELETE FROM outbox RETURNING id"); }
};

std::map<std::string, std::string> smtp_to(int port, std::map<std::string, std::string> more = {}) {
    std::map<std::string, std::string> c = {
        {"mail_transport", "smtp://127.0.0.1:" + std::to_string(port)},
        {"mail_starttls", "no"},
        {"mail_from", "portal@portal.test"},
        {"mail_timeout_seconds", "2"},
        {"outbox_retry_seconds", "1"},
        {"outbox_lease_seconds", "4"},
        {"outbox_max_attempts", "10"},
    };
    for (const auto& kv : more) c[kv.first] = kv.second;
    return c;
}

// portal-mailer with its own config file; its log goes to a file in `logs`.
std::unique_ptr<Process> start_mailer(const std::string& conf, std::vector<std::string> args,
                                      const TempDir& logs, const std::string& name = "mailer") {
    args.insert(args.begin(), itest::repo_dir() + "/build/sbin/portal-mailer");
    return std::make_unique<Process>(args,
                                     std::map<std::string, std::string>{{"PORTAL_CONF", conf}},
                                     logs.path() + "/" + name + ".log");
}

// Runs `portal-mailer --once` to the end; its exit status.
int run_once(const std::string& conf, const TempDir& logs, const std::string& name = "once") {
    return start_mailer(conf, {"--once"}, logs, name)->wait(30);
}

bool listening(Process& m) {
    return wait_until([&] { return m.output().find("runner lock taken") != std::string::npos; },
                      10);
}

long garage_id(const std::string& conninfo, const char* subdomain = "smiths") {
    pqxx::connection c(conninfo);
    pqxx::nontransaction tx(c);
    return tx.exec_params("SELECT id FROM garages WHERE subdomain = $1", subdomain)
        .at(0)
        .at(0)
        .as<long>();
}

portal::Garage garage_of(const std::string& conninfo) {
    pqxx::connection c(conninfo);
    pqxx::nontransaction tx(c);
    pqxx::row r = tx.exec(
                        "SELECT id, name, coalesce(logo_path, ''), primary_colour,"
                        " coalesce(main_phone, ''), email FROM garages WHERE subdomain = 'smiths'")
                      .at(0);
    portal::Garage g;
    g.id = r[0].as<long>();
    g.subdomain = "smiths";
    g.name = r[1].as<std::string>();
    g.logo_path = r[2].as<std::string>();
    g.primary_colour = r[3].as<std::string>();
    g.main_phone = r[4].as<std::string>();
    g.email = r[5].as<std::string>();
    return g;
}

struct Queued {
    long id;
    std::string link;
};

// Queues magic-link emails (the real templates) to `recipients` in one transaction, as the
// login page does.
std::vector<Queued> queue_magic_links(const std::string& conninfo,
                                      const std::vector<std::string>& recipients,
                                      int not_after_seconds = 900) {
    portal::Garage g = garage_of(conninfo);
    portal::Db db(conninfo);
    pqxx::work tx(db.conn());
    std::vector<Queued> out;
    for (const auto& to : recipients) {
        std::string link = "https://smiths.portal.test/auth/tok" + std::to_string(out.size()) +
                           "x" + std::to_string(std::random_device{}());
        ctemplate::TemplateDictionary d("magic_link");
        d.SetValue("FIRST_NAME", "Ann");
        d.SetValue("LINK_URL", link);
        d.SetValue("CODE", "123 456");
        d.SetIntValue("MINUTES", 15);
        portal::EmailBody body =
            portal::render_email("magic_link", d, g, "https://smiths.portal.test");
        portal::OutgoingEmail m;
        m.garage_id = g.id;
        m.to = to;
        m.subject = "Your sign-in link for " + g.name;
        m.text = body.text;
        m.html = body.html;
        m.purpose = "magic_link";
        m.not_after_seconds = not_after_seconds;
        out.push_back({portal::enqueue_email(tx, m), link});
    }
    tx.commit();
    return out;
}

std::vector<std::string> numbered(const std::string& prefix, int n) {
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) out.push_back(prefix + std::to_string(i) + "@example.com");
    return out;
}

std::string status_of(long id) {
    return g_db->value("SELECT status FROM outbox WHERE id = " + std::to_string(id));
}

std::string field_of(long id, const std::string& column) {
    return g_db->value("SELECT " + column + "::text FROM outbox WHERE id = " + std::to_string(id));
}

long count_where(const std::string& condition) {
    return std::stol(g_db->value("SELECT count(*) FROM outbox WHERE " + condition));
}

// The Message-IDs the database says it sent ("<uuid@portal.test>").
std::multiset<std::string> ids_of(const std::vector<std::string>& messages) {
    std::multiset<std::string> ids;
    for (const auto& m : messages) ids.insert(message_id_of(m));
    return ids;
}

std::set<std::string> expected_ids() {
    std::set<std::string> ids;
    for (const auto& id : g_db->query("SELECT message_id FROM outbox"))
        ids.insert("<" + id + "@portal.test>");
    return ids;
}

std::string check_mime(const std::string& file, const std::string& link) {
    return itest::shell("/usr/bin/python3 '" + itest::repo_dir() +
                        "/tests/integration/mailer_check_mime.py' '" + file + "' '" + link +
                        "' 2>&1");
}

double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mailer, *boost::unit_test::fixture<MailerSuite>())

BOOST_FIXTURE_TEST_CASE(a_queued_magic_link_arrives_intact_as_valid_mime, EmptyOutbox) {
    TempDir logs;
    int port = free_port();
    SmtpSink sink(port);
    auto queued = queue_magic_links(g_db->conninfo(), {"ann@example.com"});
    BOOST_TEST_REQUIRE(run_once(g_db->config(smtp_to(port)), logs) == 0);

    auto messages = sink.messages();
    BOOST_TEST_REQUIRE(messages.size() == 1u);
    std::string file = logs.path() + "/msg.eml";
    std::ofstream(file, std::ios::binary) << messages[0];
    std::string check = check_mime(file, queued[0].link);
    BOOST_TEST(check.rfind("ok\n", 0) == 0u, check);
    BOOST_TEST(check.find("from=Smith's Garage <portal@portal.test>") != std::string::npos, check);
    BOOST_TEST(check.find("Or enter this code on the sign-in page: 123 456") != std::string::npos);

    BOOST_TEST(header_of(messages[0], "To") == "ann@example.com");
    BOOST_TEST(header_of(messages[0], "Reply-To") ==
               "Smith's Garage <hello@smiths-garage.example>");
    BOOST_TEST(message_id_of(messages[0]) ==
               "<" + field_of(queued[0].id, "message_id") + "@portal.test>");
    BOOST_TEST(sink.envelopes().at(0) == "1 portal@portal.test ann@example.com");
    BOOST_TEST(status_of(queued[0].id) == "sent");
    BOOST_TEST(field_of(queued[0].id, "attempts") == "1");
    BOOST_TEST(field_of(queued[0].id, "sent_at") != "");
}

BOOST_FIXTURE_TEST_CASE(one_smtp_connection_carries_a_whole_batch, EmptyOutbox) {
    TempDir logs;
    int port = free_port();
    SmtpSink sink(port);
    queue_magic_links(g_db->conninfo(), numbered("batch", 20));
    BOOST_TEST_REQUIRE(run_once(g_db->config(smtp_to(port)), logs) == 0);
    BOOST_TEST(sink.messages().size() == 20u);
    BOOST_TEST(sink.sessions() == 1);
}

BOOST_FIXTURE_TEST_CASE(with_the_smtp_server_down_messages_wait_then_all_arrive_once, EmptyOutbox) {
    TempDir logs;
    int port = free_port();  // nothing listens there yet
    auto m = start_mailer(g_db->config(smtp_to(port)), {"--seconds", "40"}, logs);
    BOOST_TEST_REQUIRE(listening(*m));
    queue_magic_links(g_db->conninfo(), numbered("down", 20));

    BOOST_TEST(wait_until([] { return count_where("last_error LIKE '%connect%'") > 0; }, 5));
    BOOST_TEST(count_where("status IN ('queued', 'sending')") == 20);
    BOOST_TEST(count_where("status = 'dead'") == 0);

    SmtpSink sink(port);
    BOOST_TEST_REQUIRE(sink.wait_for(20, 15), m->output());
    BOOST_TEST(wait_until([] { return count_where("status = 'sent'") == 20; }, 5));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // nothing more comes
    auto ids = ids_of(sink.messages());
    BOOST_TEST(ids.size() == 20u);
    BOOST_TEST((std::set<std::string>(ids.begin(), ids.end()) == expected_ids()));
}

BOOST_FIXTURE_TEST_CASE(a_550_makes_a_message_dead_with_the_error_kept_and_the_rest_go,
                        EmptyOutbox) {
    TempDir logs;
    int port = free_port();
    SmtpSink sink(port);
    auto queued = queue_magic_links(g_db->conninfo(), {"reject-me@example.com", "ann@example.com"});
    BOOST_TEST_REQUIRE(run_once(g_db->config(smtp_to(port)), logs) == 0);
    BOOST_TEST(status_of(queued[0].id) == "dead");
    std::string error = field_of(queued[0].id, "last_error");
    BOOST_TEST(error.find("550 5.1.1") != std::string::npos, error);
    BOOST_TEST(field_of(queued[0].id, "attempts") == "1");  // permanent: never tried again
    BOOST_TEST(status_of(queued[1].id) == "sent");
    BOOST_TEST(sink.messages().size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(a_451_is_retried_with_backoff_until_it_is_accepted, EmptyOutbox) {
    TempDir logs;
    int port = free_port();
    SmtpSink sink(port);
    auto queued = queue_magic_links(g_db->conninfo(), {"tempfail2-ann@example.com"});
    auto started = Clock::now();
    auto m = start_mailer(g_db->config(smtp_to(port)), {"--seconds", "20"}, logs);
    BOOST_TEST_REQUIRE(wait_until([&] { return status_of(queued[0].id) == "sent"; }, 12),
                       m->output());
    BOOST_TEST(field_of(queued[0].id, "attempts") == "3");
    BOOST_TEST(field_of(queued[0].id, "last_error").find("451 4.3.0") != std::string::npos);
    // Two waits, each at least half of 1 s and 2 s (exponential backoff with jitter).
    BOOST_TEST(seconds_since(started) >= 1.5);
    BOOST_TEST(sink.messages().size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(after_the_last_attempt_a_message_is_dead_with_its_last_error, EmptyOutbox) {
    TempDir logs;
    int port = free_port();
    SmtpSink sink(port);
    auto queued = queue_magic_links(g_db->conninfo(), {"tempfail99-bob@example.com"});
    auto m = start_mailer(g_db->config(smtp_to(port, {{"outbox_max_attempts", "2"}})),
                          {"--seconds", "20"}, logs);
    BOOST_TEST_REQUIRE(wait_until([&] { return status_of(queued[0].id) == "dead"; }, 10),
                       m->output());
    BOOST_TEST(field_of(queued[0].id, "attempts") == "2");
    std::string error = field_of(queued[0].id, "last_error");
    BOOST_TEST(error.find("451 4.3.0") != std::string::npos, error);
    BOOST_TEST(error.find("gave up after 2 attempts") != std::string::npos, error);
    BOOST_TEST(sink.messages().empty());
}

BOOST_FIXTURE_TEST_CASE(two_runners_at_once_send_each_message_exactly_once, EmptyOutbox) {
    TempDir logs;
    int port = free_port();
    SmtpSink sink(port, {"--delay-ms", "4"});
    queue_magic_links(g_db->conninfo(), numbered("twice", 200));
    std::string conf = g_db->config(smtp_to(port));
    auto a = start_mailer(conf, {"--once"}, logs, "a");
    auto b = start_mailer(conf, {"--once"}, logs, "b");
    BOOST_TEST(a->wait(30) == 0);
    BOOST_TEST(b->wait(30) == 0);
    auto ids = ids_of(sink.messages());
    BOOST_TEST(ids.size() == 200u);
    BOOST_TEST((std::set<std::string>(ids.begin(), ids.end()) == expected_ids()));
    BOOST_TEST(count_where("status = 'sent'") == 200);
    // Both really worked, side by side (SKIP LOCKED let each take rows the other had not).
    auto sent_by = [](const std::string& log) {
        size_t n = 0;
        for (size_t at = log.find(" sent "); at != std::string::npos;
             at = log.find(" sent ", at + 1))
            ++n;
        return n;
    };
    BOOST_TEST(sent_by(a->output()) > 0u);
    BOOST_TEST(sent_by(b->output()) > 0u);
    BOOST_TEST(sent_by(a->output()) + sent_by(b->output()) == 200u);

    // Two cron runners: the second waits for the runner lock instead of sending beside it.
    auto c = start_mailer(conf, {"--seconds", "3"}, logs, "c");
    BOOST_TEST_REQUIRE(listening(*c));
    auto d = start_mailer(conf, {"--seconds", "2"}, logs, "d");
    queue_magic_links(g_db->conninfo(), numbered("cron", 5));
    BOOST_TEST(sink.wait_for(205, 5));
    BOOST_TEST(d->wait(5) == 0);
    BOOST_TEST(d->output().find("waiting for the runner lock") != std::string::npos, d->output());
    BOOST_TEST(d->output().find(" sent ") == std::string::npos);
    BOOST_TEST(c->wait(5) == 0);  // a cron runner ends by itself when its time is up
    BOOST_TEST(sink.messages().size() == 205u);
}

BOOST_FIXTURE_TEST_CASE(a_runner_killed_with_sigkill_mid_batch_loses_nothing, EmptyOutbox) {
    TempDir logs;
    int port = free_port();
    SmtpSink sink(port, {"--delay-ms", "10"});
    queue_magic_links(g_db->conninfo(), numbered("kill", 150));
    std::string conf = g_db->config(smtp_to(port));
    auto a = start_mailer(conf, {"--watch"}, logs, "a");
    BOOST_TEST_REQUIRE(sink.wait_for(20, 10));
    a->kill(SIGKILL);
    BOOST_TEST(a->wait(5) == -1);  // killed, not exited
    size_t before = sink.messages().size();
    BOOST_TEST(before < 150u);
    BOOST_TEST(count_where("status = 'sending'") > 0);  // the dead runner's claim

    auto b = start_mailer(conf, {"--watch"}, logs, "b");
    BOOST_TEST_REQUIRE(wait_until([] { return count_where("status = 'sent'") == 150; }, 20),
                       b->output());
    auto ids = ids_of(sink.messages());
    std::set<std::string> unique(ids.begin(), ids.end());
    BOOST_TEST((unique == expected_ids()));
    // At most the message in flight when the runner died went twice (with one Message-ID).
    BOOST_TEST(ids.size() <= 151u);
    BOOST_TEST_MESSAGE("killed after " << before << " messages; " << ids.size() - unique.size()
                                       << " sent twice");
}

BOOST_FIXTURE_TEST_CASE(listen_mode_delivers_within_two_seconds_of_the_insert, EmptyOutbox) {
    TempDir logs;
    int port = free_port();
    SmtpSink sink(port);
    std::string conf = g_db->config(smtp_to(port));
    {
        auto m = start_mailer(conf, {"--watch"}, logs, "watch");
        BOOST_TEST_REQUIRE(listening(*m));
        for (int i = 1; i <= 3; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the runner is idle
            auto t0 = Clock::now();
            queue_magic_links(g_db->conninfo(), {"listen" + std::to_string(i) + "@example.com"});
            BOOST_TEST_REQUIRE(sink.wait_for(i, 2));
            double s = seconds_since(t0);
            BOOST_TEST(s < 2.0);
            BOOST_TEST_MESSAGE("--watch: queued to accepted in " << s * 1000 << " ms");
        }
        m->kill(SIGTERM);
        BOOST_TEST(m->wait(5) == 0);
    }
    // The cron mode listens the same way for the rest of its minute.
    auto c = start_mailer(conf, {"--seconds", "10"}, logs, "cron");
    BOOST_TEST_REQUIRE(listening(*c));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto t0 = Clock::now();
    queue_magic_links(g_db->conninfo(), {"listen-cron@example.com"});
    BOOST_TEST_REQUIRE(sink.wait_for(4, 2));
    BOOST_TEST(seconds_since(t0) < 2.0);
    BOOST_TEST_MESSAGE("cron mode: queued to accepted in " << seconds_since(t0) * 1000 << " ms");
}

BOOST_FIXTURE_TEST_CASE(an_expired_magic_link_is_not_sent, EmptyOutbox) {
    TempDir logs;
    int port = free_port();
    SmtpSink sink(port);
    auto queued = queue_magic_links(g_db->conninfo(), {"late@example.com", "intime@example.com"});
    g_db->query("UPDATE outbox SET not_after = now() - interval '1 second' WHERE id = " +
                std::to_string(queued[0].id) + " RETURNING id");
    BOOST_TEST_REQUIRE(run_once(g_db->config(smtp_to(port)), logs) == 0);
    BOOST_TEST(status_of(queued[0].id) == "expired");
    BOOST_TEST(status_of(queued[1].id) == "sent");
    auto messages = sink.messages();
    BOOST_TEST_REQUIRE(messages.size() == 1u);
    BOOST_TEST(header_of(messages[0], "To") == "intime@example.com");
}

BOOST_FIXTURE_TEST_CASE(a_link_that_expires_while_the_server_is_down_is_never_sent_late,
                        EmptyOutbox) {
    TempDir logs;
    int port = free_port();
    auto m = start_mailer(g_db->config(smtp_to(port)), {"--seconds", "20"}, logs);
    BOOST_TEST_REQUIRE(listening(*m));
    auto queued = queue_magic_links(g_db->conninfo(), {"waiting@example.com"}, 2);
    BOOST_TEST(wait_until([&] { return status_of(queued[0].id) == "expired"; }, 6), m->output());
    SmtpSink sink(port);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    BOOST_TEST(sink.messages().empty());
    BOOST_TEST(status_of(queued[0].id) == "expired");
}

BOOST_FIXTURE_TEST_CASE(smtp_auth_is_used_and_a_refused_login_keeps_messages_queued, EmptyOutbox) {
    TempDir logs;
    int port = free_port();
    SmtpSink sink(port, {"--auth", "mailer:s3cret-pass"});
    auto ok = queue_magic_links(g_db->conninfo(), {"authok@example.com"});
    BOOST_TEST_REQUIRE(run_once(g_db->config(smtp_to(port, {{"mail_username", "mailer"},
                                                            {"mail_password", "s3cret-pass"}})),
                                logs, "right") == 0);
    BOOST_TEST(status_of(ok[0].id) == "sent");

    auto refused = queue_magic_links(g_db->conninfo(), {"authbad@example.com"});
    BOOST_TEST_REQUIRE(run_once(g_db->config(smtp_to(port, {{"mail_username", "mailer"},
                                                            {"mail_password", "wrong-pass"}})),
                                logs, "wrong") == 0);
    BOOST_TEST(status_of(refused[0].id) == "queued");  // our mistake, not the message's: retried
    std::string error = field_of(refused[0].id, "last_error");
    BOOST_TEST(error.find("Login denied") != std::string::npos, error);
    BOOST_TEST(error.find("wrong-pass") == std::string::npos);
    BOOST_TEST(sink.messages().size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(with_starttls_required_a_server_without_it_gets_nothing, EmptyOutbox) {
    TempDir logs;
    int port = free_port();
    SmtpSink sink(port);  // offers no STARTTLS
    auto queued = queue_magic_links(g_db->conninfo(), {"tls@example.com"});
    BOOST_TEST_REQUIRE(run_once(g_db->config(smtp_to(port, {{"mail_starttls", "yes"}})), logs) ==
                       0);
    BOOST_TEST(sink.messages().empty());
    BOOST_TEST(status_of(queued[0].id) == "queued");
    BOOST_TEST(!field_of(queued[0].id, "last_error").empty());
}

BOOST_FIXTURE_TEST_CASE(sms_and_whatsapp_reach_the_gateway_as_json_with_the_bearer_token,
                        EmptyOutbox) {
    TempDir logs, mail;
    int port = free_port();
    Gateway gateway(port);
    std::string base = "http://127.0.0.1:" + std::to_string(port);
    std::string conf = g_db->config({{"mail_transport", "maildir:" + mail.path()},
                                     {"mail_from", "portal@portal.test"},
                                     {"sms_gateway_url", base + "/v1/sms"},
                                     {"sms_gateway_token", "tok-sms-123"},
                                     {"whatsapp_gateway_url", base + "/v1/whatsapp"},
                                     {"whatsapp_gateway_token", "tok-wa-456"}});
    long sms, wa;
    {
        portal::Db db(g_db->conninfo());
        pqxx::work tx(db.conn());
        long g = garage_id(g_db->conninfo());
        sms = portal::enqueue_sms(tx, g, "+447700900101", "Your car is \"ready\": https://x.test/a",
                                  "sms", "job_ready", 0);
        wa = portal::enqueue_sms(tx, g, "+447700900102", "Your quote is ready: https://x.test/q",
                                 "whatsapp", "quote", 3600);
        tx.commit();
    }
    BOOST_TEST_REQUIRE(run_once(conf, logs) == 0);
    auto requests = gateway.requests();
    BOOST_TEST_REQUIRE(requests.size() == 2u);
    const std::string& s = requests[0];
    BOOST_TEST(s.rfind("POST /v1/sms\n", 0) == 0u, s);
    BOOST_TEST(s.find("Authorization: Bearer tok-sms-123\n") != std::string::npos, s);
    BOOST_TEST(s.find("Content-Type: application/json\n") != std::string::npos);
    BOOST_TEST(s.find("Idempotency-Key: " + field_of(sms, "message_id") + "@portal.test\n") !=
               std::string::npos);
    BOOST_TEST(
        s.find("\"channel\":\"sms\",\"to\":\"+447700900101\","
               "\"text\":\"Your car is \\\"ready\\\": https://x.test/a\"}") != std::string::npos,
        s);
    BOOST_TEST(s.find("preview_url") == std::string::npos);
    const std::string& w = requests[1];
    BOOST_TEST(w.rfind("POST /v1/whatsapp\n", 0) == 0u, w);
    BOOST_TEST(w.find("Authorization: Bearer tok-wa-456\n") != std::string::npos);
    BOOST_TEST(w.find("\"to\":\"+447700900102\"") != std::string::npos);
    BOOST_TEST(w.find("\"preview_url\":false") != std::string::npos, w);
    BOOST_TEST(status_of(sms) == "sent");
    BOOST_TEST(status_of(wa) == "sent");
}

BOOST_FIXTURE_TEST_CASE(gateway_5xx_is_retried_and_4xx_is_permanent, EmptyOutbox) {
    TempDir logs, mail;
    int port = free_port();
    Gateway gateway(port, {"--fail-first", "2"});
    std::string conf = g_db->config(smtp_to(
        free_port(), {{"sms_gateway_url", "http://127.0.0.1:" + std::to_string(port) + "/sms"},
                      {"sms_gateway_token", "t"}}));
    long good, bad;
    {
        portal::Db db(g_db->conninfo());
        pqxx::work tx(db.conn());
        long g = garage_id(g_db->conninfo());
        good = portal::enqueue_sms(tx, g, "+447700900101", "hello", "sms", "test", 0);
        bad = portal::enqueue_sms(tx, g, "+447700900000", "hello", "sms", "test", 0);
        tx.commit();
    }
    auto m = start_mailer(conf, {"--seconds", "20"}, logs);
    BOOST_TEST_REQUIRE(
        wait_until([&] { return status_of(good) == "sent" && status_of(bad) == "dead"; }, 10),
        m->output());
    BOOST_TEST(field_of(good, "attempts") == "2");
    BOOST_TEST(field_of(good, "last_error").find("answered 503") != std::string::npos);
    BOOST_TEST(field_of(bad, "last_error").find("answered 400: {\"error\": \"invalid number\"}") !=
                   std::string::npos,
               field_of(bad, "last_error"));
    BOOST_TEST(gateway.requests().size() == 4u);
}

BOOST_FIXTURE_TEST_CASE(the_mailer_survives_postgresql_going_away, EmptyOutbox) {
    TempDir logs;
    int port = free_port();
    SmtpSink sink(port);
    auto m = start_mailer(g_db->config(smtp_to(port)), {"--watch"}, logs);
    BOOST_TEST_REQUIRE(listening(*m));
    std::string stack = "bash '" + itest::repo_dir() + "/scripts/stack.sh' ";
    int status = -1;
    itest::shell(stack + "pg-stop '" + itest::stack_dir() + "'", &status);
    BOOST_TEST_REQUIRE(status == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    BOOST_TEST(m->running());
    itest::shell(stack + "pg-start '" + itest::stack_dir() + "'", &status);
    BOOST_TEST_REQUIRE(status == 0);

    queue_magic_links(g_db->conninfo(), {"after-outage@example.com"});
    BOOST_TEST(sink.wait_for(1, 15), m->output());
    BOOST_TEST(m->running());
    BOOST_TEST(m->output().find("database error") != std::string::npos);
    // The stack's own mailer came through too.
    itest::shell("kill -0 \"$(cat '" + itest::stack_dir() + "/run/mailer.pid')\"", &status);
    BOOST_TEST(status == 0);
}

BOOST_FIXTURE_TEST_CASE(the_stack_mailer_delivers_to_the_dev_mailbox_within_two_seconds,
                        EmptyOutbox) {
    std::string stack_db = "host=" + itest::stack_dir() + "/run/pg dbname=portal user=portal";
    std::string to = "mailer-devbox-" + std::to_string(std::random_device{}()) + "@example.com";
    auto t0 = Clock::now();
    auto queued = queue_magic_links(stack_db, {to});
    std::string found;
    BOOST_TEST_REQUIRE(wait_until(
        [&] {
            for (const auto& f : files_in(itest::stack_dir() + "/mail", ".eml"))
                if (read_file(f).find("\r\nTo: " + to + "\r\n") != std::string::npos) found = f;
            return !found.empty();
        },
        2));
    BOOST_TEST_MESSAGE("stack mailer: queued to written in " << seconds_since(t0) * 1000 << " ms");
    std::string check = check_mime(found, queued[0].link);
    BOOST_TEST(check.rfind("ok\n", 0) == 0u, check);
}

BOOST_FIXTURE_TEST_CASE(portalctl_lists_and_retries_a_dead_message, EmptyOutbox) {
    TempDir logs;
    int port = free_port();  // down: with one attempt allowed, the message dies
    std::string conf = g_db->config(smtp_to(port, {{"outbox_max_attempts", "1"}}));
    auto queued = queue_magic_links(g_db->conninfo(), {"retry-me@example.com"});
    BOOST_TEST_REQUIRE(run_once(conf, logs) == 0);
    BOOST_TEST_REQUIRE(status_of(queued[0].id) == "dead");
    std::string id = std::to_string(queued[0].id);
    auto ctl = [&](const std::string& args, int* status) {
        return itest::shell("PORTAL_CONF='" + conf + "' '" + itest::repo_dir() +
                                "/build/sbin/portalctl' outbox " + args + " 2>&1",
                            status);
    };
    int status = -1;
    std::string out = ctl("list --status dead", &status);
    BOOST_TEST(status == 0);
    BOOST_TEST(out.find(id) != std::string::npos, out);
    BOOST_TEST(out.find("retry-me@example.com") != std::string::npos);
    BOOST_TEST(out.find("Couldn't connect") != std::string::npos, out);
    BOOST_TEST(ctl("list --status sent", &status) == "no messages with status sent\n");

    SmtpSink sink(port);
    out = ctl("retry " + id, &status);
    BOOST_TEST(status == 0);
    BOOST_TEST(out == "queued message " + id + " to retry-me@example.com again (was dead)\n");
    BOOST_TEST(run_once(conf, logs, "again") == 0);
    BOOST_TEST(status_of(queued[0].id) == "sent");
    BOOST_TEST(sink.messages().size() == 1u);

    BOOST_TEST(ctl("retry " + id, &status).find("was sent already") != std::string::npos);
    BOOST_TEST(status == 1);
    BOOST_TEST(ctl("retry 999999999", &status).find("no message with ID 999999999") !=
               std::string::npos);
    BOOST_TEST(status == 1);
    BOOST_TEST(ctl("list --status bogus", &status).find("--status must be one of") !=
               std::string::npos);
    BOOST_TEST(status == 2);
    BOOST_TEST(ctl("--help", &status).find("usage: portalctl outbox") != std::string::npos);
    BOOST_TEST(status == 0);
}

BOOST_FIXTURE_TEST_CASE(enqueue_refuses_header_injection_and_malformed_numbers, EmptyOutbox) {
    portal::Db db(g_db->conninfo());
    pqxx::work tx(db.conn());
    portal::OutgoingEmail m;
    m.garage_id = garage_id(g_db->conninfo());
    m.to = "ann@example.com\r\nBcc: everyone@example.com";
    m.subject = "Hi";
    m.text = "x";
    BOOST_CHECK_THROW(portal::enqueue_email(tx, m), std::invalid_argument);
    m.to = "ann@example.com";
    m.subject = "Hi\nBcc: everyone@example.com";
    BOOST_CHECK_THROW(portal::enqueue_email(tx, m), std::invalid_argument);
    m.subject = "Hi";
    m.text = "";
    BOOST_CHECK_THROW(portal::enqueue_email(tx, m), std::invalid_argument);
    BOOST_CHECK_THROW(portal::enqueue_sms(tx, m.garage_id, "07700 900101", "x", "sms", "t", 0),
                      std::invalid_argument);
    BOOST_CHECK_THROW(portal::enqueue_sms(tx, m.garage_id, "+447700900101", "x", "fax", "t", 0),
                      std::invalid_argument);
    m.text = "x";
    long id = portal::enqueue_email(tx, m);
    BOOST_TEST(id > 0);
    tx.abort();  // queued only if the caller's transaction commits
    BOOST_TEST(count_where("true") == 0);
}

BOOST_AUTO_TEST_CASE(portal_mailer_explains_itself_and_refuses_bad_arguments) {
    std::string bin = "'" + itest::repo_dir() + "/build/sbin/portal-mailer'";
    int status = -1;
    BOOST_TEST(itest::shell(bin + " --help", &status).find("usage: portal-mailer") !=
               std::string::npos);
    BOOST_TEST(status == 0);
    BOOST_TEST(itest::shell(bin + " --sideways 2>&1", &status).find("unexpected argument") !=
               std::string::npos);
    BOOST_TEST(status == 2);
    BOOST_TEST(itest::shell(bin + " --once --seconds 5 2>&1", &status).find("--seconds") !=
               std::string::npos);
    BOOST_TEST(status == 2);
}

BOOST_AUTO_TEST_SUITE_END()
