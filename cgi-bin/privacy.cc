// Privacy & Security (seed: "The combined Privacy & Security page"): the privacy level the voice
// assistant follows, the voice PIN and password cards, the signed-in devices, the alert
// preferences (Zero Disclosure only) and the garage's contact channels.
#include <climits>

#include "app.h"
#include "auth_tokens.h"
#include "format.h"
#include "password_form.h"
#include "privacy_tiers.h"
#include "ratelimit.h"
#include "user_agent.h"
#include "voice_pin.h"

namespace {

using portal::Ctx;
namespace v = portal::v;

// Devices listed; "Sign out everywhere else" reaches the rest too.
constexpr long kMaxDevices = 20;
// Each tier or PIN change emails the customer: a stolen session can't flood their inbox.
const portal::Limit kSecurityNotices{"security notices", 10, 3600};

// The page's data with the session in one round trip: one row per listed device (the current
// one first), each with the customer's settings and the garage's voice assistant numbers.
const portal::Statement kPage{
    "privacy_page",
    portal::session_select(
        "c.privacy_tier AS tier, c.voice_pin_hash IS NOT NULL AS has_pin,"
        " coalesce(portal_time(c.voice_pin_changed_at, $3), '') AS pin_changed,"
        " c.alert_on_access_email AS alert_email, c.alert_on_access_sms AS alert_sms,"
        " c.phone IS NOT NULL AS has_phone,"
        " array_to_string(g.voice_ai_numbers, E'\\n') AS voice_numbers,"
        " d.id AS device_id, d.id = s.id AS device_current, d.user_agent AS device_agent,"
        " coalesce(host(d.ip), '') AS device_ip,"
        " portal_time(d.signed_in_at, $3) AS device_signed_in,"
        " portal_time(d.last_seen_at, $3) AS device_last_seen",
        "JOIN garages g ON g.id = c.garage_id"
        " CROSS JOIN LATERAL (SELECT d.id, d.user_agent, d.ip, d.signed_in_at, d.last_seen_at"
        "  FROM sessions d WHERE d.garage_id = c.garage_id AND d.customer_id = c.id"
        "  AND d.expires_at > now() ORDER BY d.id = s.id DESC, d.last_seen_at DESC"
        "  LIMIT 21) d",
        "d.id = s.id DESC, d.last_seen_at DESC")};
const portal::Statement kLockSettings{
    "privacy_lock_settings",
    "SELECT privacy_tier, voice_pin_hash IS NOT NULL AS has_pin, coalesce(phone, '') AS phone"
    " FROM customers WHERE garage_id = $1 AND id = $2 FOR UPDATE"};
const portal::Statement kSetTier{
    "privacy_set_tier", "UPDATE customers SET privacy_tier = $3 WHERE garage_id = $1 AND id = $2"};
const portal::Statement kSetAlerts{
    "privacy_set_alerts",
    "UPDATE customers SET alert_on_access_email = $3, alert_on_access_sms = $4"
    " WHERE garage_id = $1 AND id = $2 AND privacy_tier = 'BLOCKED'"
    " AND (NOT $4 OR phone IS NOT NULL) RETURNING id"};
const portal::Statement kEndDevice{
    "privacy_end_device",
    "DELETE FROM sessions WHERE garage_id = $1 AND customer_id = $2 AND id = $3 AND id <> $4"
    " RETURNING id"};

struct Device {
    long id = 0;
    bool current = false;
    std::string words, ip, signed_in, last_seen;
};

struct Privacy {
    std::string tier, pin_changed;
    bool has_pin = false, alert_email = false, alert_sms = false, has_phone = false;
    std::vector<std::string> voice_numbers;
    std::vector<Device> devices;
    bool more_devices = false;
};

Privacy read_privacy(const pqxx::result& r) {
    Privacy p;
    const pqxx::row first = r.at(0);
    p.tier = first["tier"].as<std::string>();
    p.has_pin = first["has_pin"].as<bool>();
    p.pin_changed = first["pin_changed"].as<std::string>();
    p.alert_email = first["alert_email"].as<bool>();
    p.alert_sms = first["alert_sms"].as<bool>();
    p.has_phone = first["has_phone"].as<bool>();
    std::string numbers = first["voice_numbers"].as<std::string>();
    for (size_t at = 0; at < numbers.size();) {
        size_t end = numbers.find('\n', at);
        if (end == std::string::npos) end = numbers.size();
        if (end > at) p.voice_numbers.push_back(numbers.substr(at, end - at));
        at = end + 1;
    }
    for (const auto& row : r) {
        if (static_cast<long>(p.devices.size()) == kMaxDevices) {
            p.more_devices = true;
            break;
        }
        Device d;
        d.id = row["device_id"].as<long>();
        d.current = row["device_current"].as<bool>();
        d.words = portal::device_words(row["device_agent"].as<std::string>(""));
        d.ip = row["device_ip"].as<std::string>();
        d.signed_in = row["device_signed_in"].as<std::string>();
        d.last_seen = row["device_last_seen"].as<std::string>();
        p.devices.push_back(std::move(d));
    }
    return p;
}

// A refusal shown in the card whose form was sent ("TIER", "PIN", "PASSWORD", "ALERTS").
struct Problem {
    const char* card = nullptr;
    std::string text;
};

void fill_tiers(ctemplate::TemplateDictionary& d, const Privacy& p) {
    for (const auto& t : portal::privacy_tiers()) {
        auto* row = d.AddSectionDictionary("TIER");
        row->SetValue("CODE", t.code);
        row->SetValue("NAME", t.name);
        row->SetValue("SAYS", t.says);
        if (p.tier == t.code) row->SetValue("CHECKED", "checked");
        if (t.needs_pin && !p.has_pin) {
            row->SetValue("DISABLED", "disabled");
            row->ShowSection("NEEDS_PIN");
        }
    }
}

void fill_contacts(ctemplate::TemplateDictionary& d, const Ctx& c, const Privacy& p) {
    const auto& g = c.garage;
    if (p.voice_numbers.empty() && g.whatsapp_number.empty() && g.main_phone.empty()) return;
    auto* touch = d.AddSectionDictionary("GET_IN_TOUCH");
    for (const auto& n : p.voice_numbers) {
        auto* call = touch->AddSectionDictionary("VOICE");
        portal::set(*call, "PHONE", n);
        call->SetValue("DIAL", portal::dial_string(n));
    }
    if (!g.whatsapp_number.empty()) {
        auto* wa = touch->AddSectionDictionary("WHATSAPP");
        portal::set(*wa, "PHONE", g.whatsapp_number);
        std::string digits = portal::dial_string(g.whatsapp_number);
        if (!digits.empty() && digits[0] == '+') digits.erase(0, 1);
        wa->SetValue("WA_NUMBER", digits);  // wa.me takes the number without + or spaces
    }
    if (!g.main_phone.empty()) {
        auto* main = touch->AddSectionDictionary("MAIN_LINE");
        portal::set(*main, "PHONE", g.main_phone);
        main->SetValue("DIAL", portal::dial_string(g.main_phone));
    }
}

const char* notice_text(std::string_view notice) {
    if (notice == "pin_set") return "Your voice PIN is set.";
    if (notice == "pin_changed") return "Your voice PIN has been changed.";
    if (notice == "password_set") return portal::password_notice(portal::PasswordChange::first_set);
    if (notice == "password_changed")
        return portal::password_notice(portal::PasswordChange::changed);
    if (notice == "alerts_saved") return "Your alert preferences are saved.";
    if (notice == "device_signed_out") return "That device has been signed out.";
    if (notice == "others_signed_out") return "You've been signed out everywhere else.";
    return nullptr;
}

void render_privacy(Ctx& c, const Privacy& p, const Problem& problem, int status) {
    auto& d = c.page("privacy.tpl", "Privacy & Security");
    const portal::PrivacyTier* tier = portal::privacy_tier(p.tier);
    std::string_view notice = c.field("notice");
    if (notice == "tier_saved" && tier)
        d.AddSectionDictionary("NOTICE")->SetValue(
            "TEXT", std::string("Your privacy level is now ") + tier->name + ".");
    else if (const char* text = notice_text(notice))
        d.AddSectionDictionary("NOTICE")->SetValue("TEXT", text);
    if (problem.card)
        d.AddSectionDictionary(std::string(problem.card) + "_ERROR")
            ->SetValue("TEXT", problem.text);
    if (!c.customer->recently_signed_in) d.ShowSection("REAUTH_HINT");

    fill_tiers(d, p);
    if (tier && tier->alerts) {
        auto* alerts = d.AddSectionDictionary("ALERTS");
        if (p.alert_email) alerts->SetValue("EMAIL_CHECKED", "checked");
        if (p.alert_sms) alerts->SetValue("SMS_CHECKED", "checked");
        if (!p.has_phone) {
            alerts->SetValue("SMS_DISABLED", "disabled");
            alerts->ShowSection("NO_PHONE");
        }
    }
    if (p.has_pin) {
        portal::set(*d.AddSectionDictionary("HAS_PIN"), "PIN_CHANGED", p.pin_changed);
        d.SetValue("PIN_ACTION", "Change PIN");
    } else {
        d.ShowSection("NO_PIN");
        d.SetValue("PIN_ACTION", "Set PIN");
    }
    d.ShowSection(c.customer->has_password ? "CHANGE_PASSWORD" : "SET_PASSWORD");

    bool others = false;
    for (const auto& dev : p.devices) {
        auto* row = d.AddSectionDictionary("DEVICE");
        portal::set(*row, "ID", dev.id);
        portal::set(*row, "WORDS", dev.words);
        portal::set(*row, "SIGNED_IN", dev.signed_in);
        portal::set(*row, "LAST_SEEN", dev.last_seen);
        if (!dev.ip.empty()) portal::set(*row->AddSectionDictionary("FROM"), "IP", dev.ip);
        row->ShowSection(dev.current ? "THIS_DEVICE" : "OTHER_DEVICE");
        others = others || !dev.current;
    }
    if (p.more_devices) d.ShowSection("MORE_DEVICES");
    if (others) d.ShowSection("SIGN_OUT_OTHERS");
    fill_contacts(d, c, p);
    c.render(status);
}

// The form's own page again, with what was wrong in its card.
void refuse(Ctx& c, const char* card, const std::string& why, int status) {
    render_privacy(c, c.fetch_session_data(kPage, read_privacy), {card, why}, status);
}

// Emails the customer a security notice about `change` ("Your voice PIN was changed."), in `tx`.
void queue_notice(Ctx& c, pqxx::transaction_base& tx, const std::string& subject,
                  const std::string& change) {
    ctemplate::TemplateDictionary mail("security_notice");
    mail.SetValue("FIRST_NAME", c.customer->display_name());
    mail.SetValue("CHANGE", change);
    portal::OutgoingEmail m;
    m.to = c.customer->email;
    m.customer_id = c.customer->id;
    m.subject = subject;
    m.purpose = "security_notice";
    c.queue_email(tx, "security_notice", mail, m);
}

const char* kTooManyChanges =
    "You've made a lot of changes in the last hour. For your security, please wait a while "
    "before trying again.";

// GET /privacy — 200.
void show_privacy(Ctx& c) {
    render_privacy(c, c.session_data<Privacy>(), {}, 200);
}

// POST /privacy/tier — 303 to /privacy; 422 for PIN Required without a voice PIN; 429 past the
// notices limit; 303 to a fresh sign-in when the last is older than 15 minutes (the route's rule).
void set_tier(Ctx& c) {
    const portal::PrivacyTier& tier = *portal::privacy_tier(c.field("tier"));
    pqxx::work tx(c.db.conn());
    pqxx::row now = portal::one_row(
        tx.exec_prepared(kLockSettings.name, c.garage.id, c.customer->id), "No such customer.");
    if (tier.needs_pin && !now["has_pin"].as<bool>()) {
        tx.abort();
        return refuse(c, "TIER", "Set a voice PIN first: PIN Required needs one.", 422);
    }
    if (now["privacy_tier"].as<std::string>() != tier.code) {
        if (!portal::allow(tx, kSecurityNotices,
                           portal::limit_key("notices", std::to_string(c.customer->id)))) {
            c.note("rate limited: security notices");
            tx.abort();
            return refuse(c, "TIER", kTooManyChanges, 429);
        }
        tx.exec_prepared(kSetTier.name, c.garage.id, c.customer->id, tier.code);
        queue_notice(c, tx, "Your " + c.garage.name + " privacy level was changed",
                     std::string("Your privacy level is now ") + tier.name + ".");
        tx.commit();
    }
    c.res.redirect("/privacy?notice=tier_saved");
}

// POST /privacy/pin — 303 to /privacy; 422 with the rule the PIN broke; 429 past the notices
// limit; 303 to a fresh sign-in when the last is older than 15 minutes.
void set_pin(Ctx& c) {
    pqxx::work tx(c.db.conn());
    pqxx::row now = portal::one_row(
        tx.exec_prepared(kLockSettings.name, c.garage.id, c.customer->id), "No such customer.");
    std::string problem =
        portal::pin_problem(c.field("pin"), c.field("confirm_pin"), now["phone"].c_str());
    if (!problem.empty()) {
        tx.abort();
        return refuse(c, "PIN", problem, 422);
    }
    if (!portal::allow(tx, kSecurityNotices,
                       portal::limit_key("notices", std::to_string(c.customer->id)))) {
        c.note("rate limited: security notices");
        tx.abort();
        return refuse(c, "PIN", kTooManyChanges, 429);
    }
    bool changed = portal::store_voice_pin(tx, c.garage.id, c.customer->id, c.field("pin"));
    queue_notice(c, tx, "Your " + c.garage.name + " voice PIN was " + (changed ? "changed" : "set"),
                 changed ? "Your voice PIN was changed." : "Your voice PIN was set.");
    tx.commit();
    c.res.redirect(changed ? "/privacy?notice=pin_changed" : "/privacy?notice=pin_set");
}

// POST /privacy/password — 303 to /privacy; 422 for a rule or a wrong current password; 429 when
// locked out (password_form.h); 303 to a fresh sign-in when the last is older than 15 minutes.
void set_password(Ctx& c) {
    portal::PasswordFormResult result = portal::submit_password_form(c);
    if (!result.problem.empty()) return refuse(c, "PASSWORD", result.problem, result.status);
    c.res.redirect(result.change == portal::PasswordChange::changed
                       ? "/privacy?notice=password_changed"
                       : "/privacy?notice=password_set");
}

// POST /privacy/alerts — 303 to /privacy; 409 unless the tier is Zero Disclosure (the only one
// with alerts); 422 for text alerts without a phone number on file.
void set_alerts(Ctx& c) {
    bool email = c.field("alert_email") == "on", sms = c.field("alert_sms") == "on";
    pqxx::work tx(c.db.conn());
    if (tx.exec_prepared(kSetAlerts.name, c.garage.id, c.customer->id, email, sms).empty()) {
        tx.abort();
        Privacy p = c.fetch_session_data(kPage, read_privacy);
        if (p.tier != "BLOCKED")
            return render_privacy(c, p, {"TIER", "Alert preferences are only for Zero Disclosure."},
                                  409);
        return render_privacy(
            c, p, {"ALERTS", "Text alerts need a phone number: ask us to add yours."}, 422);
    }
    tx.commit();
    c.res.redirect("/privacy?notice=alerts_saved");
}

// POST /privacy/devices/{id}/sign-out — 303 to /privacy; 404 for a session that isn't another
// of this customer's (this device signs out with Sign out).
void sign_out_device(Ctx& c) {
    pqxx::work tx(c.db.conn());
    if (tx.exec_prepared(kEndDevice.name, c.garage.id, c.customer->id, c.integer("id"),
                         c.customer->session_id)
            .empty())
        throw portal::NotFound("We couldn't find that device.");
    tx.commit();
    c.res.redirect("/privacy?notice=device_signed_out");
}

// POST /privacy/devices/sign-out-others — 303 to /privacy: every other session ends, and every
// outstanding sign-in link with them.
void sign_out_others(Ctx& c) {
    pqxx::work tx(c.db.conn());
    portal::end_other_sessions(tx, c.garage.id, c.customer->id, c.customer->session_id);
    portal::retire_all_tokens(tx, c.garage.id, c.customer->id);
    tx.commit();
    c.res.redirect("/privacy?notice=others_signed_out");
}

}  // namespace

int main() {
    portal::App app("privacy");
    app.get("/privacy", show_privacy)
        .with_session_data(kPage, read_privacy)
        .optional("notice", v::one_of({"tier_saved", "pin_set", "pin_changed", "password_set",
                                       "password_changed", "alerts_saved", "device_signed_out",
                                       "others_signed_out"}));
    app.post("/privacy/tier", set_tier)
        .recent_sign_in("/privacy")
        .field("tier", v::one_of({"FULL", "PIN", "RESTRICTED", "BLOCKED"}));
    app.post("/privacy/pin", set_pin)
        .recent_sign_in("/privacy")
        .field("pin", v::line(32))
        .field("confirm_pin", v::line(32));
    app.post("/privacy/password", set_password)
        .recent_sign_in("/privacy")
        .optional("current_password", v::line(1024))
        .field("new_password", v::line(1024))
        .field("confirm_password", v::line(1024));
    app.post("/privacy/alerts", set_alerts)
        .optional("alert_email", v::one_of({"on"}))
        .optional("alert_sms", v::one_of({"on"}));
    app.post("/privacy/devices/sign-out-others", sign_out_others);
    app.post("/privacy/devices/{id}/sign-out", sign_out_device)
        .segment("id", v::integer(1, LONG_MAX));
    return app.run();
}
