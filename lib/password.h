// Passwords and voice PINs: Argon2id hashes, and the rules a new password must meet.
#pragma once

#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

namespace portal {

// Argon2id, m = 19456 KiB, t = 2, p = 1 (OWASP's minimum), random 16-byte salt; PHC string.
std::string hash_password(std::string_view password);
// Verifies against a PHC string; false for a wrong password or a malformed hash.
bool verify_password(std::string_view password, const std::string& encoded);
// Spends the time of one verification without a hash to check, so "no such customer" and
// "no password set" take as long as a wrong password.
void verify_nothing(std::string_view password);

// Hashes `password` and makes it the customer's password (password_changed_at now).
void store_password(pqxx::transaction_base& tx, long garage_id, long customer_id,
                    std::string_view password);

// What change_password did.
enum class PasswordChange { first_set, changed, wrong_current };

// The rule for every page that sets a password (the caller has checked a recent sign-in and the
// new password's problems): a first password needs nothing more; replacing one also needs the
// current password (wrong_current: nothing changes). On success the hash is stored, every
// outstanding sign-in token retired, and every session but `keep_session_id` ended. A change
// (not a first password) must also be told to the customer: the caller emails the notice.
PasswordChange change_password(pqxx::transaction_base& tx, long garage_id, long customer_id,
                               long keep_session_id, std::string_view current,
                               std::string_view new_password);

// Why a new password is refused, in words for the customer; "" when it is acceptable.
// `personal` holds words a guesser would try first (names, the email's local part, garage name).
std::string password_problem(std::string_view password, std::string_view confirm,
                             const std::vector<std::string>& personal);

}  // namespace portal
