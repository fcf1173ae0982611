// Fuzzes portal::is_local_path (the next= redirect check): a path it accepts can never name
// another host, whatever a browser does with it (written from the rule, not from the code).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "check.h"
#include "validate.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view path(reinterpret_cast<const char*>(data), size);
    if (!portal::is_local_path(path)) return 0;
    // "/" alone is the home page; otherwise one '/' and then neither '/' nor '\', which browsers
    // read as "//host" (a scheme-relative URL).
    FUZZ_CHECK(!path.empty() && path[0] == '/', "starts with '/'");
    FUZZ_CHECK(path.size() == 1 || (path[1] != '/' && path[1] != '\\'),
               "exactly one '/' before the first segment");
    for (unsigned char c : path) {
        // Browsers drop tabs and newlines inside URLs and read '\' as '/': "/\t/host" would
        // become "//host".
        FUZZ_CHECK(c >= 0x21, "no spaces or control bytes");
        FUZZ_CHECK(c != 0x7F, "no DEL");
        FUZZ_CHECK(c != '\\', "no backslash");
    }
    return 0;
}
