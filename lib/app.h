// The gate every page goes through: declared routes, validated input, one error boundary.
#pragma once

#include <any>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config.h"
#include "db.h"
#include "http.h"
#include "outbox.h"
#include "session.h"
#include "tenancy.h"
#include "uploads.h"
#include "validate.h"
#include "view.h"

namespace portal {

struct Request {
    std::string method;  // GET, HEAD, POST, …
    std::string path;    // percent-decoded, valid UTF-8
    std::string host;    // the host nginx routed on ($host), never a second opinion
    std::string remote_addr;
    std::string user_agent;
    std::string request_id;  // nginx's $request_id, or our own
    // The portal is served over https (public_scheme): cookies are Secure and carry the
    // __Host- prefix, and pages send HSTS, also behind a TLS-terminating proxy.
    bool secure = false;
    std::map<std::string, std::string, std::less<>> cookies;

    // The value of one of our cookies (under its __Host- name when secure); "" when absent.
    std::string_view cookie(std::string_view name) const;
    // The same for a cookie that holds one of our tokens: "" unless it is well-formed.
    std::string_view token_cookie(std::string_view name) const;
};

class Ctx;
using Handler = void (*)(Ctx&);

struct FieldRule {
    std::string name;
    Validator validator;
    bool required;
};

// One line of a page's route table: what it accepts, and who may see it.
class Route {
  public:
    Route(std::string method, std::string pattern, Handler handler);
    // A query-string field (GET) or form field (POST) that must be present and valid.
    Route& field(const char* name, Validator v);
    // The same, but may be absent (then it reads as "").
    Route& optional(const char* name, Validator v);
    // The validator of a "{name}" segment in the pattern.
    Route& segment(const char* name, Validator v);
    // The route takes multipart/form-data (as well as urlencoded) within `limits`: its plain
    // parts are fields under the same rules as any other, its files arrive through Ctx::files().
    // The form's csrf field must come before its first file (uploads.h).
    Route& uploads(MultipartLimits limits);
    // A file input the form may send (after uploads()); any other file part is a 400.
    Route& file(const char* name);
    // The route's fields may arrive up to `bytes` long each (urlencoded or multipart) where the
    // configured max_field_bytes is less: for a long text whose validator counts characters (a
    // message's 5,000 in any script), so that the validator, not a byte count, decides.
    Route& field_bytes(size_t bytes);
    // Data the page needs on every view, found in the session lookup's own round trip:
    // `statement` (made by session_select()) replaces the plain lookup, and `read` turns its rows
    // into the page's Data, which the handler gets from Ctx::session_data<Data>().
    template <class Data>
    Route& with_session_data(const Statement& statement, Data (*read)(const pqxx::result&)) {
        session_statement = statement.name;
        read_session_data = [read](const pqxx::result& rows) { return std::any(read(rows)); };
        return *this;
    }
    // Answerable without a signed-in customer (login, token landings).
    Route& public_page();
    // A sensitive change (a password, later the voice PIN and privacy tier): the customer must
    // have signed in within the last 15 minutes, or is sent to sign in again and comes back to
    // `come_back` (a GET route comes back to itself; a POST route names its form's page).
    Route& recent_sign_in(const char* come_back = nullptr);
    // The path carries a secret (a sign-in token): the page is sent with Referrer-Policy:
    // no-referrer so the secret never leaves in a Referer. The pattern must lie under one of
    // kSecretPathPrefixes, whose paths the log never shows, whatever the request's outcome.
    Route& secret_path();
    // A POST whose secret path is itself the proof of who sent it, so it carries no CSRF field:
    // a mail client's one-click unsubscribe (RFC 8058) comes with no cookie and no form of ours.
    // Only after secret_path().
    Route& token_is_the_proof();

    // Matches a path against the pattern, collecting "{name}" segments. No validation here.
    bool matches(std::string_view path,
                 std::vector<std::pair<std::string, std::string>>& out) const;

    std::string method, pattern;
    std::string referrer_policy;  // for pages whose URL carries a secret
    Handler handler;
    std::vector<FieldRule> fields;
    std::vector<FieldRule> segments;
    std::optional<UploadRules> upload_rules;
    size_t max_field_bytes = 0;  // field_bytes(); the configured max_field_bytes when more
    bool needs_customer = true;
    bool needs_recent_sign_in = false;
    std::string come_back;
    bool secret = false;
    bool csrf_exempt = false;
    const char* session_statement = nullptr;
    std::function<std::any(const pqxx::result&)> read_session_data;
};

// What a handler works with: the validated input, the garage, the database and the response.
class Ctx {
  public:
    Ctx(const Config& config, const Request& req, const Garage& garage, Db& db);

    // A declared field or path segment, validated; "" for an absent optional field.
    std::string_view field(std::string_view name) const;
    bool has(std::string_view name) const;
    // The files the form sent (uploads()), each in a temporary file removed when the request
    // ends: a handler that keeps one moves it into files_dir (files.h).
    const std::vector<Upload>& files() const { return received_.files; }
    // A present field or segment declared with a number validator (v::integer, v::money), as
    // its validator parsed it. Asking for another is a programming error (std::logic_error).
    long integer(std::string_view name) const;

    // Starts the page this request answers with; fill the returned dictionary, then render().
    ctemplate::TemplateDictionary& page(const char* body_template, std::string_view title);
    void render(int status = 200);
    // The frame around the page (after page()): what shows above or beside every page's body.
    ctemplate::TemplateDictionary& layout();

    // The CSRF token for this page's forms (sets the pre-session cookie if the browser has none).
    const std::string& csrf();
    // Signs `customer_id` in with a new session (ending this browser's old one) and sets the
    // cookie.
    void sign_in(pqxx::transaction_base& tx, long customer_id, const char* method);
    // Renders templates/email/<name>.{txt,html}.tpl with `dict`, branded for this garage with
    // links to its public origin, into `m`, and queues it in `tx` (outbox.h says what is refused).
    // `m` gives the recipient, subject, purpose and options. Returns the outbox id.
    long queue_email(pqxx::transaction_base& tx, const char* name,
                     const ctemplate::TemplateDictionary& dict, OutgoingEmail m);
    // Adds a reason to this request's log line (rate limits, refused sign-ins); never a secret.
    void note(std::string_view text);
    // The garage's public origin for links in emails and SMS, from config — never the Host header.
    std::string public_origin() const;

    const Config& config;
    const Request& req;
    const Garage& garage;
    Db& db;
    Response res;
    std::optional<Customer> customer;  // the signed-in customer, if any

    // The route's with_session_data(): what its `read` made of the statement's rows.
    template <class Data>
    const Data& session_data() const {
        return std::any_cast<const Data&>(session_data_);
    }
    // The same data for a route that didn't fetch it with the session (a form's error page):
    // runs `statement` for this session now, in a round trip of its own.
    template <class Data>
    Data fetch_session_data(const Statement& statement, Data (*read)(const pqxx::result&)) {
        return read(session_rows(statement));
    }

  private:
    friend class App;
    pqxx::result session_rows(const Statement& statement);
    std::any session_data_;
    std::vector<std::pair<std::string, std::string>> values_;
    std::vector<std::pair<std::string, long>> numbers_;
    ReceivedFiles received_;
    std::unique_ptr<Page> page_;
    std::string session_token_, csrf_, note_;
};

class App {
  public:
    explicit App(const char* program);
    Route& get(const char* pattern, Handler h);
    Route& post(const char* pattern, Handler h);
    // Serves requests until killed: FastCGI when started by spawn-fcgi, else one CGI request.
    // With PORTAL_LIST_STATEMENTS set it only prints its named statements (the plan check's).
    int run();
    // Work a FastCGI worker does once before its first request (loading caches), so that its
    // first customer doesn't wait for it; not done for one CGI request or the statement list.
    void before_serving(void (*warm_up)()) { warm_up_ = warm_up; }

    // One request, from raw CGI parameters and body to a response (exposed for the loop).
    struct Raw {
        const char* (*param)(void* source, const char* name);
        long (*read_body)(void* source, char* buf, long n);
        void* source;
    };
    std::string handle(const Raw& raw, Db& db);

  private:
    Response dispatch(const Raw& raw, Request& req, Db& db, std::shared_ptr<const Garage>& garage,
                      std::string& detail);
    Response error_page(int status, const std::string& message, const Garage* garage,
                        const Request& req);

    std::string program_;
    std::deque<Route> routes_;  // deque: references returned by get/post stay valid
    Config config_;
    std::unique_ptr<Tenancy> tenancy_;
    long max_body_ = 0;  // the largest body any route takes: refused beyond it before routing
    void (*warm_up_)() = nullptr;
};

}  // namespace portal
