// Tokens, codes, hashes, Argon2id passwords, password rules and CSRF tokens.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <set>

#include "csrf.h"
#include "password.h"
#include "tokens.h"
#include "validate.h"

using namespace portal;

BOOST_AUTO_TEST_SUITE(secrets)

BOOST_AUTO_TEST_CASE(tokens_are_256_bit_base64url_and_never_repeat) {
    std::set<std::string> seen;
    for (int i = 0; i < 2000; ++i) {
        std::string t = random_token();
        BOOST_TEST_REQUIRE(v::token()(t), t);
        seen.insert(t);
    }
    BOOST_TEST(seen.size() == 2000u);
    // Every position uses the whole alphabet over many tokens (no stuck bits).
    std::set<char> first, last;
    for (const auto& t : seen) {
        first.insert(t[0]);
        last.insert(t[42]);
    }
    BOOST_TEST(first.size() == 64u);
    BOOST_TEST(last.size() == 64u);
}

BOOST_AUTO_TEST_CASE(codes_are_six_digits_spread_over_the_range) {
    int low = 0, high = 0;
    for (int i = 0; i < 2000; ++i) {
        std::string c = random_code();
        BOOST_TEST_REQUIRE(v::digits(6)(c), c);
        (c[0] < '5' ? low : high)++;
    }
    BOOST_TEST(low > 800);
    BOOST_TEST(high > 800);
}

BOOST_AUTO_TEST_CASE(sha256_matches_the_published_test_vector) {
    BOOST_TEST(hex(sha256("abc")) ==
               "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    BOOST_TEST(sha256("").size() == 32u);
    BOOST_TEST(equal_secrets("same", "same"));
    BOOST_TEST(!equal_secrets("same", "sane"));
    BOOST_TEST(!equal_secrets("same", "same!"));
}

BOOST_AUTO_TEST_CASE(argon2id_hashes_verify_and_are_salted) {
    std::string a = hash_password("tawny lantern gravel");
    std::string b = hash_password("tawny lantern gravel");
    BOOST_TEST(a.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0) == 0u, a);
    BOOST_TEST(a != b);  // a fresh salt every time
    BOOST_TEST(verify_password("tawny lantern gravel", a));
    BOOST_TEST(!verify_password("tawny lantern grave", a));
    BOOST_TEST(!verify_password("tawny lantern gravel", "not a hash"));
    BOOST_TEST(!verify_password("x", "$argon2i$v=19$m=16,t=2,p=1$c2FsdHNhbHQ$aGFzaA"));
}

BOOST_AUTO_TEST_CASE(password_rules_say_which_rule_failed) {
    std::vector<std::string> personal = {"Ann", "Archer", "ann.archer", "Smith's Garage"};
    struct Case {
        const char *password, *confirm, *problem;
    } cases[] = {
        {"short1!", "short1!", "Passwords must be at least 8 characters."},
        {"password", "password", "That password is too easy to guess."},
        {"12345678", "12345678", "That password is too easy to guess."},
        {"annarcher", "annarcher", "That password is too easy to guess."},
        {"tawny lantern gravel", "tawny lantern grave", "The two passwords don't match."},
        {"tawny lantern gravel", "tawny lantern gravel", ""},
        {"k9#Vq2!mZr", "k9#Vq2!mZr", ""},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.password) {
            std::string problem = password_problem(c.password, c.confirm, personal);
            BOOST_TEST(problem.rfind(c.problem, 0) == 0u, problem);
            if (!*c.problem) BOOST_TEST(problem.empty());
        }
    }
    std::string long_one(129, 'x');
    BOOST_TEST(password_problem(long_one, long_one, {}) ==
               "Passwords can be at most 128 characters.");
    // Characters, not bytes: eight accented letters are eight characters.
    std::string eight = "\xc3\xa9\xc3\xa8\xc3\xaa\xc3\xab\xc3\xa0\xc3\xa2\xc3\xa4\xc3\xa7";
    BOOST_TEST(password_problem(eight, eight, {}) != "Passwords must be at least 8 characters.");
}

BOOST_AUTO_TEST_CASE(csrf_tokens_are_bound_to_their_cookie) {
    std::string cookie = random_token();
    std::string token = csrf_token(cookie);
    BOOST_TEST(token.size() == 64u);
    BOOST_TEST(csrf_matches(token, cookie));
    BOOST_TEST(!csrf_matches(token, random_token()));
    BOOST_TEST(!csrf_matches("", cookie));
    BOOST_TEST(!csrf_matches(token, ""));
    BOOST_TEST(csrf_token(cookie) == token);  // stable for the life of the cookie
}

BOOST_AUTO_TEST_SUITE_END()
