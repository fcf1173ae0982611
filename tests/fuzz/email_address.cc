// Fuzzes portal::canonical_email: an address it returns is printable ASCII with one '@', at most
// 254 bytes, lower case, its own canonical form, and accepted by portal::valid_address.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "check.h"
#include "email_address.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    // valid_address must not crash on anything; its answer is checked on canonical forms below.
    portal::valid_address(input);
    auto address = portal::canonical_email(input);
    if (!address) return 0;
    size_t ats = 0;
    for (char c : *address) {
        FUZZ_CHECK(c >= 0x21 && c <= 0x7E, "printable ASCII only");
        FUZZ_CHECK(!(c >= 'A' && c <= 'Z'), "no upper-case letters");
        if (c == '@') ++ats;
    }
    FUZZ_CHECK(ats == 1, "exactly one '@'");
    FUZZ_CHECK(address->size() <= 254, "at most 254 bytes (RFC 5321)");
    FUZZ_CHECK(portal::canonical_email(*address) == address, "the canonical form is a fixed point");
    FUZZ_CHECK(portal::valid_address(*address), "valid_address accepts the canonical form");
    return 0;
}
