// The garage's voice assistant asks what it may say about whoever owns a phone number or email
// address (portalctl voice): the answer follows the customer's privacy tier (privacy_tiers.h).
// Every question is recorded (voice_attempts); at Zero Disclosure the customer is alerted as
// they chose, at most once per channel per hour.
#pragma once

#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

#include "config.h"
#include "garage.h"
#include "work_orders.h"

namespace portal {

// Wrong PINs that lock a customer's PIN, and for how long (a rolling window).
constexpr int kMaxWrongPins = 5;
constexpr int kPinLockSeconds = 15 * 60;
// At most one alert per channel in this long, so a caller can't flood the customer's phone.
constexpr int kVoiceAlertSeconds = 60 * 60;

// Whom the assistant asks about: exactly one of the two.
struct VoiceSubject {
    std::string phone;  // as the caller ID gives it: "+447700900101" (only its digits count)
    std::string email;  // canonical (email_address.h)
};

struct VoiceVehicle {
    std::string registration, make, model, colour;
};

struct VoiceAnswer {
    // customer: everything below may be said (Open Access, or the right PIN);
    // pin_required: an account exists, and nothing more until the caller says the PIN;
    // customer_exists: the customer exists, and nothing more (Limited Info);
    // no_such_customer: for an unknown number and at Zero Disclosure alike;
    // pin_wrong: the PIN was wrong (pins_left more tries); pin_locked: too many wrong PINs.
    std::string answer;
    std::string first_name, last_name, title;
    std::vector<VoiceVehicle> vehicles;
    std::vector<Job> jobs;  // active, oldest booking first
    int pins_left = 0;
};

// What the assistant may say about the subject. Records the question, and alerts a customer at
// Zero Disclosure (queued in `tx`: the caller commits). `config` gives the links in emails.
VoiceAnswer voice_lookup(pqxx::transaction_base& tx, const Config& config, const Garage& garage,
                         const VoiceSubject& who);
// The same after the caller said `pin`: at PIN Required the PIN is checked (Argon2id) unless
// kMaxWrongPins wrong ones in kPinLockSeconds locked it; right, the answer is the Open Access one.
// At the other tiers the answer is the lookup's. An unknown subject and Zero Disclosure take one
// verification's time too, so the answer's timing tells nothing either.
VoiceAnswer voice_verify_pin(pqxx::transaction_base& tx, const Config& config, const Garage& garage,
                             const VoiceSubject& who, std::string_view pin);

}  // namespace portal
