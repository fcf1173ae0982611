// The outbox: pages queue email, SMS and WhatsApp in their own transaction; portal-mailer sends.
#include "outbox.h"

#include <dirent.h>

#include <memory>
#include <mutex>
#include <stdexcept>

#include "brand.h"
#include "db.h"
#include "garage.h"
#include "mail.h"

namespace portal {

namespace {

// message_id: the stable Message-ID (left of the @) and idempotency key of every attempt.
const Statement kEnqueue{
    "outbox_enqueue",
    "INSERT INTO outbox (garage_id, channel, recipient, subject, body_text, body_html,"
    " message_id, purpose, not_after, carries_secret, customer_id, category, list_unsubscribe,"
    " dedupe_key)"
    " SELECT nullif($1::bigint, 0), $2, $3, nullif($4, ''), $5, nullif($6, ''),"
    " gen_random_uuid()::text, nullif($7, ''),"
    " CASE WHEN $8::int > 0 THEN now() + $8::int * interval '1 second' END, $9,"
    " nullif($11::bigint, 0), nullif($12, ''), nullif($13, ''), nullif($14, '')"
    " WHERE $10"
    " ON CONFLICT (garage_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING"
    " RETURNING id"};
const Statement kSuppressed{"outbox_suppressed",
                            "SELECT coalesce(suppressed_reason, '') FROM outbox WHERE id = $1"};

struct Row {
    long garage_id;
    const char* channel;
    const std::string &to, &subject, &text, &html, &purpose;
    int not_after_seconds;
    bool carries_secret, deliver;
    long customer_id;
    const std::string &category, &list_unsubscribe, &dedupe_key;
};

long insert(pqxx::transaction_base& tx, const Row& m) {
    if (m.text.empty()) throw std::invalid_argument("an outgoing message needs a text body");
    if (m.not_after_seconds < 0) throw std::invalid_argument("not_after_seconds is negative");
    pqxx::result r =
        tx.exec_prepared(kEnqueue.name, m.garage_id, m.channel, m.to, m.subject, m.text, m.html,
                         m.purpose, m.not_after_seconds, m.carries_secret, m.deliver, m.customer_id,
                         m.category, m.list_unsubscribe, m.dedupe_key);
    return r.empty() ? 0 : r[0][0].as<long>();
}

// The email templates: their own cache, so they need not be loaded before the page cache is
// frozen, and so text templates keep their blank lines (pages strip them).
std::mutex g_templates_mutex;
std::unique_ptr<ctemplate::TemplateCache> g_templates;

bool is_text(const std::string& file) {
    return file.size() > 8 && file.compare(file.size() - 8, 8, ".txt.tpl") == 0;
}

ctemplate::Strip strip_for(const std::string& file) {
    return is_text(file) ? ctemplate::DO_NOT_STRIP : ctemplate::STRIP_BLANK_LINES;
}

void load_locked(const std::string& dir) {
    auto cache = std::make_unique<ctemplate::TemplateCache>();
    cache->SetTemplateRootDirectory(dir);
    DIR* d = ::opendir(dir.c_str());
    if (!d) throw std::runtime_error("cannot open email template directory " + dir);
    while (dirent* e = ::readdir(d)) {
        std::string name = e->d_name;
        if (name.size() > 4 && name.compare(name.size() - 4, 4, ".tpl") == 0 &&
            !cache->LoadTemplate(name, strip_for(name))) {
            ::closedir(d);
            throw std::runtime_error("email template does not parse: " + dir + name);
        }
    }
    ::closedir(d);
    cache->Freeze();
    g_templates = std::move(cache);
}

const ctemplate::TemplateCache& templates() {
    std::lock_guard<std::mutex> lock(g_templates_mutex);
    // Beside the page templates that load_templates pointed ctemplate at.
    if (!g_templates)
        load_locked(ctemplate::default_template_cache()->template_root_directory() + "email/");
    return *g_templates;
}

void expand(const ctemplate::TemplateCache& cache, const std::string& file,
            const ctemplate::TemplateDictionary& dict, std::string* out) {
    if (!cache.ExpandNoLoad(file, strip_for(file), &dict, nullptr, out))
        throw std::runtime_error("email template " + file + " is missing or does not expand");
}

// What the layouts and bodies may say about the garage.
void fill_garage(ctemplate::TemplateDictionary& d, const Garage& g, const std::string& base_url) {
    std::string brand = g.primary_colour.size() == 7 ? g.primary_colour : "#1F2937";
    d.SetValue("GARAGE_NAME", g.name);
    d.SetValue("GARAGE_EMAIL", g.email);
    d.SetValue("PORTAL_URL", base_url + "/");
    d.SetValue("BRAND_COLOUR", brand);
    d.SetValue("BRAND_TEXT_COLOUR", text_colour_on(brand));
    if (!g.main_phone.empty())
        d.AddSectionDictionary("PHONE")->SetValue("GARAGE_PHONE", g.main_phone);
    d.SetValue("GARAGE_PHONE", g.main_phone);
    // Mail clients load images from absolute URLs only.
    if (!g.logo_path.empty())
        d.AddSectionDictionary("LOGO")->SetValue("LOGO_URL", base_url + g.logo_path);
    else
        d.ShowSection("NO_LOGO");
}

}  // namespace

long enqueue_email(pqxx::transaction_base& tx, const OutgoingEmail& m) {
    if (m.to.find_first_of("\r\n") != std::string::npos ||
        m.subject.find_first_of("\r\n") != std::string::npos)
        throw std::invalid_argument("an email's address and subject must be one line each");
    if (!valid_address(m.to)) throw std::invalid_argument("not an address we can send to");
    return insert(tx, {m.garage_id, "email", m.to, m.subject, m.text, m.html, m.purpose,
                       m.not_after_seconds, m.carries_secret, m.deliver, m.customer_id, m.category,
                       m.list_unsubscribe, m.dedupe_key});
}

namespace {

long insert_text(pqxx::transaction_base& tx, const OutgoingText& m, int not_after_seconds) {
    if (m.channel != "sms" && m.channel != "whatsapp")
        throw std::invalid_argument("channel must be sms or whatsapp");
    // E.164: "+", a country code that does not start with 0, at most 15 digits in all.
    const std::string& to = m.to;
    bool e164 = to.size() >= 8 && to.size() <= 16 && to[0] == '+' && to[1] != '0';
    for (size_t i = 1; e164 && i < to.size(); ++i) e164 = to[i] >= '0' && to[i] <= '9';
    if (!e164) throw std::invalid_argument("the number must be in E.164 form, as +447700900101");
    const std::string none;
    return insert(
        tx, {m.garage_id, m.channel.c_str(), to, none, m.text, none, m.purpose, not_after_seconds,
             m.carries_secret, true, m.customer_id, m.category, none, m.dedupe_key});
}

}  // namespace

long enqueue_sms(pqxx::transaction_base& tx, long garage_id, const std::string& to_e164,
                 const std::string& text, const char* channel, const std::string& purpose,
                 int not_after_seconds) {
    OutgoingText m;
    m.garage_id = garage_id;
    m.channel = channel ? channel : "";
    m.to = to_e164;
    m.text = text;
    m.purpose = purpose;
    return insert_text(tx, m, not_after_seconds);
}

long enqueue_text(pqxx::transaction_base& tx, const OutgoingText& m) {
    return insert_text(tx, m, 0);
}

std::string suppression_reason(pqxx::transaction_base& tx, long id) {
    pqxx::result r = tx.exec_prepared(kSuppressed.name, id);
    return r.empty() ? "" : r[0][0].as<std::string>();
}

void load_email_templates(const std::string& share_dir) {
    std::lock_guard<std::mutex> lock(g_templates_mutex);
    if (!g_templates) load_locked(share_dir + "/templates/email/");
}

EmailBody render_email(const char* name, const ctemplate::TemplateDictionary& dict,
                       const Garage& garage, const std::string& base_url) {
    const ctemplate::TemplateCache& cache = templates();
    // The body sees the caller's values plus the garage's. MakeCopy only reads the dictionary;
    // ctemplate just does not declare it const.
    std::unique_ptr<ctemplate::TemplateDictionary> body(
        const_cast<ctemplate::TemplateDictionary&>(dict).MakeCopy("email_body"));
    if (!body) throw std::logic_error("render_email needs a top-level dictionary");
    fill_garage(*body, garage, base_url);
    ctemplate::TemplateDictionary layout("email_layout");
    fill_garage(layout, garage, base_url);

    EmailBody out;
    std::string inner;
    expand(cache, std::string(name) + ".txt.tpl", *body, &inner);
    layout.SetValue("BODY", inner);
    expand(cache, "layout.txt.tpl", layout, &out.text);
    inner.clear();
    expand(cache, std::string(name) + ".html.tpl", *body, &inner);
    layout.SetValue("BODY", inner);  // already escaped by its own template: {{BODY:none}}
    expand(cache, "layout.html.tpl", layout, &out.html);
    return out;
}

}  // namespace portal
