// Fuzzes portal::parse_urlencoded: it only ever throws HttpError 400, and every field it returns
// is valid UTF-8 without NUL, within max_field_bytes, and there are at most max_fields of them.
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "check.h"
#include "http.h"

namespace {

void parse_within(std::string_view body, size_t max_fields, size_t max_field_bytes) {
    portal::Pairs fields;
    try {
        fields = portal::parse_urlencoded(body, max_fields, max_field_bytes);
    } catch (const portal::HttpError& e) {
        FUZZ_CHECK(e.status == 400, "parse_urlencoded refuses input with 400");
        return;
    }
    FUZZ_CHECK(fields.size() <= max_fields, "no more than max_fields fields");
    for (const auto& [name, value] : fields) {
        for (std::string_view s : {std::string_view(name), std::string_view(value)}) {
            FUZZ_CHECK(portal::valid_utf8(s), "names and values are valid UTF-8");
            FUZZ_CHECK(s.find('\0') == std::string_view::npos, "names and values have no NUL");
            FUZZ_CHECK(s.size() <= max_field_bytes, "names and values fit max_field_bytes");
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view body(reinterpret_cast<const char*>(data), size);
    // The production limits (config.h's defaults), then tight ones taken from the first byte so
    // that short inputs reach the field-count and field-length refusals too.
    parse_within(body, 64, 8192);
    if (size > 0) parse_within(body, data[0] % 8, data[0] / 8);
    return 0;
}
