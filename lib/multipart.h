// Streaming multipart/form-data parser (RFC 7578, RFC 2046 section 5.1): fields and file uploads.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace portal {

// The boundary of a Content-Type header value "multipart/form-data; boundary=...": type and
// parameter names case-insensitive, the boundary a token or a quoted string of 1-70 of RFC 2046's
// bchars, not ending in a space. nullopt for any other type, a missing, repeated or malformed
// boundary, or malformed parameters.
std::optional<std::string> multipart_boundary(std::string_view content_type);

// Limits on one multipart body; going past any of them is a 413.
struct MultipartLimits {
    size_t max_fields = 64;              // plain (non-file) parts
    size_t max_field_bytes = 8192;       // a plain part's value; also any part's name
    size_t max_files = 8;                // parts with a filename parameter, even filename=""
    size_t max_file_bytes = 10u << 20;   // data of one file
    size_t max_total_bytes = 32u << 20;  // the whole body as fed: delimiters, headers, data
};

// Receives what the parser finds, in body order. Whatever a callback throws comes out of feed()
// or finish() as it is, and the parser is then unusable. After an error nothing more is called: a
// file begun and not ended is incomplete, and the sink must discard it.
class MultipartSink {
  public:
    virtual ~MultipartSink() = default;
    // A plain part, its value whole: name and value are valid UTF-8 without NUL.
    virtual void field(std::string name, std::string value) = 0;
    // A part with a filename parameter. `filename` is the name as sent: valid UTF-8 without
    // control characters or a path ('/', '\\', "." or ".." is a 400); empty when the browser sent
    // filename="" (a file input left empty). `content_type` is the part's Content-Type as
    // sent (printable ASCII), empty when it has none: a claim, not a fact.
    virtual void begin_file(const std::string& name, const std::string& filename,
                            const std::string& content_type) = 0;
    // The next bytes of the file begun last; never empty.
    virtual void file_data(std::string_view bytes) = 0;
    virtual void end_file() = 0;
};

// Push parser: feed() the body in chunks of any size as they arrive, then finish(). A file's data
// goes to the sink as it arrives; between calls the parser holds back only what could be the start
// of a delimiter (at most boundary + 3 bytes) or of a header line (at most 1025 bytes), plus the
// plain value being collected.
//
// Strict where browsers are regular, as the gate refuses what it cannot read unambiguously:
//  - the body starts with "--boundary" (no preamble) and ends with "--boundary--", then optional
//    transport padding and CRLF followed by an epilogue, which is ignored; a body with no part at
//    all ("--boundary--") is an empty form;
//  - a delimiter is followed only by "--" or transport padding and CRLF;
//  - each part has at most 8 header lines of at most 1024 bytes, no folded lines and no control
//    characters but tab; exactly one Content-Disposition: form-data with a non-empty name, at
//    most one Content-Type; other headers are ignored (RFC 7578 section 4.8);
//  - quoted strings treat only \" and \\ as escapes, so an old browser's "C:\dir\a.jpg" stays a
//    path; a filename with a path or a control character is refused rather than cut to its last
//    component (browsers send the name alone); filename* is refused, as RFC 7578 section 4.2
//    forbids senders to use it.
// Errors: HttpError 400 when the body is malformed, 413 when it goes past a limit.
class MultipartParser {
  public:
    // `boundary` as multipart_boundary returns it (std::invalid_argument otherwise). `sink` must
    // outlive the parser.
    MultipartParser(std::string boundary, MultipartLimits limits, MultipartSink& sink);

    // Parses the next `chunk` of the body (any size, empty too).
    void feed(std::string_view chunk);
    // The body has ended: 400 unless its close delimiter was seen.
    void finish();

    // Bytes the parser holds: input held back between calls and the plain value being collected.
    size_t buffered_bytes() const { return pending_.size() + value_.size(); }

  private:
    enum class State {
        kFirstBoundary,  // before "--boundary"
        kAfterBoundary,  // after "--boundary": "--" closes, or padding and CRLF open a part
        kBoundaryLine,   // transport padding, then CRLF
        kHeaders,        // a part's header lines, up to an empty one
        kData,           // a part's data, up to the next delimiter
        kAfterClose,     // after "--boundary--": padding, then CRLF or the end
        kEpilogue,       // ignored up to the end
        kFinished,
        kFailed,
    };

    bool step(std::string_view data, size_t& pos);
    void header_line(std::string_view line);
    void content_disposition(std::string_view value);
    void begin_part();
    void part_data(std::string_view bytes);
    void end_part();

    std::string delimiter_;  // CRLF "--" boundary
    MultipartLimits limits_;
    MultipartSink& sink_;
    State state_ = State::kFirstBoundary;
    std::string pending_;  // input held back for the next call
    size_t total_bytes_ = 0, fields_ = 0, files_ = 0;

    // The part being read.
    size_t header_lines_ = 0, line_scanned_ = 0, file_bytes_ = 0;
    bool has_disposition_ = false, has_content_type_ = false, is_file_ = false;
    std::string name_, filename_, content_type_, value_;
};

}  // namespace portal
