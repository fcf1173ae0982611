// Voice PINs: the digits a caller says to the garage's voice assistant at PIN Required. Stored
// with Argon2id like passwords (password.h); the rules a new PIN must meet.
#pragma once

#include <pqxx/pqxx>
#include <string>
#include <string_view>

namespace portal {

constexpr size_t kMinPinDigits = 4, kMaxPinDigits = 8;

// Why a new PIN is refused, in words for the customer; "" when it is acceptable. Refused: other
// than 4–8 digits, the two entries differing, one digit repeated (0000), a run up or down (1234,
// 987654), a repeated pair (1212), a keypad column (2580), and the last digits of `phone` (the
// customer's own number, which a caller who knows them knows too).
std::string pin_problem(std::string_view pin, std::string_view confirm, std::string_view phone);

// Hashes `pin` and makes it the customer's voice PIN (voice_pin_changed_at now). Returns whether
// the customer had a PIN before (a change rather than a first PIN).
bool store_voice_pin(pqxx::transaction_base& tx, long garage_id, long customer_id,
                     std::string_view pin);

}  // namespace portal
