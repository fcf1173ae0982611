// The sign-in page and its forms (seed: "How customers access the portal"): Email link (the
// default) and Password tabs, the 6-digit code, and "Forgot your password?". No answer here ever
// tells whether an address belongs to a customer.
#include <chrono>
#include <thread>

#include "app.h"
#include "auth_tokens.h"
#include "customers.h"
#include "email_address.h"
#include "format.h"
#include "outbox.h"
#include "password.h"
#include "ratelimit.h"
#include "tokens.h"

namespace {

using portal::Ctx;
using portal::set;
namespace v = portal::v;

// Per address *and* IP: someone asking again and again for a customer's link from their own
// address can't use up the customer's own requests (and lock them out of signing in).
const portal::Limit kLinkPerAddress{"link per address and ip", 3, 15 * 60};
const portal::Limit kLinkPerIp{"link per ip", 20, 3600};
const portal::Limit kLinkPerGarage{"link per garage", 300, 3600};
const portal::Limit kCodePerIp{"code per ip", 20, 15 * 60};
const portal::Limit kCodePerGarage{"code per garage", 500, 3600};
const portal::Limit kPasswordPerAccount{"password failures per account", 5, 15 * 60};
const portal::Limit kPasswordPerIp{"password failures per ip", 20, 15 * 60};

const char* kCalmLimit =
    "We've sent several emails in the last few minutes. Please check your inbox and spam "
    "folder, or try again in a little while.";
const char* kWrongPassword =
    "That email address and password don't match. If you haven't set a password yet, sign in "
    "with the Email link tab instead.";
const char* kLocked =
    "Too many attempts. For your security, password sign-in is paused for 15 minutes. You can "
    "still sign in with the Email link tab.";
const char* kBadEmail = "Please enter your email address, like name@example.com.";

// A link or reset request is answered no sooner than this after its address is looked up, a
// customer's or anybody else's. Both paths do the same work, but for a customer the database
// keeps what it does (a token, an email) and wakes the mailer: about 0.8 ms more on a quiet host
// (issue 11, finding 8), a few ms under load. A floor above both hides it. Unlike the old
// password back-off (finding 7) it is short and bounded: these requests are rate limited per
// address, IP and garage (300 an hour), so at most a few worker-seconds an hour are spent here.
constexpr auto kAnswerFloor = std::chrono::milliseconds(15);

// A customer found by address, or nobody (id 0): both paths go on to do the same work.
portal::CustomerAccount find_account(pqxx::transaction_base& tx, long garage_id,
                                     const std::string& email) {
    return portal::customer_by_email(tx, garage_id, email).value_or(portal::CustomerAccount{});
}

std::string garage_key(const Ctx& c, const std::string& email) {
    return std::to_string(c.garage.id) + "|" + email;
}

// Queues a sign-in email (magic link or reset) in `tx`, from the garage, to the account's
// address — or, for nobody, does the same work and queues nothing. A refused message is logged,
// never a 500: the answer must stay the same for every address.
void queue_sign_in_email(Ctx& c, pqxx::transaction_base& tx, const portal::CustomerAccount& to_whom,
                         const char* purpose, const std::string& to, const std::string& subject,
                         const ctemplate::TemplateDictionary& dict, int ttl_seconds) {
    portal::OutgoingEmail out;
    out.to = to;
    out.subject = subject;
    out.purpose = purpose;
    out.not_after_seconds = ttl_seconds;  // a link is never delivered after it expired
    out.carries_secret = true;
    out.deliver = to_whom.id != 0;
    try {
        c.queue_email(tx, purpose, dict, out);
    } catch (const std::invalid_argument& e) {
        c.note(std::string("email refused: ") + e.what());
    }
}

// The login page in a given state: which tab, which message, what was typed.
struct LoginView {
    bool password_tab = false;
    const char* notice = nullptr;  // a sentence from above or the seed
    bool notice_is_error = false;
    bool sent = false;
    std::string email;
};

void render_login(Ctx& c, const LoginView& view, int status = 200) {
    auto& d = c.page("login.tpl", "Sign in");
    d.SetValue("LINK_SELECTED", view.password_tab ? "false" : "true");
    d.SetValue("PASSWORD_SELECTED", view.password_tab ? "true" : "false");
    d.ShowSection(view.password_tab ? "LINK_HIDDEN" : "PASSWORD_HIDDEN");
    set(d, "EMAIL", view.email);
    if (view.notice) {
        auto* n = d.AddSectionDictionary("NOTICE");
        n->SetValue("TEXT", view.notice);
        n->SetValue("KIND", view.notice_is_error ? "error" : "info");
        n->SetValue("ROLE", view.notice_is_error ? "alert" : "status");
    }
    if (view.sent) d.ShowSection("SENT");
    if (!c.field("next").empty())
        set(*d.AddSectionDictionary("NEXT"), "NEXT_PATH", c.field("next"));
    if (!c.garage.main_phone.empty())
        set(*d.AddSectionDictionary("HAS_PHONE"), "PHONE_DIAL",
            portal::dial_string(c.garage.main_phone));
    c.render(status);
}

// GET /login — 200; 303 to `next` (or home) when already signed in, unless `notice=reauth` asks
// for a fresh sign-in; 400 for unknown fields.
void show_login(Ctx& c) {
    std::string_view notice = c.field("notice");
    // Signed in already, unless a sensitive change asks for a fresh sign-in (reauth).
    if (c.customer && notice != "reauth") {
        c.res.redirect(c.field("next").empty() ? "/" : std::string(c.field("next")));
        return;
    }
    LoginView view;
    view.password_tab = c.field("tab") == "password";
    view.sent = notice == "sent";
    if (notice == "expired") view.notice = "Your link has expired. Request a new one below.";
    if (notice == "invalid") view.notice = "That link is no longer valid. Request a new one below.";
    if (notice == "expired" || notice == "invalid") view.notice_is_error = true;
    if (notice == "signed_out") view.notice = "You've signed out.";
    if (notice == "reauth") view.notice = "For your security, please sign in again to continue.";
    render_login(c, view);
}

// POST /login/link — 303 to /login?notice=sent for any well-formed address, customer or not;
// 422 for a malformed address; 429 past a rate limit (no email is sent).
void send_link(Ctx& c) {
    std::optional<std::string> address = portal::canonical_email(c.field("email"));
    if (!address) {
        render_login(c, {false, kBadEmail, true, false, std::string(c.field("email"))}, 422);
        return;
    }
    const std::string& email = *address;
    pqxx::work tx(c.db.conn());
    const char* over = nullptr;
    if (!portal::allow(tx, kLinkPerAddress,
                       portal::limit_key("addr", garage_key(c, email) + "|" + c.req.remote_addr)))
        over = kLinkPerAddress.name;
    else if (!portal::allow(tx, kLinkPerIp, c.req.remote_addr))
        over = kLinkPerIp.name;
    else if (!portal::allow(tx, kLinkPerGarage, std::to_string(c.garage.id)))
        over = kLinkPerGarage.name;
    if (over) {
        tx.commit();
        c.note(std::string("rate limited: ") + over);
        render_login(c, {false, kCalmLimit, true, false, email}, 429);
        return;
    }

    // Every browser that asks gets a pending-sign-in cookie, customer or not, and the same work
    // is done either way (a token issued, an email rendered and queued: for nobody, nothing is
    // stored), so neither the answer nor its timing tells whether the address is a customer's.
    auto answer_at = std::chrono::steady_clock::now() + kAnswerFloor;
    std::string pending = portal::random_token();
    portal::CustomerAccount account = find_account(tx, c.garage.id, email);
    auto issued =
        portal::issue_token(tx, c.garage.id, account.id, "magic_link", portal::kMagicLinkSeconds,
                            std::string(c.field("next")), pending);
    ctemplate::TemplateDictionary mail("magic_link");
    mail.SetValue("FIRST_NAME", account.greeting);
    mail.SetValue("LINK_URL", c.public_origin() + "/auth/" + issued.token);
    mail.SetValue("CODE", issued.code.substr(0, 3) + " " + issued.code.substr(3));
    mail.SetIntValue("MINUTES", portal::kMagicLinkSeconds / 60);
    queue_sign_in_email(c, tx, account, "magic_link", email,
                        "Your sign-in link for " + c.garage.name, mail, portal::kMagicLinkSeconds);
    tx.commit();
    std::this_thread::sleep_until(answer_at);
    c.res.set_cookie({portal::kPendingCookie, pending, portal::kPendingSeconds});
    c.res.redirect(portal::with_query("/login", {{"notice", "sent"}, {"next", c.field("next")}}));
}

// POST /login/code — 303 to the link's destination when the code matches this browser's
// latest link; 422 otherwise; 429 past a rate limit.
void sign_in_with_code(Ctx& c) {
    std::string code;
    for (char ch : c.field("code"))
        if (ch != ' ') code.push_back(ch);
    LoginView view;
    view.sent = true;
    if (!v::digits(6)(code)) {
        view.notice = "Enter the 6 digits from the email.";
        view.notice_is_error = true;
        render_login(c, view, 422);
        return;
    }
    pqxx::work tx(c.db.conn());
    if (!portal::allow(tx, kCodePerIp, c.req.remote_addr) ||
        !portal::allow(tx, kCodePerGarage, std::to_string(c.garage.id))) {
        tx.commit();
        c.note("rate limited: code attempts");
        view.notice = "Too many attempts. Please wait a few minutes, or use the link in the email.";
        view.notice_is_error = true;
        render_login(c, view, 429);
        return;
    }
    portal::TokenInfo t =
        portal::consume_code(tx, c.garage.id, c.req.token_cookie(portal::kPendingCookie), code);
    if (t.state == portal::TokenState::too_many_codes) {
        tx.commit();
        c.note("rate limited: codes per customer per day");
        view.notice = "Too many codes tried today. Please use the link in the email instead.";
        view.notice_is_error = true;
        render_login(c, view, 429);
        return;
    }
    if (t.state != portal::TokenState::ok) {
        tx.commit();  // the failed attempt counts
        c.note("code refused");
        view.notice = t.state == portal::TokenState::expired
                          ? "Your link has expired. Request a new one below."
                          : "That code doesn't match. Check the email and try again, or request "
                            "a new link below.";
        view.notice_is_error = true;
        render_login(c, view, 422);
        return;
    }
    c.sign_in(tx, t.customer_id, "code");
    tx.commit();
    c.res.redirect(t.redirect_path.empty() ? "/" : t.redirect_path);
}

// POST /login/password — 303 to `next` (or home) on success; 422 for a wrong address or
// password or none set (one message, one timing); 429 while locked out.
// Guessing is slowed by the lockout alone (answered at once): a worker never waits on purpose.
void sign_in_with_password(Ctx& c) {
    // A malformed address is nobody's: the same message after the same work as a wrong password.
    std::string email = portal::canonical_email(c.field("email")).value_or("");
    std::string next = c.field("next").empty() ? "/" : std::string(c.field("next"));
    LoginView view;
    view.password_tab = true;
    view.email = std::string(c.field("email"));
    view.notice_is_error = true;
    // One key per account, whatever the spelling; a malformed address keys on itself.
    std::string lock_key =
        portal::limit_key("acct", garage_key(c, email.empty() ? view.email : email));

    pqxx::work tx(c.db.conn());
    if (portal::exhausted(tx, kPasswordPerAccount, lock_key) ||
        portal::exhausted(tx, kPasswordPerIp, c.req.remote_addr)) {
        c.note("password sign-in locked out");
        view.notice = kLocked;
        render_login(c, view, 429);
        return;
    }
    portal::CustomerAccount account = find_account(tx, c.garage.id, email);
    bool ok = false;
    if (account.password_hash.empty())
        portal::verify_nothing(c.field("password"));  // same time as a wrong password
    else
        ok = portal::verify_password(c.field("password"), account.password_hash);
    if (!ok) {
        int failures = portal::count_event(tx, kPasswordPerAccount, lock_key);
        portal::count_event(tx, kPasswordPerIp, c.req.remote_addr);
        tx.commit();
        c.note("password refused");
        view.notice = failures >= kPasswordPerAccount.max ? kLocked : kWrongPassword;
        render_login(c, view, failures >= kPasswordPerAccount.max ? 429 : 422);
        return;
    }
    c.sign_in(tx, account.id, "password");
    tx.commit();
    c.res.redirect(next);
}

// GET /login/forgot — 200.
void show_forgot(Ctx& c) {
    auto& d = c.page("forgot.tpl", "Reset your password");
    if (c.field("notice") == "sent") d.ShowSection("SENT");
    c.render();
}

// POST /login/forgot — 303 to /login/forgot?notice=sent for any well-formed address; 422 for a
// malformed one; 429 past a rate limit.
void send_reset(Ctx& c) {
    std::optional<std::string> address = portal::canonical_email(c.field("email"));
    auto fail = [&](const char* text, int status) {
        auto& d = c.page("forgot.tpl", "Reset your password");
        auto* n = d.AddSectionDictionary("NOTICE");
        n->SetValue("TEXT", text);
        set(d, "EMAIL", c.field("email"));
        c.render(status);
    };
    if (!address) return fail(kBadEmail, 422);
    const std::string& email = *address;
    pqxx::work tx(c.db.conn());
    if (!portal::allow(
            tx, kLinkPerAddress,
            portal::limit_key("reset", garage_key(c, email) + "|" + c.req.remote_addr)) ||
        !portal::allow(tx, kLinkPerIp, c.req.remote_addr) ||
        !portal::allow(tx, kLinkPerGarage, std::to_string(c.garage.id))) {
        tx.commit();
        c.note("rate limited: password reset");
        return fail(kCalmLimit, 429);
    }
    // The same work for a customer's address and anybody else's, as in send_link.
    auto answer_at = std::chrono::steady_clock::now() + kAnswerFloor;
    portal::CustomerAccount account = find_account(tx, c.garage.id, email);
    auto issued = portal::issue_token(tx, c.garage.id, account.id, "password_reset",
                                      portal::kResetSeconds, "", "");
    ctemplate::TemplateDictionary mail("password_reset");
    mail.SetValue("FIRST_NAME", account.greeting);
    mail.SetValue("LINK_URL", c.public_origin() + "/auth/" + issued.token);
    mail.SetIntValue("MINUTES", portal::kResetSeconds / 60);
    queue_sign_in_email(c, tx, account, "password_reset", email,
                        "Reset your password for " + c.garage.name, mail, portal::kResetSeconds);
    tx.commit();
    std::this_thread::sleep_until(answer_at);
    c.res.redirect("/login/forgot?notice=sent");
}

}  // namespace

int main() {
    portal::App app("login");
    app.get("/login", show_login)
        .public_page()
        .optional("tab", v::one_of({"link", "password"}))
        .optional("next", v::local_path())
        .optional("notice", v::one_of({"sent", "expired", "invalid", "signed_out", "reauth"}));
    app.post("/login/link", send_link)
        .public_page()
        .field("email", v::line(254))
        .optional("next", v::local_path());
    app.post("/login/code", sign_in_with_code).public_page().field("code", v::line(20));
    app.post("/login/password", sign_in_with_password)
        .public_page()
        .field("email", v::line(254))
        .field("password", v::line(1024))
        .optional("next", v::local_path());
    app.get("/login/forgot", show_forgot).public_page().optional("notice", v::one_of({"sent"}));
    app.post("/login/forgot", send_reset).public_page().field("email", v::line(254));
    return app.run();
}
