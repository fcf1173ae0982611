// Unit tests of the portal library (Boost.Test): no servers, no database.
#define BOOST_TEST_MODULE portal_unit
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>
