// Fuzzes portal::MultipartParser: fed a body in chunks whose sizes come from the input, it only
// ever throws HttpError 400 or 413, keeps every limit, reports only well-formed names, values and
// filenames, holds back a bounded number of bytes, and parses alike however the body is cut.
//
// Input: 4 bytes of chunk sizes (cycled; 0 is 64 KiB), 3 bytes of limits (a first byte of 0 is
// the production limits), a Content-Type line ending in '\n', then the body.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "check.h"
#include "http.h"
#include "multipart.h"

namespace {

void check_text(std::string_view s) {
    FUZZ_CHECK(portal::valid_utf8(s), "names and values are valid UTF-8");
    FUZZ_CHECK(s.find('\0') == std::string_view::npos, "names and values have no NUL");
}

// Checks each event as it comes, and records it as text (a file's data joined into one event) so
// that two parses of one body can be compared.
struct CheckingSink : portal::MultipartSink {
    const portal::MultipartLimits& limits;
    std::vector<std::string> events;
    size_t fields = 0, files = 0, file_bytes = 0, all_file_bytes = 0;
    bool in_file = false;

    explicit CheckingSink(const portal::MultipartLimits& limits) : limits(limits) {}

    void check_name(const std::string& name) const {
        check_text(name);
        FUZZ_CHECK(!name.empty(), "names are not empty");
        FUZZ_CHECK(name.size() <= limits.max_field_bytes, "names fit max_field_bytes");
        FUZZ_CHECK(!in_file, "a part begins only after the file before it ended");
    }
    void field(std::string name, std::string value) override {
        check_name(name);
        check_text(value);
        FUZZ_CHECK(value.size() <= limits.max_field_bytes, "values fit max_field_bytes");
        FUZZ_CHECK(++fields <= limits.max_fields, "no more than max_fields fields");
        events.push_back("field " + std::to_string(name.size()) + " " + name + "=" + value);
    }
    void begin_file(const std::string& name, const std::string& filename,
                    const std::string& content_type) override {
        check_name(name);
        FUZZ_CHECK(++files <= limits.max_files, "no more than max_files files");
        FUZZ_CHECK(portal::valid_utf8(filename), "filenames are valid UTF-8");
        FUZZ_CHECK(filename.find_first_of("/\\") == std::string::npos, "a filename has no path");
        FUZZ_CHECK(std::none_of(filename.begin(), filename.end(),
                                [](char c) { return c >= 0 && (c < 0x20 || c == 0x7F); }),
                   "filenames have no control characters");
        FUZZ_CHECK(std::none_of(content_type.begin(), content_type.end(),
                                [](char c) { return c < 0x20 || c == 0x7F; }),
                   "content types are printable ASCII");
        in_file = true;
        file_bytes = 0;
        events.push_back("file " + std::to_string(name.size()) + " " + name + " " +
                         std::to_string(filename.size()) + " " + filename + " " + content_type);
        events.emplace_back("data ");
    }
    void file_data(std::string_view bytes) override {
        FUZZ_CHECK(in_file, "file data comes between begin_file and end_file");
        FUZZ_CHECK(!bytes.empty(), "file data is never empty");
        file_bytes += bytes.size();
        all_file_bytes += bytes.size();
        FUZZ_CHECK(file_bytes <= limits.max_file_bytes, "a file fits max_file_bytes");
        FUZZ_CHECK(all_file_bytes <= limits.max_total_bytes, "all files fit max_total_bytes");
        events.back() += bytes;
    }
    void end_file() override {
        FUZZ_CHECK(in_file, "end_file follows begin_file");
        in_file = false;
        events.emplace_back("end");
    }
};

struct Outcome {
    int status = 0;  // 0: parsed; else the HttpError's status
    std::vector<std::string> events;
};

// Parses `body` in chunks of the sizes in `sizes` (cycled), or whole when `sizes` is empty.
Outcome parse(std::string_view body, const std::vector<size_t>& sizes,
              const portal::MultipartLimits& limits, const std::string& boundary) {
    CheckingSink sink(limits);
    portal::MultipartParser parser(boundary, limits, sink);
    // Between calls: a delimiter's beginning or a header line's, and a plain value.
    const size_t held_at_most =
        std::max(boundary.size() + 3, size_t{1025}) + limits.max_field_bytes;
    Outcome out;
    try {
        size_t at = 0;
        for (size_t i = 0; at < body.size(); ++i) {
            size_t n = sizes.empty() ? body.size() : sizes[i % sizes.size()];
            parser.feed(body.substr(at, n));
            at += std::min(n, body.size() - at);
            FUZZ_CHECK(parser.buffered_bytes() <= held_at_most, "the parser holds back little");
        }
        parser.finish();
        FUZZ_CHECK(!sink.in_file, "every file begun was ended");
    } catch (const portal::HttpError& e) {
        FUZZ_CHECK(e.status == 400 || e.status == 413, "the parser refuses input with 400 or 413");
        out.status = e.status;
    }
    out.events = std::move(sink.events);
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 7) return 0;
    std::vector<size_t> sizes;
    for (size_t i = 0; i < 4; ++i) sizes.push_back(data[i] ? data[i] : 65536);
    portal::MultipartLimits limits;
    if (data[4] != 0) {  // tight limits, so that short inputs reach each 413
        limits.max_fields = data[4] % 4;
        limits.max_files = data[4] / 4 % 4;
        limits.max_field_bytes = data[4] / 16 * size_t{4};
        limits.max_file_bytes = data[5] * size_t{4};
        limits.max_total_bytes =
            data[6] ? data[6] * size_t{16} : std::numeric_limits<size_t>::max();
    }
    std::string_view rest(reinterpret_cast<const char*>(data) + 7, size - 7);
    size_t newline = rest.find('\n');
    if (newline == std::string_view::npos) return 0;
    auto boundary = portal::multipart_boundary(rest.substr(0, newline));
    if (!boundary) return 0;
    FUZZ_CHECK(!boundary->empty() && boundary->size() <= 70, "a boundary has 1-70 characters");
    FUZZ_CHECK(boundary->find_first_of("\r\n\"") == std::string::npos, "a boundary is bchars");
    std::string_view body = rest.substr(newline + 1);

    Outcome cut = parse(body, sizes, limits, *boundary);
    // Whole, the body must give the same; unless it is over max_total_bytes, which the parser
    // refuses as soon as a chunk crosses it, before or after finding a malformation.
    if (body.size() <= limits.max_total_bytes) {
        Outcome whole = parse(body, {}, limits, *boundary);
        FUZZ_CHECK(whole.status == cut.status, "a body parses alike whole or cut");
        FUZZ_CHECK(whole.status != 0 || whole.events == cut.events,
                   "a body parses alike whole or cut");
    }
    return 0;
}
