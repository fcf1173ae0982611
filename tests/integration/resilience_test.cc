// Failures of the parts around a page: a killed worker is replaced; a database outage gives a
// friendly 503 and the portal recovers by itself when PostgreSQL is back.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "client.h"

using namespace itest;

BOOST_AUTO_TEST_SUITE(resilience)

BOOST_AUTO_TEST_CASE(a_worker_killed_with_sigkill_is_replaced_and_requests_keep_succeeding) {
    std::vector<int> before = workers("login");
    BOOST_TEST_REQUIRE(before.size() >= 2u);
    shell("kill -KILL " + std::to_string(before[0]));
    for (int i = 0; i < 20; ++i) BOOST_TEST(get("smiths.localhost", "/login").status == 200);
    std::vector<int> after;
    for (int i = 0; i < 50; ++i) {
        after = workers("login");
        if (after.size() == before.size()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    BOOST_TEST(after.size() == before.size());
    BOOST_TEST(std::count(after.begin(), after.end(), before[0]) == 0);
}

BOOST_AUTO_TEST_CASE(with_postgresql_stopped_pages_answer_503_and_recover_by_themselves) {
    int status = -1;
    shell("bash '" + repo_dir() + "/scripts/stack.sh' pg-stop '" + stack_dir() + "'", &status);
    BOOST_TEST_REQUIRE(status == 0);

    // A host no worker has cached yet needs the database.
    std::string host = "fresh" + std::to_string(std::random_device{}() % 100000) + ".localhost";
    Reply r = get(host, "/login");
    BOOST_TEST(r.status == 503);
    BOOST_TEST(r.has("The portal is taking a short break. Please try again in a minute."));
    BOOST_TEST(r.header("retry-after") == "30");
    BOOST_TEST(!r.has("could not connect"));  // libpq's words stay in the log
    BOOST_TEST(get("127.0.0.1", "/healthz").status == 503);

    shell("bash '" + repo_dir() + "/scripts/stack.sh' pg-start '" + stack_dir() + "'", &status);
    BOOST_TEST_REQUIRE(status == 0);
    // Every worker saw its connection break; each must reconnect on its own.
    for (int i = 0; i < 10; ++i) {
        BOOST_TEST(get("127.0.0.1", "/healthz").status == 200);
        BOOST_TEST(get(host, "/login").status == 404);  // unknown garage, now that we can ask
        BOOST_TEST(get("smiths.localhost", "/login").status == 200);
    }
}

BOOST_AUTO_TEST_SUITE_END()
