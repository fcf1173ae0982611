// How outgoing messages leave: SMTP (libcurl), the SMS/WhatsApp HTTP gateway, the dev mailbox.
#include "mail_transport.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace portal {

namespace {

struct Upload {
    const std::string* data;
    size_t pos;
};

size_t read_upload(char* buf, size_t size, size_t n, void* p) {
    auto* u = static_cast<Upload*>(p);
    size_t len = std::min(size * n, u->data->size() - u->pos);
    std::copy_n(u->data->data() + u->pos, len, buf);  // a byte buffer for curl, not a C string
    u->pos += len;
    return len;
}

size_t keep_reply(char* data, size_t size, size_t n, void* out) {
    auto* s = static_cast<std::string*>(out);
    if (s->size() < 512) s->append(data, std::min(size * n, 512 - s->size()));
    return size * n;
}

// Keeps the server's last refusal ("550 5.1.1 No such user"): the best last_error there is.
// Only what the server says (CURLINFO_HEADER_IN) is read; what we send holds AUTH secrets.
int keep_server_reply(CURL*, curl_infotype type, char* data, size_t size, void* out) {
    if (type != CURLINFO_HEADER_IN || size < 4 || (data[0] != '4' && data[0] != '5')) return 0;
    std::string line(data, size);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
    *static_cast<std::string*>(out) = line.substr(0, 300);
    return 0;
}

std::string one_line(std::string s) {
    for (char& ch : s)
        if (static_cast<unsigned char>(ch) < 0x20) ch = ' ';
    return s.substr(0, 300);
}

// Certificate checks always on, whatever libcurl's defaults become.
void verify_tls(CURL* curl) {
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
}

// A handle for one transport: its URL, only the protocols it speaks, timeouts, TLS verified.
CURL* new_handle(const std::string& url, const char* protocols, int timeout_seconds) {
    CURL* curl = curl_easy_init();
    if (!curl) throw std::runtime_error("curl_easy_init failed");
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, protocols);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(timeout_seconds));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(timeout_seconds));
    verify_tls(curl);
    return curl;
}

std::string host_for_url(const std::string& host) {
    return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

// ---- SMTP ------------------------------------------------------------------------------------

class SmtpTransport : public Transport {
  public:
    SmtpTransport(const Config& config, const MailTarget& target) : config_(config) {
        char name[256] = "localhost";
        if (::gethostname(name, sizeof name - 1) != 0) std::strcpy(name, "localhost");
        // The URL's path is the name we give in EHLO (RFC 5321 §4.1.1.1).
        url_ = std::string(target.kind == MailTarget::smtps ? "smtps://" : "smtp://") +
               host_for_url(target.host) + ":" + std::to_string(target.port) + "/" + name;
        starttls_ = target.kind == MailTarget::smtp && config.mail_starttls;
    }
    ~SmtpTransport() override { close(); }

    SendResult send(const Envelope& e) override {
        if (!curl_) open();
        Upload upload{&e.data, 0};
        curl_slist* rcpt = curl_slist_append(nullptr, ("<" + e.recipient + ">").c_str());
        curl_easy_setopt(curl_, CURLOPT_MAIL_RCPT, rcpt);
        curl_easy_setopt(curl_, CURLOPT_READDATA, &upload);
        curl_easy_setopt(curl_, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(e.data.size()));
        reply_.clear();
        errbuf_[0] = '\0';
        CURLcode rc = curl_easy_perform(curl_);
        long code = 0;
        curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &code);
        curl_easy_setopt(curl_, CURLOPT_MAIL_RCPT, nullptr);
        curl_slist_free_all(rcpt);
        if (rc == CURLE_OK) return {SendResult::sent, ""};

        std::string error = "smtp: " + std::string(errbuf_[0] ? errbuf_ : curl_easy_strerror(rc));
        if (!reply_.empty() && code >= 400) error += ": " + one_line(reply_);
        // The server refused this message: 5xx for good, 4xx for now (RFC 5321 §4.2.1).
        // Anything about the session itself (421 closing, auth, TLS, no answer) is "down".
        if (rc == CURLE_LOGIN_DENIED || rc == CURLE_USE_SSL_FAILED || code == 421 || code < 400)
            return {SendResult::down, error};
        if (code >= 500) return {SendResult::permanent, error};
        return {SendResult::retry, error};
    }

    void close() override {
        if (curl_) curl_easy_cleanup(curl_);  // sends QUIT on a live connection
        curl_ = nullptr;
    }

  private:
    void open() {
        curl_ = new_handle(url_, "smtp,smtps", config_.mail_timeout_seconds);
        // STARTTLS or nothing: never fall back to clear text (RFC 3207 §4).
        if (starttls_) curl_easy_setopt(curl_, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
        if (!config_.mail_username.empty()) {
            curl_easy_setopt(curl_, CURLOPT_USERNAME, config_.mail_username.c_str());
            curl_easy_setopt(curl_, CURLOPT_PASSWORD, config_.mail_password.c_str());
        }
        from_ = "<" + config_.mail_from + ">";
        curl_easy_setopt(curl_, CURLOPT_MAIL_FROM, from_.c_str());
        curl_easy_setopt(curl_, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(curl_, CURLOPT_READFUNCTION, read_upload);
        curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, errbuf_);
        curl_easy_setopt(curl_, CURLOPT_DEBUGFUNCTION, keep_server_reply);
        curl_easy_setopt(curl_, CURLOPT_DEBUGDATA, &reply_);
        curl_easy_setopt(curl_, CURLOPT_VERBOSE, 1L);  // feeds keep_server_reply; prints nothing
    }

    const Config& config_;
    std::string url_, from_, reply_;
    bool starttls_ = true;
    CURL* curl_ = nullptr;
    char errbuf_[CURL_ERROR_SIZE];
};

// ---- SMS and WhatsApp gateway ----------------------------------------------------------------

class GatewayTransport : public Transport {
  public:
    GatewayTransport(const Config& config, std::string url, std::string token)
        : config_(config), url_(std::move(url)), token_(std::move(token)) {}
    ~GatewayTransport() override { close(); }

    SendResult send(const Envelope& e) override {
        if (!curl_) open();
        std::string body = gateway_payload(e), answer;
        curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
        if (!token_.empty())
            headers = curl_slist_append(headers, ("Authorization: Bearer " + token_).c_str());
        // The same key on every attempt lets the gateway drop a duplicate of a retried message.
        headers = curl_slist_append(headers, ("Idempotency-Key: " + e.message_id).c_str());
        curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
        curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &answer);
        errbuf_[0] = '\0';
        CURLcode rc = curl_easy_perform(curl_);
        long status = 0;
        curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, nullptr);
        curl_slist_free_all(headers);
        if (rc != CURLE_OK)
            return {SendResult::down,
                    e.channel + " gateway: " + (errbuf_[0] ? errbuf_ : curl_easy_strerror(rc))};
        if (status >= 200 && status <= 299) return {SendResult::sent, ""};
        std::string error = e.channel + " gateway answered " + std::to_string(status);
        if (!answer.empty()) error += ": " + one_line(answer);
        // The gateway's trouble is temporary; a request it calls bad stays bad (RFC 9110 §15).
        if (status >= 500 || status == 408 || status == 425 || status == 429 || status < 200)
            return {SendResult::retry, error};
        if (status < 400) return {SendResult::down, error + " (redirects are not followed)"};
        return {SendResult::permanent, error};
    }

    void close() override {
        if (curl_) curl_easy_cleanup(curl_);
        curl_ = nullptr;
    }

  private:
    void open() {
        curl_ = new_handle(url_, "http,https", config_.mail_timeout_seconds);
        curl_easy_setopt(curl_, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, keep_reply);
        curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, errbuf_);
    }

    const Config& config_;
    std::string url_, token_;
    CURL* curl_ = nullptr;
    char errbuf_[CURL_ERROR_SIZE];
};

// ---- the dev mailbox -------------------------------------------------------------------------

class MailboxTransport : public Transport {
  public:
    explicit MailboxTransport(std::string dir) : dir_(std::move(dir)) {}

    SendResult send(const Envelope& e) override {
        // Named for when the message was written and its outbox id: sorted by time, and a
        // message sent twice overwrites itself.
        char stamp[32];
        std::tm tm;
        gmtime_r(&e.created, &tm);
        std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
        std::string name = std::string(stamp) + "-" + std::to_string(e.outbox_id);
        std::string content = e.data;
        if (e.channel == "email") {
            name += ".eml";
        } else {
            name += "." + e.channel + ".txt";
            content = "To: " + e.recipient + "\nChannel: " + e.channel +
                      "\nMessage-ID: " + e.message_id + "\n\n" + e.data + "\n";
        }
        std::string error = write_atomically(name, content);
        if (!error.empty()) return {SendResult::down, "maildir: " + error};
        return {SendResult::sent, ""};
    }

  private:
    // Written beside and renamed: a reader never sees half a message (rename(2) is atomic).
    std::string write_atomically(const std::string& name, const std::string& content) {
        ::mkdir(dir_.c_str(), 0700);
        std::string path = dir_ + "/" + name, tmp = dir_ + "/." + name + ".tmp";
        int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0) return "cannot create " + tmp + ": " + std::strerror(errno);
        size_t done = 0;
        while (done < content.size()) {
            ssize_t n = ::write(fd, content.data() + done, content.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            done += static_cast<size_t>(n);
        }
        bool ok = done == content.size() && ::fsync(fd) == 0;
        int saved = errno;
        ::close(fd);
        if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
            if (ok) saved = errno;
            ::unlink(tmp.c_str());
            return "cannot write " + path + ": " + std::strerror(saved);
        }
        return "";
    }

    std::string dir_;
};

class UnconfiguredTransport : public Transport {
  public:
    explicit UnconfiguredTransport(std::string key) : key_(std::move(key)) {}
    SendResult send(const Envelope& e) override {
        return {SendResult::permanent, "no " + e.channel + " gateway is configured (" + key_ + ")"};
    }

  private:
    std::string key_;
};

}  // namespace

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (unsigned char ch : s) {
        switch (ch) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (ch < 0x20 || ch == 0x7F) {
                    char esc[8];
                    std::snprintf(esc, sizeof esc, "\\u%04x", ch);
                    out += esc;
                } else {
                    out += static_cast<char>(ch);
                }
        }
    }
    return out + "\"";
}

std::string gateway_payload(const Envelope& e) {
    std::string body = "{\"message_id\":" + json_string(e.message_id) +
                       ",\"channel\":" + json_string(e.channel) +
                       ",\"to\":" + json_string(e.recipient) + ",\"text\":" + json_string(e.data);
    if (e.channel == "whatsapp") body += ",\"preview_url\":false";
    return body + "}";
}

std::unique_ptr<Transport> email_transport(const Config& config) {
    MailTarget target = parse_mail_transport(config.mail_transport);
    if (target.kind == MailTarget::maildir) return std::make_unique<MailboxTransport>(target.path);
    return std::make_unique<SmtpTransport>(config, target);
}

std::unique_ptr<Transport> phone_transport(const Config& config, const std::string& channel) {
    bool sms = channel == "sms";
    const std::string& url = sms ? config.sms_gateway_url : config.whatsapp_gateway_url;
    const std::string& token = sms ? config.sms_gateway_token : config.whatsapp_gateway_token;
    if (!url.empty()) return std::make_unique<GatewayTransport>(config, url, token);
    MailTarget target = parse_mail_transport(config.mail_transport);
    if (target.kind == MailTarget::maildir) return std::make_unique<MailboxTransport>(target.path);
    return std::make_unique<UnconfiguredTransport>(sms ? "sms_gateway_url"
                                                       : "whatsapp_gateway_url");
}

}  // namespace portal
