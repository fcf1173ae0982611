// The gate every page goes through: declared routes, validated input, one error boundary.
#include "app.h"

#include <fcgiapp.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <random>
#include <thread>

#include "csrf.h"
#include "format.h"
#include "log.h"
#include "tokens.h"

namespace portal {

namespace {

const char* kUnknownGarage = "Unable to find your garage. Please check the URL.";

// Paths under these prefixes carry a secret (a sign-in token). nginx keeps them out of its
// logs; here loggable_path() cuts them, and Route::secret_path() accepts no other prefix.
const std::string_view kSecretPathPrefixes[] = {"/auth/", "/unsubscribe/"};

bool is_secret_prefix_of(std::string_view pattern) {
    for (auto prefix : kSecretPathPrefixes)
        if (pattern.substr(0, prefix.size()) == prefix) return true;
    return false;
}

// What the log may show of a request's path, decided before anything else can fail: no query
// string, and nothing after a secret prefix (compared the way nginx chooses a location: decoded,
// slashes merged, any case), so a trailing slash, a wrong method, an unknown host or a database
// outage never writes a live token into a log.
std::string loggable_path(std::string_view request_uri) {
    std::string decoded;
    if (!percent_decode(request_uri.substr(0, request_uri.find('?')), false, decoded) ||
        !valid_utf8(decoded))
        return "(malformed)";
    std::string path;
    for (char ch : decoded)
        if (ch != '/' || path.empty() || path.back() != '/') path += ch;
    std::string folded = path;
    for (auto& ch : folded) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    for (auto prefix : kSecretPathPrefixes) {
        std::string_view bare = prefix.substr(0, prefix.size() - 1);  // "/auth"
        for (size_t at = folded.find(bare); at != std::string::npos;
             at = folded.find(bare, at + 1)) {
            size_t end = at + bare.size();
            if (end == folded.size() || folded[end] == '/' || folded[end] == '.')
                return path.substr(0, at) + std::string(prefix) + "(secret)";
        }
    }
    return path.substr(0, 200);
}

struct ErrorText {
    int status;
    const char* heading;
    const char* message;
};

// What a customer reads for each status; the specific reason goes to the log.
const ErrorText kErrorTexts[] = {
    {400, "That request didn't look right", "Please go back and try again."},
    {403, "That form has expired", "Please go back, reload the page and try again."},
    {404, "Page not found", "We couldn't find that page."},
    {405, "Not available", "That action isn't available on this page."},
    {413, "Too much at once", "That was more than we can accept in one go."},
    {415, "That request didn't look right", "Please go back and try again."},
    {429, "Please wait a moment",
     "You've tried that a few times. Please wait a little and try again."},
    {500, "Something went wrong",
     "Something went wrong on our side. Please try again in a moment."},
    {503, "We'll be right back",
     "The portal is taking a short break. Please try again in a minute."},
};

const ErrorText& error_text(int status) {
    for (const auto& t : kErrorTexts)
        if (t.status == status) return t;
    return kErrorTexts[0];
}

std::string new_request_id() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
    return buf;
}

bool content_type_is_form(std::string_view ct) {
    std::string_view base = ct.substr(0, ct.find(';'));
    while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
    if (base.size() != 33) return false;
    for (size_t i = 0; i < base.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(base[i])) !=
            "application/x-www-form-urlencoded"[i])
            return false;
    return true;
}

// ---- FastCGI and CGI sources of a request ----

const char* fcgi_param(void* source, const char* name) {
    return FCGX_GetParam(name, static_cast<FCGX_Request*>(source)->envp);
}
long fcgi_read(void* source, char* buf, long n) {
    return FCGX_GetStr(buf, static_cast<int>(n), static_cast<FCGX_Request*>(source)->in);
}
const char* cgi_param(void*, const char* name) {
    return std::getenv(name);
}
long cgi_read(void*, char* buf, long n) {
    return static_cast<long>(std::fread(buf, 1, n, stdin));
}

// Every "{name}" of a route's pattern needs a validator, and every validator a "{name}": a
// segment that passes unchecked is a start-up error, not a request-time surprise.
std::string unvalidated_segment(const Route& r) {
    std::vector<std::string> names;
    for (size_t open = r.pattern.find('{'); open != std::string::npos;
         open = r.pattern.find('{', open + 1))
        names.push_back(r.pattern.substr(open + 1, r.pattern.find('}', open) - open - 1));
    for (const auto& name : names) {
        bool declared = false;
        for (const auto& s : r.segments) declared = declared || s.name == name;
        if (!declared) return r.method + " " + r.pattern + ": {" + name + "} has no validator";
    }
    for (const auto& s : r.segments)
        if (std::find(names.begin(), names.end(), s.name) == names.end())
            return r.method + " " + r.pattern + ": no {" + s.name + "} to validate";
    return "";
}

}  // namespace

// ---- Request ----

std::string_view Request::cookie(std::string_view name) const {
    auto it = secure ? cookies.find("__Host-" + std::string(name)) : cookies.find(name);
    return it != cookies.end() ? std::string_view(it->second) : std::string_view();
}

std::string_view Request::token_cookie(std::string_view name) const {
    std::string_view value = cookie(name);
    return v::token()(value) ? value : std::string_view();
}

// ---- Route ----

Route::Route(std::string method, std::string pattern, Handler handler)
    : method(std::move(method)), pattern(std::move(pattern)), handler(handler) {}

Route& Route::field(const char* name, Validator v) {
    fields.push_back({name, std::move(v), true});
    return *this;
}
Route& Route::optional(const char* name, Validator v) {
    fields.push_back({name, std::move(v), false});
    return *this;
}
Route& Route::segment(const char* name, Validator v) {
    segments.push_back({name, std::move(v), true});
    return *this;
}
Route& Route::uploads(MultipartLimits limits) {
    upload_rules = UploadRules{limits, {}};
    return *this;
}
Route& Route::file(const char* name) {
    if (!upload_rules) throw std::logic_error(pattern + ": file() needs uploads() first");
    upload_rules->file_fields.emplace_back(name);
    return *this;
}
Route& Route::field_bytes(size_t bytes) {
    max_field_bytes = bytes;
    return *this;
}
Route& Route::public_page() {
    needs_customer = false;
    return *this;
}
Route& Route::recent_sign_in(const char* page) {
    needs_recent_sign_in = true;
    if (page)
        come_back = page;
    else if (method == "GET")
        come_back = "";  // the request's own path
    else
        throw std::logic_error(pattern + ": a POST route names the page to come back to");
    return *this;
}
Route& Route::secret_path() {
    if (!is_secret_prefix_of(pattern))
        throw std::logic_error(pattern + ": a secret path must lie under a prefix the log hides");
    secret = true;
    referrer_policy = "no-referrer";
    return *this;
}
Route& Route::token_is_the_proof() {
    if (!secret || method != "POST")
        throw std::logic_error(pattern + ": only a POST on a secret path may go without CSRF");
    csrf_exempt = true;
    return *this;
}

bool Route::matches(std::string_view path,
                    std::vector<std::pair<std::string, std::string>>& out) const {
    std::string_view pat = pattern;
    while (true) {
        size_t brace = pat.find('{');
        if (brace == std::string_view::npos) return pat == path;
        if (path.substr(0, brace) != pat.substr(0, brace)) return false;
        path.remove_prefix(brace);
        pat.remove_prefix(brace);
        size_t close = pat.find('}');
        std::string name(pat.substr(1, close - 1));
        pat.remove_prefix(close + 1);
        // A segment runs to the next '/' in the path, less any literal suffix (".pdf").
        size_t literal_end = pat.find_first_of("/{");
        std::string_view suffix = pat.substr(0, literal_end);
        size_t seg_end = path.find('/');
        std::string_view seg = path.substr(0, seg_end);
        if (seg.size() <= suffix.size() || seg.substr(seg.size() - suffix.size()) != suffix)
            return false;
        out.emplace_back(name, std::string(seg.substr(0, seg.size() - suffix.size())));
        path.remove_prefix(seg.size());
        pat.remove_prefix(suffix.size());
    }
}

// ---- Ctx ----

Ctx::Ctx(const Config& config, const Request& req, const Garage& garage, Db& db)
    : config(config), req(req), garage(garage), db(db) {}

std::string_view Ctx::field(std::string_view name) const {
    for (const auto& [k, v] : values_)
        if (k == name) return v;
    return {};
}

pqxx::result Ctx::session_rows(const Statement& statement) {
    pqxx::result rows;
    if (!load_session(db, garage, session_token_, statement.name, &rows))
        throw std::logic_error("session_rows() without a session");
    return rows;
}

long Ctx::integer(std::string_view name) const {
    for (const auto& [k, v] : numbers_)
        if (k == name) return v;
    throw std::logic_error("no number field " + std::string(name));
}

bool Ctx::has(std::string_view name) const {
    for (const auto& [k, v] : values_)
        if (k == name) return true;
    return false;
}

ctemplate::TemplateDictionary& Ctx::layout() {
    if (!page_) throw std::logic_error("layout() before page()");
    return page_->layout();
}

ctemplate::TemplateDictionary& Ctx::page(const char* body_template, std::string_view title) {
    page_ = std::make_unique<Page>(body_template, title, &garage, req.request_id);
    page_->layout().SetTemplateGlobalValue("CSRF", csrf());
    if (customer) {
        auto* who = page_->layout().AddSectionDictionary("SIGNED_IN");
        who->SetValue("CUSTOMER_NAME", customer->display_name());
        std::string initial = customer->first_name.substr(0, 1);
        if (!initial.empty() && (initial[0] & 0x80)) {
            // A multi-byte first letter: take the whole UTF-8 sequence.
            size_t n = 1;
            while (n < customer->first_name.size() && (customer->first_name[n] & 0xC0) == 0x80) ++n;
            initial = customer->first_name.substr(0, n);
        }
        who->SetValue("CUSTOMER_INITIAL", initial);
    }
    return page_->dict();
}

const std::string& Ctx::csrf() {
    if (csrf_.empty()) {
        std::string basis = session_token_;
        if (basis.empty()) {
            basis = std::string(req.token_cookie(kPreSessionCookie));
            if (basis.empty()) {
                basis = random_token();
                res.set_cookie({kPreSessionCookie, basis, kPreSessionSeconds});
            }
        }
        csrf_ = csrf_token(basis);
    }
    return csrf_;
}

void Ctx::sign_in(pqxx::transaction_base& tx, long customer_id, const char* method) {
    if (customer) end_session(tx, garage, customer->session_id);
    NewSession session =
        start_session(tx, garage, customer_id, method, req.remote_addr, req.user_agent);
    res.set_cookie({kSessionCookie, std::move(session.token), kSessionSeconds});
    if (session.first_visit) res.set_cookie({kWelcomeCookie, "1", -1});
    res.set_cookie(clear_cookie(kPendingCookie));
}

long Ctx::queue_email(pqxx::transaction_base& tx, const char* name,
                      const ctemplate::TemplateDictionary& dict, OutgoingEmail m) {
    EmailBody body = render_email(name, dict, garage, public_origin());
    m.garage_id = garage.id;
    m.text = std::move(body.text);
    m.html = std::move(body.html);
    return enqueue_email(tx, m);
}

void Ctx::note(std::string_view text) {
    if (!note_.empty()) note_ += "; ";
    note_ += text;
}

std::string Ctx::public_origin() const {
    return portal::public_origin(config, garage);
}

void Ctx::render(int status) {
    if (!page_) throw std::logic_error("render() without page()");
    res.status = status;
    res.body = page_->expand();
}

// ---- App ----

App::App(const char* program) : program_(program) {}

Route& App::get(const char* pattern, Handler h) {
    return routes_.emplace_back("GET", pattern, h);
}
Route& App::post(const char* pattern, Handler h) {
    // Every POST may carry the CSRF token; the gate checks it before the handler runs.
    return routes_.emplace_back("POST", pattern, h).optional(kCsrfField, v::line(64));
}

Response App::error_page(int status, const std::string& message, const Garage* garage,
                         const Request& req) {
    const ErrorText& text = error_text(status);
    Response res;
    res.status = status;
    Page page("error.tpl", text.heading, garage, req.request_id);
    page.dict().SetValue("HEADING", status == 404 && !garage ? "Garage not found" : text.heading);
    page.dict().SetValue("MESSAGE", message.empty() ? text.message : message);
    page.dict().SetValue("REQUEST_ID", req.request_id);
    if (garage) page.dict().ShowSection("HOME_LINK");
    res.body = page.expand();
    return res;
}

Response App::dispatch(const Raw& raw, Request& req, Db& db, std::shared_ptr<const Garage>& garage,
                       std::string& detail) {
    auto P = [&](const char* name) -> std::string_view {
        const char* v = raw.param(raw.source, name);
        return v ? v : "";
    };

    std::string_view uri = P("REQUEST_URI");
    std::string_view raw_path = uri.substr(0, uri.find('?'));
    if (!percent_decode(raw_path, false, req.path) || !valid_utf8(req.path) || req.path.empty() ||
        req.path[0] != '/') {
        throw HttpError(400, "", "bad path encoding");
    }

    if (req.path == "/healthz") {
        Response res;
        res.content_type = "text/plain; charset=utf-8";
        bool up = db_reachable(db);
        res.status = up ? 200 : 503;
        res.body = up ? "ok\n" : "database unreachable\n";
        return res;
    }

    // The garage is the host nginx routed on ($host: the request line's host for an absolute
    // URI, else the Host header). A Host header that names another host is refused, not obeyed.
    std::string_view sent_host = P("HTTP_HOST");
    if (!sent_host.empty() && normalise_host(sent_host) != normalise_host(req.host))
        throw HttpError(400, "", "Host header differs from the request line's host");
    garage = tenancy_->resolve(req.host, db);
    if (!garage) throw HttpError(404, kUnknownGarage, "unknown host");

    // Too large a body is refused before anything else looks at the request: past the largest
    // any route of this program takes (max_body_, worked out at start).
    long length = 0;
    for (char ch : P("CONTENT_LENGTH")) {
        if (ch < '0' || ch > '9') throw HttpError(400, "", "bad content length");
        if (length > max_body_) break;
        length = length * 10 + (ch - '0');
    }
    if (length > max_body_) throw HttpError(413, "", "body too large");

    // Which route: the path decides 404, then the method decides 405.
    std::string method = req.method == "HEAD" ? "GET" : req.method;
    const Route* route = nullptr;
    std::vector<std::pair<std::string, std::string>> segments;
    std::string allow;
    for (const Route& r : routes_) {
        std::vector<std::pair<std::string, std::string>> found;
        if (!r.matches(req.path, found)) continue;
        if (!allow.empty()) allow += ", ";
        allow += r.method == "GET" ? "GET, HEAD" : r.method;
        if (r.method == method && !route) {
            route = &r;
            segments = std::move(found);
        }
    }
    if (allow.empty()) throw HttpError(404, "", "no route");
    if (!route) {
        Response res = error_page(405, "", garage.get(), req);
        res.header("Allow", allow);
        return res;
    }
    // And within the route's own limit: its uploads', or the one on urlencoded forms.
    if (length > (route->upload_rules
                      ? static_cast<long>(route->upload_rules->limits.max_total_bytes)
                      : config_.max_body_bytes))
        throw HttpError(413, "", "body too large");

    // Who is signed in: a session of this garage only (the lookup is scoped by garage). Known
    // before the body is read, so that a form's files wait for its CSRF token to be checked.
    Ctx c(config_, req, *garage, db);
    if (!req.cookie(kSessionCookie).empty()) {
        std::string_view token = req.token_cookie(kSessionCookie);
        if (!token.empty()) {
            pqxx::result rows;
            c.customer = load_session(db, *garage, token, route->session_statement, &rows);
            if (c.customer && route->read_session_data)
                c.session_data_ = route->read_session_data(rows);
        }
        if (c.customer)
            c.session_token_ = std::string(token);
        else
            c.res.set_cookie(clear_cookie(kSessionCookie));  // expired or foreign: forget it
    }
    std::string_view csrf_basis =
        c.customer ? std::string_view(c.session_token_) : req.token_cookie(kPreSessionCookie);

    // Input: the query string for GET, the form body for POST (urlencoded, or multipart on a
    // route that takes uploads); never both.
    std::string body;
    std::string_view input = P("QUERY_STRING");
    Pairs pairs;
    std::string_view content_type = P("CONTENT_TYPE");
    size_t field_bytes =
        std::max(route->max_field_bytes, static_cast<size_t>(config_.max_field_bytes));
    if (method == "POST" && !input.empty()) throw HttpError(400, "", "query string on POST");
    if (method == "POST" && route->upload_rules && !content_type_is_form(content_type)) {
        UploadRules rules = *route->upload_rules;
        rules.limits.max_fields = static_cast<size_t>(config_.max_fields);
        rules.limits.max_field_bytes = field_bytes;
        auto read = [&](char* buf, long n) { return raw.read_body(raw.source, buf, n); };
        auto csrf_first = [&](const Pairs& before) {
            std::string_view token;
            for (const auto& [name, value] : before)
                if (name == kCsrfField) token = value;
            if (!csrf_matches(token, csrf_basis))
                throw HttpError(403, "", "csrf token missing or wrong before a file");
        };
        read_multipart(content_type, length, read, rules, config_.files_dir + "/.uploads",
                       csrf_first, pairs, c.received_);
    } else {
        if (method == "POST") {
            if (!content_type_is_form(content_type)) throw HttpError(415, "", "content type");
            if (length > config_.max_body_bytes) throw HttpError(413, "", "body too large");
            body.resize(length);
            long got = length ? raw.read_body(raw.source, body.data(), length) : 0;
            if (got != length) throw HttpError(400, "", "short body");
            input = body;
        }
        pairs = parse_urlencoded(input, config_.max_fields, field_bytes);
    }
    for (auto& [name, value] : pairs) {
        const FieldRule* rule = nullptr;
        for (const auto& f : route->fields)
            if (f.name == name) rule = &f;
        if (!rule) throw HttpError(400, "", "unknown field " + name.substr(0, 40));
        if (c.has(name)) throw HttpError(400, "", "duplicate field " + name);
        if (!rule->validator(value)) throw HttpError(400, "", "invalid field " + name);
        if (rule->validator.number) c.numbers_.emplace_back(name, rule->validator.number(value));
        c.values_.emplace_back(std::move(name), std::move(value));
    }
    for (const auto& f : route->fields)
        if (f.required && !c.has(f.name)) throw HttpError(400, "", "missing field " + f.name);
    for (auto& [name, value] : segments) {
        for (const auto& s : route->segments) {
            if (s.name != name) continue;
            if (!s.validator(value)) throw HttpError(404, "", "bad segment " + name);
            if (s.validator.number) c.numbers_.emplace_back(name, s.validator.number(value));
        }
        c.values_.emplace_back(std::move(name), std::move(value));
    }

    if (route->needs_customer && !c.customer) {
        // The customer signs in first and comes back here (only a local path, see v::local_path).
        std::string back = req.path;
        if (method == "GET" && !input.empty()) back += "?" + std::string(input);
        c.res.redirect(with_query("/login", {{"next", back}}));
        return std::move(c.res);
    }

    if (method == "POST" && !route->csrf_exempt) {
        if (!csrf_matches(c.field(kCsrfField), csrf_basis))
            throw HttpError(403, "", c.has(kCsrfField) ? "csrf token wrong" : "csrf token missing");
    }

    // A sensitive change (recent_sign_in()): a sign-in older than 15 minutes signs in again first
    // (a fresh link or the password), then comes back to the form's page.
    if (route->needs_recent_sign_in && !c.customer->recently_signed_in) {
        std::string back = route->come_back;
        if (back.empty())
            back =
                method == "GET" && !input.empty() ? req.path + "?" + std::string(input) : req.path;
        c.note("sign-in older than 15 minutes");
        c.res.redirect(with_query("/login", {{"notice", "reauth"}, {"next", back}}));
        return std::move(c.res);
    }

    if (!route->referrer_policy.empty()) c.res.header("Referrer-Policy", route->referrer_policy);
    route->handler(c);
    detail = c.note_;
    // 304 Not Modified has no body by definition (a poll's "nothing new", RFC 9110 15.4.5).
    if (c.res.body.empty() && c.res.status != 303 && c.res.status != 304 && !c.res.sends_file())
        throw std::logic_error("handler " + route->pattern + " produced no response");
    return std::move(c.res);
}

std::string App::handle(const Raw& raw, Db& db) {
    auto started = std::chrono::steady_clock::now();
    auto P = [&](const char* name) -> std::string {
        const char* v = raw.param(raw.source, name);
        return v ? v : "";
    };
    Request req;
    req.method = P("REQUEST_METHOD");
    // nginx passes $host as SERVER_NAME; run as a plain CGI program, the Host header stands in.
    req.host = P("SERVER_NAME");
    if (req.host.empty()) req.host = P("HTTP_HOST");
    req.remote_addr = P("REMOTE_ADDR");
    req.user_agent = P("HTTP_USER_AGENT");
    req.request_id = P("REQUEST_ID");
    if (req.request_id.empty() || req.request_id.size() > 64) req.request_id = new_request_id();
    req.secure = config_.public_scheme == "https";
    req.cookies = parse_cookies(P("HTTP_COOKIE"));

    std::shared_ptr<const Garage> garage;
    std::string log_path = loggable_path(P("REQUEST_URI")), detail;
    Response res;
    // The one error boundary: every failure becomes a status and a page; the detail is logged.
    try {
        try {
            res = dispatch(raw, req, db, garage, detail);
        } catch (const HttpError& e) {
            detail = e.detail.empty() ? e.what() : e.detail;
            res = error_page(e.status, e.what(), garage.get(), req);
        } catch (const NotFound& e) {
            detail = std::string("not found: ") + e.what();
            res = error_page(404, e.what(), garage.get(), req);
        } catch (const pqxx::broken_connection& e) {
            db.drop();
            detail = std::string("database unreachable: ") + e.what();
            res = error_page(503, "", garage.get(), req);
            res.header("Retry-After", "30");
        } catch (const std::exception& e) {
            detail = e.what();
            res = error_page(500, "", garage.get(), req);
        }
    } catch (const std::exception& e) {
        // The error page itself failed (templates missing): plain text, still no internals.
        detail += std::string("; error page failed: ") + e.what();
        res = Response{};
        res.status = 500;
        res.content_type = "text/plain; charset=utf-8";
        res.body = "Something went wrong on our side. Reference: " + req.request_id + "\n";
    }

    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
    log_request(program_, garage ? garage->subdomain : "", req.method, log_path, res.status, ms,
                req.request_id, detail);
    return res.serialise(req.secure, req.method == "HEAD",
                         req.secure && config_.hsts_include_subdomains);
}

int App::run() {
    // The plan check (tests/integration/plans_test.cc) asks each page program for its SQL:
    // every Statement it prepares, as name NUL sql NUL, and nothing else.
    if (std::getenv("PORTAL_LIST_STATEMENTS")) {
        for (const Statement* s : registered_statements()) {
            std::fwrite(s->name, 1, std::strlen(s->name) + 1, stdout);
            std::fwrite(s->sql.c_str(), 1, s->sql.size() + 1, stdout);
        }
        // Now: an exit that aborts (a sanitizer's leak report) would lose what is buffered.
        std::fflush(stdout);
        return 0;
    }
    for (const Route& r : routes_) {
        std::string problem = unvalidated_segment(r);
        if (!problem.empty()) {
            log_event(program_, "cannot start: " + problem);
            return 1;
        }
    }
    ::signal(SIGPIPE, SIG_IGN);
    try {
        config_ = load_config();
        load_templates(config_.share_dir);
        remove_orphan_uploads(config_.files_dir + "/.uploads");
    } catch (const std::exception& e) {
        log_event(program_, std::string("cannot start: ") + e.what());
        return 1;
    }
    tenancy_ = std::make_unique<Tenancy>(config_.base_domain, config_.tenancy_cache_seconds);
    // The configured limit on forms, unless a route takes larger uploads.
    max_body_ = config_.max_body_bytes;
    for (const Route& r : routes_)
        if (r.upload_rules)
            max_body_ =
                std::max(max_body_, static_cast<long>(r.upload_rules->limits.max_total_bytes));

    if (FCGX_IsCGI()) {
        Db db(config_.db);
        std::string out = handle({cgi_param, cgi_read, nullptr}, db);
        std::fwrite(out.data(), 1, out.size(), stdout);
        return 0;
    }

    if (warm_up_) warm_up_();
    FCGX_Init();
    // No lock around FCGX_Accept_r: on Linux accept(2) needs none, and on a persistent
    // connection the call blocks reading the next request, which would stall every thread.
    auto serve = [&] {
        Db db(config_.db);
        FCGX_Request request;
        FCGX_InitRequest(&request, 0, 0);
        while (true) {
            if (FCGX_Accept_r(&request) < 0) break;
            std::string out = handle({fcgi_param, fcgi_read, &request}, db);
            FCGX_PutStr(out.data(), static_cast<int>(out.size()), request.out);
            // A body we refused unread must not be left on a persistent connection.
            char sink[4096];
            while (FCGX_GetStr(sink, sizeof sink, request.in) > 0) {
            }
            FCGX_Finish_r(&request);
        }
    };
    // Shutdown signals (multiwatch's TERM or USR1) go to the main thread only: the extra threads
    // start with them blocked. When the main loop ends the whole process exits, whatever the
    // other threads are blocked in.
    sigset_t shutdown, previous;
    sigemptyset(&shutdown);
    for (int sig : {SIGTERM, SIGINT, SIGHUP, SIGUSR1}) sigaddset(&shutdown, sig);
    pthread_sigmask(SIG_BLOCK, &shutdown, &previous);
    std::vector<std::thread> extra;
    for (int i = 1; i < config_.threads; ++i) extra.emplace_back(serve);
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    serve();
    std::_Exit(0);
}

}  // namespace portal
