// Integration tests: the real stack (nginx, page programs, PostgreSQL) over HTTP.
#define BOOST_TEST_MODULE portal_integration
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <curl/curl.h>

struct CurlGlobal {
    CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
    ~CurlGlobal() { curl_global_cleanup(); }
};
BOOST_TEST_GLOBAL_FIXTURE(CurlGlobal);
