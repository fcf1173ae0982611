// Passwords and voice PINs: Argon2id hashes, and the rules a new password must meet.
#include "password.h"

#include <argon2.h>
#include <sys/random.h>
#include <zxcvbn.h>

#include <cmath>
#include <stdexcept>

#include "auth_tokens.h"
#include "db.h"
#include "session.h"
#include "utf8.h"

namespace portal {

namespace {
const Statement kStore{"password_store",
                       "UPDATE customers SET password_hash = $3, password_changed_at = now()"
                       " WHERE garage_id = $1 AND id = $2"};
// Locks the row: two changes at once can't both pass the check against the old hash.
const Statement kCurrentHash{"password_current_hash",
                             "SELECT coalesce(password_hash, '') FROM customers"
                             " WHERE garage_id = $1 AND id = $2 FOR UPDATE"};
constexpr uint32_t kTimeCost = 2, kMemoryKiB = 19456, kLanes = 1, kSaltBytes = 16, kHashBytes = 32;
}  // namespace

std::string hash_password(std::string_view password) {
    unsigned char salt[kSaltBytes];
    if (::getrandom(salt, sizeof salt, 0) != static_cast<ssize_t>(sizeof salt))
        throw std::runtime_error("getrandom failed");
    std::string encoded(
        argon2_encodedlen(kTimeCost, kMemoryKiB, kLanes, kSaltBytes, kHashBytes, Argon2_id), '\0');
    int rc = argon2id_hash_encoded(kTimeCost, kMemoryKiB, kLanes, password.data(), password.size(),
                                   salt, sizeof salt, kHashBytes, encoded.data(), encoded.size());
    if (rc != ARGON2_OK) throw std::runtime_error(argon2_error_message(rc));
    encoded.resize(std::char_traits<char>::length(encoded.c_str()));
    return encoded;
}

bool verify_password(std::string_view password, const std::string& encoded) {
    if (encoded.rfind("$argon2id$", 0) != 0) return false;
    return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

void store_password(pqxx::transaction_base& tx, long garage_id, long customer_id,
                    std::string_view password) {
    tx.exec_prepared(kStore.name, garage_id, customer_id, hash_password(password));
}

PasswordChange change_password(pqxx::transaction_base& tx, long garage_id, long customer_id,
                               long keep_session_id, std::string_view current,
                               std::string_view new_password) {
    pqxx::result r = tx.exec_prepared(kCurrentHash.name, garage_id, customer_id);
    std::string hash = r.empty() ? "" : r[0][0].as<std::string>();
    if (!hash.empty() && !verify_password(current, hash)) return PasswordChange::wrong_current;
    store_password(tx, garage_id, customer_id, new_password);
    retire_all_tokens(tx, garage_id, customer_id);
    end_other_sessions(tx, garage_id, customer_id, keep_session_id);
    return hash.empty() ? PasswordChange::first_set : PasswordChange::changed;
}

void verify_nothing(std::string_view password) {
    // A real hash of a random string, made once: verifying against it costs a verification.
    static const std::string decoy = hash_password("decoy password that nobody has");
    verify_password(password, decoy);
}

std::string password_problem(std::string_view password, std::string_view confirm,
                             const std::vector<std::string>& personal) {
    size_t length = utf8_length(password);
    if (length < 8) return "Passwords must be at least 8 characters.";
    if (length > 128) return "Passwords can be at most 128 characters.";
    if (!valid_utf8(password)) return "That password contains characters we can't accept.";
    std::vector<const char*> dict;
    for (const auto& w : personal)
        if (w.size() >= 3) dict.push_back(w.c_str());
    dict.push_back(nullptr);
    std::string pw(password);
    double bits = ZxcvbnMatch(pw.c_str(), dict.data(), nullptr);
    // zxcvbn's score 2 ("somewhat guessable") starts at 10^6 guesses: log2(1e6) ≈ 19.9 bits.
    // Sign-in attempts are rate-limited, so that is the line between refused and accepted.
    if (bits < 19.9)
        return "That password is too easy to guess. Try a few unrelated words, or add more "
               "characters.";
    if (password != confirm) return "The two passwords don't match.";
    return "";
}

}  // namespace portal
