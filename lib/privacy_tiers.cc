// Privacy tiers: what the garage's voice assistant may say when someone phones about a customer.
#include "privacy_tiers.h"

namespace portal {

const std::vector<PrivacyTier>& privacy_tiers() {
    static const std::vector<PrivacyTier> tiers{
        {"FULL", "Open Access",
         "The assistant confirms the caller is one of our customers and answers questions about "
         "your vehicles, bookings and account.",
         false, false},
        {"PIN", "PIN Required",
         "The assistant confirms an account exists but shares nothing until the caller says your "
         "voice PIN.",
         true, false},
        {"RESTRICTED", "Limited Info",
         "The assistant confirms you are a customer and speaks only in general terms.", false,
         false},
        {"BLOCKED", "Zero Disclosure",
         "The assistant acts as if there were no such customer. Our staff can still see your "
         "account.",
         false, true},
    };
    return tiers;
}

const PrivacyTier* privacy_tier(std::string_view code) {
    for (const auto& t : privacy_tiers())
        if (code == t.code) return &t;
    return nullptr;
}

}  // namespace portal
