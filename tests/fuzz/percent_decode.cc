// Fuzzes portal::percent_decode in both modes: a success never holds a NUL, never grows the
// input, and the two modes (which differ only in '+') agree on success and length.
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "check.h"
#include "http.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view in(reinterpret_cast<const char*>(data), size);
    std::string path, form;
    bool path_ok = portal::percent_decode(in, false, path);
    bool form_ok = portal::percent_decode(in, true, form);
    for (const auto& [ok, out] : {std::pair{path_ok, &path}, std::pair{form_ok, &form}}) {
        if (!ok) continue;
        FUZZ_CHECK(out->find('\0') == std::string::npos, "a decoded string has no NUL");
        FUZZ_CHECK(out->size() <= in.size(), "decoding never makes the input longer");
    }
    FUZZ_CHECK(path_ok == form_ok, "both modes accept the same escapes");
    if (path_ok) FUZZ_CHECK(path.size() == form.size(), "'+' decodes to one byte");
    return 0;
}
