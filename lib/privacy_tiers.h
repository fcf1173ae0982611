// Privacy tiers: what the garage's voice assistant may say when someone phones about a customer
// (DESIGN.md "Domain notes": Open Access, PIN Required, Limited Info, Zero Disclosure).
#pragma once

#include <string_view>
#include <vector>

namespace portal {

struct PrivacyTier {
    const char* code;  // as customers.privacy_tier stores it: FULL, PIN, RESTRICTED, BLOCKED
    const char* name;  // "Open Access"
    const char* says;  // what the assistant says, in the customer's words
    bool needs_pin;    // may be chosen only once a voice PIN is set
    bool alerts;       // the customer may be alerted when someone asks (Zero Disclosure)
};

// The four tiers, most open first.
const std::vector<PrivacyTier>& privacy_tiers();
// The tier with that code; nullptr for none.
const PrivacyTier* privacy_tier(std::string_view code);

}  // namespace portal
