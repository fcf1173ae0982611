// Email messages as RFC 5322 text: headers, encoded words, multipart/alternative bodies.
#include "mail.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace portal {

namespace {

constexpr size_t kLineLimit = 78;     // RFC 5322 §2.1.1: SHOULD be no more than 78 characters
constexpr size_t kEncodedLimit = 76;  // RFC 2047 §2: lines holding encoded words, 76 at most
const char kHex[] = "0123456789ABCDEF";

void refuse_line_breaks(std::string_view name, std::string_view value) {
    // A CR or LF in a header value would start a header of the sender's choosing.
    if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos)
        throw std::invalid_argument(std::string(name) + " holds a line break");
}

bool plain_ascii(std::string_view s) {
    for (unsigned char ch : s)
        if (ch < 0x20 || ch > 0x7E) return false;
    // Text that looks like an encoded word would be decoded by the reader (RFC 2047 §5).
    return s.find("=?") == std::string_view::npos;
}

bool is_atext(unsigned char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           std::string_view("!#$%&'*+-/=?^_`{|}~").find(ch) != std::string_view::npos;
}

// `value` as encoded words ("=?UTF-8?B?...?="), each on its own line, never splitting a UTF-8
// sequence; `used` is how much of the first line is already taken ("Subject:").
std::string encoded_words(std::string_view value, size_t used) {
    std::string out;
    bool first = true;
    while (!value.empty()) {
        // " " + word fits in 76 columns; a word is at most 75 characters (RFC 2047 §2).
        size_t room = first ? (used < 60 ? kEncodedLimit - 1 - used : 0) : kEncodedLimit - 1;
        room = std::min<size_t>(room, 75);
        if (room < 16) {  // too little left on the header's first line: start on the next
            first = false;
            continue;
        }
        size_t take = std::min(value.size(), (room - 12) / 4 * 3);  // 12: "=?UTF-8?B?" "?="
        while (take > 0 && take < value.size() &&
               (static_cast<unsigned char>(value[take]) & 0xC0) == 0x80)
            --take;  // keep multi-byte characters whole (RFC 2047 §5(3))
        if (take == 0) take = std::min<size_t>(value.size(), 3);
        out += first ? " " : "\r\n ";
        out += "=?UTF-8?B?" + base64(value.substr(0, take)) + "?=";
        value.remove_prefix(take);
        first = false;
    }
    return out;
}

// Appends space-separated `words` to a header line, folding before a space when the line would
// pass 78 characters (RFC 5322 §2.2.3); `line` is the current line's length.
void fold_words(std::string& out, std::string_view words, size_t& line) {
    while (true) {
        size_t sp = words.find(' ');
        std::string_view w = words.substr(0, sp);
        if (line + 1 + w.size() > kLineLimit && line > 0) {
            out += "\r\n";
            line = 0;
        }
        out += ' ';
        out += w;
        line += 1 + w.size();
        if (sp == std::string_view::npos) break;
        words.remove_prefix(sp + 1);
    }
}

// Whether every space-separated word fits on a folded line of its own.
bool foldable(std::string_view s, size_t first_line_used) {
    size_t first = s.find(' ');
    if (first_line_used + 1 + s.substr(0, first).size() > kLineLimit) return false;
    size_t start = 0;
    while (start <= s.size()) {
        size_t sp = s.find(' ', start);
        if (sp == std::string_view::npos) sp = s.size();
        if (1 + (sp - start) > kLineLimit) return false;
        start = sp + 1;
    }
    return true;
}

void encode_qp_byte(std::string& out, unsigned char ch) {
    out += '=';
    out += kHex[ch >> 4];
    out += kHex[ch & 15];
}

// A boundary that cannot occur in quoted-printable or base64 text: those never hold "=_"
// (RFC 2045 §6.7 encodes every "=" as =3D). Derived from the Message-ID, so a resent message
// is byte for byte the same.
std::string boundary_for(std::string_view message_id) {
    std::string b = "=_portal_";
    for (char ch : message_id)
        if (((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) &&
            b.size() < 60)
            b += ch;
    return b;
}

// Line breaks of any kind as CRLF.
std::string crlf_lines(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 32);
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r' || text[i] == '\n') {
            if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            out += "\r\n";
        } else {
            out += text[i];
        }
    }
    return out;
}

// A body part's transfer encoding: none (7bit) for ASCII text whose lines fit SMTP's 998, so a
// link stays whole in the raw message; else quoted-printable for text that is mostly ASCII,
// base64 for text that is mostly not (RFC 2045 §6).
std::string encoded_body(std::string_view text, std::string& encoding) {
    size_t high = 0, line = 0, longest = 0;
    bool controls = false;
    for (unsigned char ch : text) {
        if (ch >= 0x80) ++high;
        if (ch == '\r' || ch == '\n') {
            line = 0;
            continue;
        }
        if ((ch < 0x20 && ch != '\t') || ch == 0x7F) controls = true;
        longest = std::max(longest, ++line);
    }
    if (!high && !controls && longest <= 998) {
        encoding = "7bit";
        return crlf_lines(text);
    }
    if (high * 3 > text.size()) {
        encoding = "base64";
        return base64_lines(text);
    }
    encoding = "quoted-printable";
    return quoted_printable(text);
}

std::string part(std::string_view type, std::string_view body) {
    std::string encoding;
    std::string encoded = encoded_body(body, encoding);
    std::string out = "Content-Type: " + std::string(type) + "; charset=utf-8\r\n";
    out += "Content-Transfer-Encoding: " + encoding + "\r\n\r\n";
    out += encoded;
    if (!encoded.empty() && encoded.back() != '\n') out += "\r\n";
    return out;
}

}  // namespace

std::string header_field(std::string_view name, std::string_view value) {
    refuse_line_breaks(name, value);
    std::string out(name);
    out += ':';
    size_t line = out.size();
    if (plain_ascii(value) && foldable(value, line))
        fold_words(out, value, line);
    else
        out += encoded_words(value, line);
    return out + "\r\n";
}

std::string address_field(std::string_view name, std::string_view display,
                          std::string_view address) {
    refuse_line_breaks(name, display);
    if (!valid_address(address))
        throw std::invalid_argument(std::string(name) + " is not a plain email address");
    while (!display.empty() && display.front() == ' ') display.remove_prefix(1);
    while (!display.empty() && display.back() == ' ') display.remove_suffix(1);
    std::string out(name);
    out += ':';
    std::string addr = "<" + std::string(address) + ">";
    if (display.empty()) return out + " " + std::string(address) + "\r\n";

    bool atoms = plain_ascii(display), quotable = atoms;
    for (unsigned char ch : display)
        if (ch != ' ' && !is_atext(ch)) atoms = false;
    std::string phrase;
    if (atoms) {
        phrase = std::string(display);
    } else if (quotable) {
        phrase = "\"";
        for (char ch : display) {
            if (ch == '"' || ch == '\\') phrase += '\\';
            phrase += ch;
        }
        phrase += '"';
    }
    if (!phrase.empty() && out.size() + 1 + phrase.size() + 1 + addr.size() <= kLineLimit)
        return out + " " + phrase + " " + addr + "\r\n";
    if (atoms && foldable(display, out.size())) {
        size_t line = out.size();
        fold_words(out, display, line);
        fold_words(out, addr, line);
        return out + "\r\n";
    }
    out += encoded_words(display, out.size());
    return out + "\r\n " + addr + "\r\n";
}

std::string quoted_printable(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    size_t line = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        unsigned char ch = static_cast<unsigned char>(text[i]);
        if (ch == '\r' || ch == '\n') {
            if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            out += "\r\n";
            line = 0;
            continue;
        }
        bool line_end = i + 1 == text.size() || text[i + 1] == '\r' || text[i + 1] == '\n';
        // Spaces before a line break vanish in transit (RFC 2045 §6.7(3)); a line starting
        // "From " gets mangled by mbox tools and one starting "." by careless relays.
        bool literal =
            (ch >= 33 && ch <= 126 && ch != '=') || ((ch == ' ' || ch == '\t') && !line_end);
        if (line == 0 && (ch == '.' || (ch == 'F' && text.substr(i, 5) == "From ")))
            literal = false;
        size_t width = literal ? 1 : 3;
        if (line + width > 75) {  // 75 + the soft break's "=" = 76 (RFC 2045 §6.7(5))
            out += "=\r\n";
            line = 0;
            if (ch == '.' || (ch == 'F' && text.substr(i, 5) == "From ")) {
                literal = false;
                width = 3;
            }
        }
        if (literal)
            out += static_cast<char>(ch);
        else
            encode_qp_byte(out, ch);
        line += width;
    }
    return out;
}

std::string base64(std::string_view data) {
    static const char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 2 < data.size(); i += 3) {
        unsigned v = (static_cast<unsigned char>(data[i]) << 16) |
                     (static_cast<unsigned char>(data[i + 1]) << 8) |
                     static_cast<unsigned char>(data[i + 2]);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    if (i < data.size()) {
        unsigned v = static_cast<unsigned char>(data[i]) << 16;
        if (i + 1 < data.size()) v |= static_cast<unsigned char>(data[i + 1]) << 8;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += i + 1 < data.size() ? kAlphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::string base64_lines(std::string_view data) {
    // Line breaks become CRLF first: a text part's canonical form (RFC 2045 §6.8).
    std::string encoded = base64(crlf_lines(data)), out;
    for (size_t i = 0; i < encoded.size(); i += 76) out += encoded.substr(i, 76) + "\r\n";
    return out;
}

std::string rfc5322_date(std::time_t t) {
    static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm tm;
    gmtime_r(&t, &tm);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday],
                  tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                  tm.tm_sec);
    return buf;
}

std::string build_message(const MailMessage& m) {
    if (!valid_address(m.to)) throw std::invalid_argument("To is not a plain email address");
    refuse_line_breaks("Message-ID", m.message_id);
    if (!valid_address(m.message_id))  // msg-id is addr-spec shaped (RFC 5322 §3.6.4)
        throw std::invalid_argument("Message-ID must look like unique@domain");
    std::string out;
    out.reserve(1024 + m.text.size() * 2 + m.html.size() * 2);
    out += "Date: " + rfc5322_date(m.date) + "\r\n";
    out += address_field("From", m.from_name, m.from_address);
    if (!m.reply_to.empty()) out += address_field("Reply-To", m.from_name, m.reply_to);
    out += address_field("To", "", m.to);
    out += header_field("Subject", m.subject);
    out += "Message-ID: <" + m.message_id + ">\r\n";
    out += "MIME-Version: 1.0\r\n";
    // An automatic message: no out-of-office replies to it (RFC 3834 §5).
    out += "Auto-Submitted: auto-generated\r\n";
    if (!m.list_unsubscribe.empty()) {
        refuse_line_breaks("List-Unsubscribe", m.list_unsubscribe);
        if (m.list_unsubscribe.find_first_of(" <>\t") != std::string::npos)
            throw std::invalid_argument("List-Unsubscribe must be one URL");
        // Folded before the URL, which has no space to fold at (a line within 998, RFC 5322).
        out += "List-Unsubscribe:\r\n <" + m.list_unsubscribe + ">\r\n";
        out += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
    }
    if (m.html.empty()) return out + part("text/plain", m.text);

    std::string boundary = boundary_for(m.message_id);
    out += "Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"\r\n\r\n";
    // Simplest first, richest last: clients show the last part they can (RFC 2046 §5.1.4).
    out += "--" + boundary + "\r\n" + part("text/plain", m.text);
    out += "--" + boundary + "\r\n" + part("text/html", m.html);
    out += "--" + boundary + "--\r\n";
    return out;
}

}  // namespace portal
