// Voice PINs: the rules a new PIN must meet, and storing it as an Argon2id hash.
#include "voice_pin.h"

#include "db.h"
#include "password.h"

namespace portal {

namespace {
// Returns whether a PIN was set before: the old row's hash, read in the same statement.
const Statement kStorePin{
    "voice_pin_store",
    "UPDATE customers c SET voice_pin_hash = $3, voice_pin_changed_at = now()"
    " FROM (SELECT id, voice_pin_hash FROM customers WHERE garage_id = $1 AND id = $2 FOR UPDATE)"
    " old WHERE c.garage_id = $1 AND c.id = old.id RETURNING old.voice_pin_hash IS NOT NULL"};

bool all_digits(std::string_view s) {
    for (char ch : s)
        if (ch < '0' || ch > '9') return false;
    return true;
}

// Every digit one more (or one less) than the one before: 1234, 3456, 9876.
bool is_run(std::string_view pin, int step) {
    for (size_t i = 1; i < pin.size(); ++i)
        if (pin[i] - pin[i - 1] != step) return false;
    return true;
}

// The first `n` digits repeated to the end: 0000 (n = 1), 1212 or 121212 (n = 2).
bool repeats(std::string_view pin, size_t n) {
    for (size_t i = n; i < pin.size(); ++i)
        if (pin[i] != pin[i - n]) return false;
    return true;
}
}  // namespace

std::string pin_problem(std::string_view pin, std::string_view confirm, std::string_view phone) {
    if (!all_digits(pin) || pin.size() < kMinPinDigits || pin.size() > kMaxPinDigits)
        return "Your voice PIN must be 4 to 8 digits.";
    if (pin != confirm) return "The two PINs don't match.";
    if (repeats(pin, 1) || repeats(pin, 2) || is_run(pin, 1) || is_run(pin, -1) || pin == "2580" ||
        pin == "0852")
        return "That PIN is too easy to guess. Choose digits that don't follow a pattern.";
    std::string digits;
    for (char ch : phone)
        if (ch >= '0' && ch <= '9') digits.push_back(ch);
    if (digits.size() >= pin.size() &&
        digits.compare(digits.size() - pin.size(), pin.size(), pin) == 0)
        return "That PIN is the end of your phone number, which callers may know. Choose other "
               "digits.";
    return "";
}

bool store_voice_pin(pqxx::transaction_base& tx, long garage_id, long customer_id,
                     std::string_view pin) {
    return one_row(tx.exec_prepared(kStorePin.name, garage_id, customer_id, hash_password(pin)),
                   "We couldn't find that customer.")[0]
        .as<bool>();
}

}  // namespace portal
