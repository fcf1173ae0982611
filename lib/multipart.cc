// Streaming multipart/form-data parser (RFC 7578, RFC 2046 section 5.1): fields and file uploads.
#include "multipart.h"

#include <algorithm>
#include <stdexcept>
#include <utility>
#include <vector>

#include "http.h"

namespace portal {

namespace {

constexpr size_t kMaxBoundary = 70;      // RFC 2046 section 5.1.1
constexpr size_t kMaxHeaderLine = 1024;  // bytes of one header line, without its CRLF
constexpr size_t kMaxHeaderLines = 8;    // per part

HttpError malformed(const char* detail) {
    return HttpError(400, "The form was malformed.", detail);
}

HttpError too_large(const char* detail) {
    return HttpError(413, "The form is too large.", detail);
}

bool is_alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// RFC 7230 section 3.2.6.
bool is_tchar(char c) {
    return is_alnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// RFC 2046 section 5.1.1: 1-70 bchars, the last not a space.
bool valid_boundary(std::string_view b) {
    auto bchar = [](char c) {
        return is_alnum(c) || std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
    };
    return !b.empty() && b.size() <= kMaxBoundary && b.back() != ' ' &&
           std::all_of(b.begin(), b.end(), bchar);
}

bool is_control(char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
}

char to_lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lowercase(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = to_lower(c);
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return to_lower(x) == to_lower(y);
           });
}

using Params = std::vector<std::pair<std::string, std::string>>;

// Parses `value *( OWS ";" OWS name "=" ( token / quoted-string ) )`, the shape of Content-Type
// (RFC 7231 section 3.1.1.1) and Content-Disposition (RFC 6266 section 4.1). `value` (a token, '/'
// allowed) and the parameter names come back lower-cased. False on bad syntax or a repeated
// parameter.
bool parse_parameters(std::string_view s, std::string& value, Params& params) {
    size_t i = 0;
    auto skip_ows = [&] {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    };
    auto token = [&](bool slash) {
        size_t start = i;
        while (i < s.size() && (is_tchar(s[i]) || (slash && s[i] == '/'))) ++i;
        return s.substr(start, i - start);
    };
    skip_ows();
    value = lowercase(token(true));
    if (value.empty()) return false;
    for (;;) {
        skip_ows();
        if (i == s.size()) return true;
        if (s[i] != ';') return false;
        ++i;
        skip_ows();
        if (i == s.size()) return true;  // a trailing ';'
        std::string name = lowercase(token(false));
        if (name.empty() || i == s.size() || s[i] != '=') return false;
        ++i;
        std::string v;
        if (i < s.size() && s[i] == '"') {
            for (++i;; ++i) {
                if (i == s.size()) return false;
                char c = s[i];
                if (c == '"') break;
                // Only \" and \\ are escapes. Browsers send '"' as %22 and no backslash escapes,
                // and a backslash before anything else stays, so that a Windows path sent by an
                // old browser keeps its separators.
                if (c == '\\' && i + 1 < s.size() && (s[i + 1] == '"' || s[i + 1] == '\\'))
                    c = s[++i];
                v.push_back(c);
            }
            ++i;
        } else {
            v = token(false);
            if (v.empty()) return false;
        }
        for (const auto& p : params)
            if (p.first == name) return false;
        params.emplace_back(std::move(name), std::move(v));
    }
}

// A file's own name: valid UTF-8 without C0 controls, DEL or C1 controls (U+0080-U+009F, UTF-8
// C2 80 to C2 9F), and no path: no '/' or '\\', and not "." or "..". Browsers send only the name
// (the HTML standard's form submission), so a path means a client we should not guess about.
bool valid_filename(std::string_view s) {
    if (!valid_utf8(s) || s == "." || s == "..") return false;
    for (size_t i = 0; i < s.size(); ++i) {
        if (is_control(s[i]) || s[i] == '/' || s[i] == '\\') return false;
        auto next = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
        if (static_cast<unsigned char>(s[i]) == 0xC2 && next >= 0x80 && next <= 0x9F) return false;
    }
    return true;
}

bool valid_text(std::string_view s) {
    return s.find('\0') == std::string_view::npos && valid_utf8(s);
}

// Consumes transport padding (RFC 2046 section 5.1.1: receivers must accept it) and the CRLF
// ending a delimiter line. False when the CRLF has not arrived yet.
bool delimiter_line_end(std::string_view rest, size_t& pos) {
    size_t i = 0;
    while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t')) ++i;
    pos += i;
    if (i == rest.size()) return false;
    if (rest[i] != '\r') throw malformed("a delimiter followed by other text");
    if (i + 1 == rest.size()) return false;
    if (rest[i + 1] != '\n') throw malformed("a delimiter followed by other text");
    pos += 2;
    return true;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
    std::string type;
    Params params;
    if (!parse_parameters(content_type, type, params) || type != "multipart/form-data")
        return std::nullopt;
    for (auto& [name, value] : params) {
        if (name != "boundary") continue;
        if (!valid_boundary(value)) return std::nullopt;
        return std::move(value);
    }
    return std::nullopt;
}

MultipartParser::MultipartParser(std::string boundary, MultipartLimits limits, MultipartSink& sink)
    : delimiter_("\r\n--" + boundary), limits_(limits), sink_(sink) {
    if (!valid_boundary(boundary)) throw std::invalid_argument("not a multipart boundary");
}

void MultipartParser::feed(std::string_view chunk) {
    if (state_ == State::kFinished || state_ == State::kFailed)
        throw std::logic_error("MultipartParser::feed after finish() or an error");
    try {
        if (chunk.size() > limits_.max_total_bytes - total_bytes_) throw too_large("body bytes");
        total_bytes_ += chunk.size();
        // What was held back comes first; otherwise the chunk is parsed where it is, uncopied.
        bool held = !pending_.empty();
        std::string_view data = chunk;
        if (held) data = pending_.append(chunk);
        size_t pos = 0;
        while (pos < data.size() && step(data, pos)) {
        }
        if (held)
            pending_.erase(0, pos);
        else
            pending_.assign(data.substr(pos));
    } catch (...) {
        state_ = State::kFailed;
        throw;
    }
}

void MultipartParser::finish() {
    if (state_ == State::kFinished || state_ == State::kFailed)
        throw std::logic_error("MultipartParser::finish after finish() or an error");
    bool closed = state_ == State::kEpilogue || (state_ == State::kAfterClose && pending_.empty());
    if (!closed) {
        state_ = State::kFailed;
        throw malformed("the body ends before its close delimiter");
    }
    state_ = State::kFinished;
}

// One move of the state machine on data[pos...], which is not empty. False when it needs more
// input to go on; whatever it has not consumed is then held back.
bool MultipartParser::step(std::string_view data, size_t& pos) {
    std::string_view rest = data.substr(pos);
    switch (state_) {
        case State::kFirstBoundary: {
            // No preamble, which browsers never send: a body that is not multipart fails fast.
            std::string_view dash_boundary = std::string_view(delimiter_).substr(2);
            size_t n = std::min(rest.size(), dash_boundary.size());
            if (rest.substr(0, n) != dash_boundary.substr(0, n))
                throw malformed("the body does not start with its boundary");
            if (n < dash_boundary.size()) return false;
            pos += n;
            state_ = State::kAfterBoundary;
            return true;
        }
        case State::kAfterBoundary:
            if (rest[0] != '-') {
                state_ = State::kBoundaryLine;
                return true;
            }
            if (rest.size() < 2) return false;
            if (rest[1] != '-') throw malformed("a delimiter followed by other text");
            pos += 2;
            state_ = State::kAfterClose;
            return true;
        case State::kBoundaryLine:
            if (!delimiter_line_end(rest, pos)) return false;
            header_lines_ = line_scanned_ = file_bytes_ = 0;
            has_disposition_ = has_content_type_ = is_file_ = false;
            name_.clear();
            filename_.clear();
            content_type_.clear();
            value_.clear();
            state_ = State::kHeaders;
            return true;
        case State::kHeaders: {
            // The search for CRLF goes on where the last call left it, so that a line fed a byte
            // at a time costs no more than one fed whole.
            size_t from = line_scanned_ ? line_scanned_ - 1 : 0;
            size_t eol = rest.substr(0, kMaxHeaderLine + 2).find("\r\n", from);
            if (eol == std::string_view::npos) {
                if (rest.size() >= kMaxHeaderLine + 2) throw malformed("a header line too long");
                line_scanned_ = rest.size();
                return false;
            }
            line_scanned_ = 0;
            pos += eol + 2;
            if (eol == 0) {
                begin_part();
                state_ = State::kData;
            } else {
                if (++header_lines_ > kMaxHeaderLines) throw malformed("too many header lines");
                header_line(rest.substr(0, eol));
            }
            return true;
        }
        case State::kData: {
            size_t at = rest.find(delimiter_);
            if (at != std::string_view::npos) {
                part_data(rest.substr(0, at));
                pos += at + delimiter_.size();
                end_part();
                state_ = State::kAfterBoundary;
                return true;
            }
            // Hold back the longest end of the input that could begin a delimiter: a CR and
            // what follows it, when that is the start of CRLF "--" boundary.
            size_t keep = 0;
            size_t from = rest.size() - std::min(rest.size(), delimiter_.size() - 1);
            for (size_t cr = rest.find('\r', from); cr != std::string_view::npos;
                 cr = rest.find('\r', cr + 1)) {
                if (delimiter_.compare(0, rest.size() - cr, rest.substr(cr)) == 0) {
                    keep = rest.size() - cr;
                    break;
                }
            }
            part_data(rest.substr(0, rest.size() - keep));
            pos += rest.size() - keep;
            return false;
        }
        case State::kAfterClose:
            if (!delimiter_line_end(rest, pos)) return false;
            state_ = State::kEpilogue;
            return true;
        case State::kEpilogue:
            pos = data.size();  // RFC 2046 section 5.1.1: the epilogue is to be ignored
            return false;
        case State::kFinished:
        case State::kFailed:
            break;
    }
    return false;
}

void MultipartParser::header_line(std::string_view line) {
    // Folded lines (RFC 7230 section 3.2.4) are obsolete, and no browser sends them.
    if (line[0] == ' ' || line[0] == '\t') throw malformed("a folded header line");
    for (char c : line)
        if (is_control(c) && c != '\t') throw malformed("a control character in a header line");
    size_t colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos)
        throw malformed("a header line without a name");
    std::string_view name = line.substr(0, colon);
    if (!std::all_of(name.begin(), name.end(), is_tchar)) throw malformed("a bad header name");
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
        value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    if (iequals(name, "Content-Disposition")) {
        if (has_disposition_) throw malformed("two Content-Disposition headers");
        content_disposition(value);
        has_disposition_ = true;
    } else if (iequals(name, "Content-Type")) {
        if (has_content_type_) throw malformed("two Content-Type headers");
        // Printable ASCII, which the gate may log or store as it is (a tab is legal but unsent).
        for (char c : value)
            if (c < 0x20 || c > 0x7E) throw malformed("a Content-Type not printable ASCII");
        content_type_ = value;
        has_content_type_ = true;
    }
    // RFC 7578 section 4.8: any other header is ignored.
}

void MultipartParser::content_disposition(std::string_view value) {
    std::string type;
    Params params;
    if (!parse_parameters(value, type, params)) throw malformed("a malformed Content-Disposition");
    if (type != "form-data") throw malformed("a Content-Disposition other than form-data");
    bool has_name = false;
    for (auto& [key, v] : params) {
        if (key == "name") {
            name_ = std::move(v);
            has_name = true;
        } else if (key == "filename") {
            filename_ = std::move(v);
            is_file_ = true;
        } else if (key == "filename*") {
            throw malformed("filename* (RFC 7578 section 4.2)");
        }
    }
    if (!has_name || name_.empty()) throw malformed("a part without a name");
    if (name_.size() > limits_.max_field_bytes) throw too_large("field name bytes");
    if (!valid_text(name_)) throw malformed("a part name that is not UTF-8 text");
    if (is_file_ && !valid_filename(filename_))
        throw HttpError(400,
                        "A file’s name can’t include a folder (/ or \\) or control characters. "
                        "Please rename the file and try again.",
                        "a filename with a path or control characters");
}

void MultipartParser::begin_part() {
    if (!has_disposition_) throw malformed("a part without Content-Disposition");
    if (is_file_) {
        if (files_ == limits_.max_files) throw too_large("file count");
        ++files_;
        sink_.begin_file(name_, filename_, content_type_);
    } else {
        if (fields_ == limits_.max_fields) throw too_large("field count");
        ++fields_;
    }
}

void MultipartParser::part_data(std::string_view bytes) {
    if (bytes.empty()) return;
    if (is_file_) {
        if (bytes.size() > limits_.max_file_bytes - file_bytes_) throw too_large("file bytes");
        file_bytes_ += bytes.size();
        sink_.file_data(bytes);
    } else {
        if (bytes.size() > limits_.max_field_bytes - value_.size()) throw too_large("field bytes");
        value_.append(bytes);
    }
}

void MultipartParser::end_part() {
    if (is_file_) {
        sink_.end_file();
        return;
    }
    if (!valid_text(value_)) throw malformed("a field value that is not UTF-8 text");
    std::string value;
    value.swap(value_);
    sink_.field(name_, std::move(value));
}

}  // namespace portal
