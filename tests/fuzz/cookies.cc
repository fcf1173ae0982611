// Fuzzes portal::parse_cookies: every cookie it returns has a non-empty name, and neither name
// nor value holds the ';' that separates cookies.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "check.h"
#include "http.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view header(reinterpret_cast<const char*>(data), size);
    for (const auto& [name, value] : portal::parse_cookies(header)) {
        FUZZ_CHECK(!name.empty(), "cookie names are not empty");
        FUZZ_CHECK(name.find(';') == std::string::npos, "cookie names have no ';'");
        FUZZ_CHECK(value.find(';') == std::string::npos, "cookie values have no ';'");
    }
    return 0;
}
