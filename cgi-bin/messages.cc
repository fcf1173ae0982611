// Messages (seed: "A View Messages link takes the customer to their conversations with the garage
// team"): the conversation list, the compose view, a thread with its reply box and attachments,
// and a short poll that answers 304 while nothing has changed, so no worker is ever held waiting.
#include <climits>

#include "app.h"
#include "attachments.h"
#include "conversations.h"
#include "files.h"
#include "ratelimit.h"

namespace {

using portal::Conversation;
using portal::Ctx;
namespace v = portal::v;

constexpr long kConversationsShown = 20;
constexpr long kMessagesShown = 30;  // the newest; "Show earlier messages" pages back
// Sending a message notifies the garage: a customer gets a reasonable number an hour, counted by
// every worker alike.
const portal::Limit kMessagesPerHour{"messages per customer", 30, 60 * 60};

// The page's conversations are chosen first, in the index's order, and only they are joined and
// counted: joined first, a generic plan (which guesses one conversation a customer) sorted all of
// a customer's conversations: 4.2 ms against 0.47 ms for 200 of them (bench/RESULTS.md).
const portal::Statement kList{
    "messages_list",
    "SELECT cv.id, cv.channel, coalesce(w.reference, '') AS reference,"
    " coalesce(v.registration, '') AS registration, coalesce(v.make, '') AS make,"
    " coalesce(v.model, '') AS model, coalesce(m.author, '') AS author,"
    " coalesce(m.channel, cv.channel) AS last_channel, coalesce(left(m.body, 140), '') AS preview,"
    " portal_ago(cv.updated_at, $3) AS ago, u.n AS unread"
    " FROM (SELECT * FROM conversations WHERE garage_id = $1 AND customer_id = $2"
    "  ORDER BY updated_at DESC, id DESC LIMIT $4) cv"
    " LEFT JOIN work_orders w ON w.garage_id = cv.garage_id AND w.id = cv.work_order_id"
    " LEFT JOIN vehicles v ON v.garage_id = w.garage_id AND v.id = w.vehicle_id"
    " LEFT JOIN messages m ON m.garage_id = cv.garage_id AND m.id = cv.last_message_id"
    " CROSS JOIN LATERAL (SELECT count(*) AS n FROM messages u WHERE u.garage_id = cv.garage_id"
    "  AND u.conversation_id = cv.id AND u.author = 'garage' AND u.read_at IS NULL) u"
    " ORDER BY cv.updated_at DESC, cv.id DESC"};
// What the list shows changes when a message arrives or is read: the poll's version.
const portal::Statement kListVersion{
    "messages_list_version",
    "SELECT coalesce(max(cv.last_message_id), 0) || '-' || count(m.id) FROM conversations cv"
    " LEFT JOIN messages m ON m.garage_id = cv.garage_id AND m.conversation_id = cv.id"
    "  AND m.author = 'garage' AND m.read_at IS NULL"
    " WHERE cv.garage_id = $1 AND cv.customer_id = $2"};
// The newest messages of a thread (before message $5 when it is not 0), oldest first on the page,
// each with its attachments.
const portal::Statement kThread{
    "messages_thread",
    "WITH bound AS ("
    "  SELECT coalesce(max(sent_at), 'infinity') AS sent_at,"
    "  coalesce(max(id), 9223372036854775807) AS id FROM messages"
    "  WHERE garage_id = $1 AND conversation_id = $2 AND id = $5),"
    " page AS ("
    "  SELECT m.id, m.channel, m.author, m.author_name, m.body, m.sent_at FROM bound, messages m"
    "  WHERE m.garage_id = $1 AND m.conversation_id = $2 AND (m.sent_at, m.id) < (bound.sent_at,"
    "  bound.id) ORDER BY m.sent_at DESC, m.id DESC LIMIT $4)"
    " SELECT p.id, p.channel, p.author, coalesce(p.author_name, '') AS author_name, p.body,"
    " portal_time(p.sent_at, $3) AS sent, coalesce(a.id, 0) AS attachment,"
    " coalesce(a.file_name, '') AS file_name, coalesce(a.content_type, '') AS content_type,"
    " coalesce(a.size_bytes, 0) AS size_bytes"
    " FROM page p LEFT JOIN message_attachments a ON a.message_id = p.id"
    " ORDER BY p.sent_at, p.id, a.id"};
const portal::Statement kActiveJobs{
    "messages_active_jobs",
    "SELECT w.id, w.reference, v.registration, v.make, v.model FROM work_orders w"
    " JOIN vehicles v ON v.garage_id = w.garage_id AND v.id = w.vehicle_id"
    " WHERE w.garage_id = $1 AND w.customer_id = $2 AND w.closed_at IS NULL"
    " ORDER BY w.booked_at, w.id"};
const portal::Statement kJobConversation{
    "messages_job_conversation",
    "SELECT cv.id FROM conversations cv JOIN work_orders w ON w.garage_id = cv.garage_id"
    " AND w.id = cv.work_order_id WHERE cv.garage_id = $1 AND cv.customer_id = $2"
    " AND w.reference = $3"};

std::string thread_url(long id) {
    return "/messages/" + std::to_string(id);
}

// "1.2 MB", "340 KB": the size on an attachment chip.
std::string file_size(long bytes) {
    constexpr long kMB = 1000L * 1000, kTenthMB = 100L * 1000;
    if (bytes >= kMB)
        return std::to_string(bytes / kMB) + "." + std::to_string(bytes / kTenthMB % 10) + " MB";
    return std::to_string(std::max(1L, bytes / 1000)) + " KB";
}

// The message box both forms share (templates/messages_form.tpl), with the text typed so far.
void add_message_box(Ctx& c, ctemplate::TemplateDictionary& d) {
    auto* form = d.AddIncludeDictionary("FORM");
    form->SetFilename("messages_form.tpl");
    portal::set(*form, "DRAFT", c.field("body"));
}

void fill_channel(ctemplate::TemplateDictionary& d, const std::string& channel) {
    d.SetValue("CHANNEL", channel);
    d.SetValue("CHANNEL_LABEL", portal::channel_label(channel));
}

// The compose view: a first message about one of the customer's active jobs or anything else.
// `job` preselects a job by reference; `problem` says why the last try was refused.
void render_compose(Ctx& c, pqxx::transaction_base& tx, const std::string& job, bool first,
                    const std::string& problem, int status) {
    auto& d = c.page("messages_compose.tpl", first ? "Messages" : "New message");
    if (first)
        d.ShowSection("FIRST");
    else
        d.ShowSection("NEW");
    d.SetValue("CSRF", c.csrf());
    if (!problem.empty()) portal::set(*d.AddSectionDictionary("PROBLEM"), "TEXT", problem);
    add_message_box(c, d);
    bool general = true;
    for (const auto& row : tx.exec_prepared(kActiveJobs.name, c.garage.id, c.customer->id)) {
        auto* option = d.AddSectionDictionary("JOB");
        std::string reference = row["reference"].as<std::string>();
        portal::set(*option, "REFERENCE", reference);
        portal::set(*option, "REGISTRATION", row["registration"].as<std::string>());
        portal::set(*option, "VEHICLE",
                    row["make"].as<std::string>() + " " + row["model"].as<std::string>());
        if (reference == job) option->SetValue("CHECKED", "checked"), general = false;
    }
    if (general) d.SetValue("GENERAL_CHECKED", "checked");
    c.render(status);
}

// GET /messages — 200 the list, newest first, or the compose view when there is none yet;
// 304 for the poll (?since=<version>) while nothing it shows has changed.
void list_conversations(Ctx& c) {
    pqxx::read_transaction tx(c.db.conn());
    std::string version =
        tx.exec_prepared1(kListVersion.name, c.garage.id, c.customer->id)[0].as<std::string>();
    if (c.has("since") && c.field("since") == version) {
        c.res.status = 304;
        return;
    }
    long limit = c.has("show") ? c.integer("show") : kConversationsShown;
    pqxx::result rows =
        tx.exec_prepared(kList.name, c.garage.id, c.customer->id, c.garage.timezone, limit + 1);
    if (rows.empty()) return render_compose(c, tx, "", true, "", 200);
    auto& d = c.page("messages.tpl", "Messages");
    d.SetValue("VERSION", version);
    for (size_t i = 0; i < rows.size() && static_cast<long>(i) < limit; ++i) {
        const pqxx::row& row = rows[i];
        Conversation about;
        about.reference = row["reference"].as<std::string>();
        about.registration = row["registration"].as<std::string>();
        about.make = row["make"].as<std::string>();
        about.model = row["model"].as<std::string>();
        auto* card = d.AddSectionDictionary("CONVERSATION");
        card->SetValue("URL", thread_url(row["id"].as<long>()));
        if (about.reference.empty()) {
            fill_channel(*card->AddSectionDictionary("GENERAL"), row["channel"].as<std::string>());
        } else {
            auto* job = card->AddSectionDictionary("JOB");
            portal::set(*job, "REGISTRATION", about.registration);
            portal::set(*job, "VEHICLE", about.make + " " + about.model);
        }
        std::string author = row["author"].as<std::string>();
        card->SetValue("WHO", author == "customer" ? "You:" : "Garage:");
        fill_channel(*card, row["last_channel"].as<std::string>());
        portal::set(*card, "PREVIEW", row["preview"].as<std::string>());
        portal::set(*card, "AGO", row["ago"].as<std::string>());
        long unread = row["unread"].as<long>();
        if (unread > 0) portal::set(*card->AddSectionDictionary("UNREAD"), "COUNT", unread);
    }
    if (static_cast<long>(rows.size()) > limit)
        portal::set(*d.AddSectionDictionary("MORE"), "SHOW", std::min(limit * 2, 1000L));
    c.render();
}

// GET /messages/new — 200 the compose view (?job=<reference> chooses that job); 303 to the
// job's conversation when it has one already.
void compose(Ctx& c) {
    pqxx::read_transaction tx(c.db.conn());
    std::string job(c.field("job"));
    if (!job.empty()) {
        pqxx::result r = tx.exec_prepared(kJobConversation.name, c.garage.id, c.customer->id, job);
        if (!r.empty()) return c.res.redirect(thread_url(r[0][0].as<long>()));
    }
    render_compose(c, tx, job, false, "", 200);
}

// The thread page: the newest messages (before `before`), the reply box, and `problem`.
void render_thread(Ctx& c, pqxx::transaction_base& tx, const Conversation& cv,
                   const std::string& problem, int status) {
    auto& d = c.page("messages_thread.tpl", cv.about());
    portal::set(d, "ID", cv.id);
    portal::set(d, "ABOUT", cv.about());
    if (!cv.reference.empty())
        portal::set(*d.AddSectionDictionary("JOB"), "REFERENCE", cv.reference);
    else
        fill_channel(*d.AddSectionDictionary("GENERAL"), cv.channel);
    portal::set(d, "LAST", cv.last_message_id);
    d.SetValue("CSRF", c.csrf());
    if (!problem.empty()) portal::set(*d.AddSectionDictionary("PROBLEM"), "TEXT", problem);
    add_message_box(c, d);
    long before = c.has("before") ? c.integer("before") : 0;
    pqxx::result rows = tx.exec_prepared(kThread.name, c.garage.id, cv.id, c.garage.timezone,
                                         kMessagesShown + 1, before);
    // One more message than the page shows was asked for: when it came, older ones exist, and
    // it is left for "Show earlier messages".
    std::vector<long> ids;
    for (const auto& row : rows)
        if (ids.empty() || ids.back() != row["id"].as<long>()) ids.push_back(row["id"].as<long>());
    long skip = static_cast<long>(ids.size()) > kMessagesShown ? ids.front() : 0;
    ctemplate::TemplateDictionary* message = nullptr;
    long last = 0;
    for (const auto& row : rows) {
        long id = row["id"].as<long>();
        if (id != last && id != skip) {
            message = d.AddSectionDictionary("MESSAGE");
            bool mine = row["author"].as<std::string>() == "customer";
            message->SetValue("SIDE", mine ? "customer" : "garage");
            std::string name = row["author_name"].as<std::string>();
            portal::set(*message, "AUTHOR", mine ? "You" : name.empty() ? c.garage.name : name);
            portal::set(*message, "ID", id);
            portal::set(*message, "WHEN", row["sent"].as<std::string>());
            portal::set(*message, "BODY", row["body"].as<std::string>());
            std::string channel = row["channel"].as<std::string>();
            if (channel != "portal") fill_channel(*message->AddSectionDictionary("BY"), channel);
        }
        last = id;
        if (id == skip || row["attachment"].as<long>() == 0) continue;
        auto* file = message->AddSectionDictionary("ATTACHMENT");
        std::string url = thread_url(cv.id) + "/files/" + row["attachment"].as<std::string>();
        file->SetValue("URL", url);
        portal::set(*file, "NAME", row["file_name"].as<std::string>());
        file->SetValue("SIZE", file_size(row["size_bytes"].as<long>()));
        bool photo = row["content_type"].as<std::string>() != "application/pdf";
        file->ShowSection(photo ? "PHOTO" : "PDF");
    }
    if (skip > 0) portal::set(*d.AddSectionDictionary("EARLIER"), "BEFORE", ids[1]);
    d.ShowSection(before > 0 ? "NEWEST_LINK" : "LIVE");  // older pages stay as they are
    c.render(status);
}

Conversation find(Ctx& c, pqxx::transaction_base& tx) {
    auto cv = portal::find_conversation(tx, c.garage.id, c.customer->id, c.integer("id"));
    if (!cv) throw portal::NotFound("We couldn't find that conversation.");
    return std::move(*cv);
}

// GET /messages/<id> — 200 the thread, marking the garage's messages read; 304 for the poll
// (?after=<last message id>) while no message has arrived; 404 when it isn't this customer's.
void show_thread(Ctx& c) {
    pqxx::work tx(c.db.conn());
    Conversation cv = find(c, tx);
    if (c.has("after") && c.integer("after") == cv.last_message_id) {
        c.res.status = 304;
        return;
    }
    portal::mark_read_by_customer(tx, c.garage.id, cv.id);
    render_thread(c, tx, cv, "", 200);
    tx.commit();
}

// Tells the garage by email: who wrote, about which job, the text and how many attachments.
void tell_garage(Ctx& c, pqxx::transaction_base& tx, const Conversation& cv, long conversation_id,
                 const std::string& body, size_t attachments) {
    if (c.garage.email.empty()) return;
    ctemplate::TemplateDictionary dict("message_from_customer");
    const auto& who = *c.customer;
    std::string name = who.first_name + " " + who.last_name;
    portal::set(dict, "CUSTOMER_NAME", name);
    portal::set(dict, "CUSTOMER_EMAIL", who.email);
    portal::set(dict, "ABOUT",
                cv.reference.empty() ? cv.about() : cv.reference + ", " + cv.about());
    portal::set(dict, "BODY", body);
    portal::set(dict, "CONVERSATION", conversation_id);
    if (attachments > 0)
        portal::set(*dict.AddSectionDictionary("ATTACHMENTS"), "COUNT",
                    static_cast<long>(attachments));
    portal::OutgoingEmail m;
    m.to = c.garage.email;
    m.subject = "New message from " + name + " – " +
                (cv.reference.empty() ? std::string("General enquiry") : cv.reference);
    m.purpose = "message_from_customer";
    c.queue_email(tx, "message_from_customer", dict, m);
}

// The customer's message and its files, checked and prepared before any transaction: why and
// with which status they are refused (status 0 when they aren't).
portal::Refusal prepare(Ctx& c, std::vector<portal::Attachment>& out) {
    std::string_view body = c.field("body");
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return {422, "Please write your message."};
    return portal::prepare_attachments(c.files(), out);
}

// Stores the customer's message in `tx` (with its files, kept once committed) and queues the
// garage's email; false (nothing stored) when the hourly limit is reached.
bool send(Ctx& c, pqxx::work& tx, const Conversation& cv,
          const std::vector<portal::Attachment>& attachments) {
    std::string key = portal::limit_key(
        "message", std::to_string(c.garage.id) + ":" + std::to_string(c.customer->id));
    if (!portal::allow(tx, kMessagesPerHour, key)) {
        c.note("message limit reached");
        return false;
    }
    portal::NewPrivateFiles files(c.config.files_dir);
    std::string body(c.field("body"));
    portal::add_message(
        tx, files, c.garage.id, cv.id,
        {"customer", c.customer->first_name + " " + c.customer->last_name, "portal", body},
        attachments);
    tell_garage(c, tx, cv, cv.id, body, attachments.size());
    tx.commit();
    files.keep();
    return true;
}

std::string too_many_messages(Ctx& c) {
    return "You’ve sent a lot of messages in the last hour. Please wait a little before sending "
           "another" +
           (c.garage.main_phone.empty() ? std::string(".")
                                        : ", or call us on " + c.garage.main_phone + ".");
}

// POST /messages/<id> — 303 back to the thread; 422 an empty message or a photo that can't be
// opened, 413 too many or too large files, 415 a video or another type, 429 past the hourly
// limit (each says why, and nothing is stored); 404 when it isn't this customer's.
void reply(Ctx& c) {
    std::vector<portal::Attachment> attachments;
    portal::Refusal refused = prepare(c, attachments);
    pqxx::work tx(c.db.conn());
    Conversation cv = find(c, tx);
    if (refused.status) return render_thread(c, tx, cv, refused.message, refused.status);
    if (!send(c, tx, cv, attachments)) return render_thread(c, tx, cv, too_many_messages(c), 429);
    c.res.redirect(thread_url(cv.id) + "#latest");
}

// POST /messages — 303 to the new (or the job's existing) conversation; the refusals of reply(),
// shown on the compose view; 404 for a job that isn't this customer's active one.
void start_conversation(Ctx& c) {
    std::vector<portal::Attachment> attachments;
    portal::Refusal refused = prepare(c, attachments);
    pqxx::work tx(c.db.conn());
    std::string about(c.field("about"));
    long job = 0;
    Conversation cv;
    cv.subject = "General enquiry";
    if (about != "general") {
        for (const auto& row : tx.exec_prepared(kActiveJobs.name, c.garage.id, c.customer->id))
            if (row["reference"].as<std::string>() == about) {
                job = row["id"].as<long>();
                cv.reference = about;
                cv.registration = row["registration"].as<std::string>();
                cv.make = row["make"].as<std::string>();
                cv.model = row["model"].as<std::string>();
                cv.subject = cv.make + " " + cv.model + " (" + about + ")";
            }
        if (!job) throw portal::NotFound("We couldn't find that job.");
    }
    if (refused.status) return render_compose(c, tx, about, false, refused.message, refused.status);
    cv.id = portal::open_conversation(tx, c.garage.id, c.customer->id, job, cv.subject, "portal");
    if (!send(c, tx, cv, attachments))
        return render_compose(c, tx, about, false, too_many_messages(c), 429);
    c.res.redirect(thread_url(cv.id) + "#latest");
}

// GET /messages/<id>/files/<file> — the attachment, sent by nginx from the private files: photos
// shown, PDFs downloaded; 404 when it isn't on this customer's conversation.
void show_attachment(Ctx& c) {
    pqxx::read_transaction tx(c.db.conn());
    auto file = portal::find_attachment(tx, c.garage.id, c.customer->id, c.integer("id"),
                                        c.integer("file"));
    if (!file) throw portal::NotFound("We couldn't find that file.");
    bool pdf = file->content_type == "application/pdf";
    c.res.send_file(portal::private_file(
        c.config.files_dir, file->file_path, file->file_name.substr(0, file->file_name.rfind('.')),
        pdf ? portal::Disposition::download : portal::Disposition::show));
}

// A message's form: urlencoded, or multipart with up to kMaxAttachments files. The gate's limits
// sit above the garage's rules, so that a fifth file or one over 10 MB gets its own message from
// prepare_attachments rather than the gate's plain "too much at once". Likewise a message is
// 5,000 characters (issue 12), up to 20,000 bytes in UTF-8, over the configured bytes per field:
// the route takes 32 KiB, and v::text counts the characters.
portal::Route& message_form(portal::Route& r) {
    portal::MultipartLimits limits;
    limits.max_files = 8;
    limits.max_file_bytes = portal::kMaxMessageBytes;  // a 12 MB photo hears "over 10 MB"
    limits.max_total_bytes = portal::kMaxAttachments * portal::kMaxAttachmentBytes + (1u << 20);
    return r.field("body", v::text(5000)).field_bytes(32u << 10).uploads(limits).file("attachment");
}

}  // namespace

int main() {
    portal::App app("messages");
    auto id = v::integer(1, LONG_MAX);
    app.get("/messages", list_conversations)
        .optional("since", v::line(40))
        .optional("show", v::integer(1, 1000));
    app.get("/messages/new", compose).optional("job", v::reference());
    message_form(app.post("/messages", start_conversation)).field("about", v::line(40));
    app.get("/messages/{id}", show_thread)
        .segment("id", id)
        .optional("before", id)
        .optional("after", v::integer(0, LONG_MAX));
    message_form(app.post("/messages/{id}", reply)).segment("id", id);
    app.get("/messages/{id}/files/{file}", show_attachment).segment("id", id).segment("file", id);
    return app.run();
}
