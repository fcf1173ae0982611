// portalctl message add|list: the garage's side of Messages — post into a customer's
// conversation (what was said in the portal, or recorded from WhatsApp, SMS or a call), and the
// inbox of conversations with unread customer messages first.
#include <sys/stat.h>

#include <climits>
#include <iomanip>
#include <iostream>

#include "attachments.h"
#include "command.h"
#include "conversations.h"
#include "db.h"
#include "notices.h"
#include "validate.h"
#include "view.h"

namespace portalctl {

namespace {

// Several garage messages within this long make one notification to the customer.
const char* kNotifyQuietPeriod = "10 minutes";

const portal::Statement kJob{
    "portalctl_message_job",
    "SELECT w.id, v.make || ' ' || v.model || ' (' || w.reference || ')' AS subject"
    " FROM work_orders w JOIN vehicles v ON v.garage_id = w.garage_id AND v.id = w.vehicle_id"
    " WHERE w.garage_id = $1 AND w.customer_id = $2 AND w.reference = $3"};
// The garage has read what it answers.
const portal::Statement kReadByGarage{
    "portalctl_message_read_by_garage",
    "UPDATE messages SET read_at = now() WHERE garage_id = $1 AND conversation_id = $2"
    " AND author = 'customer' AND read_at IS NULL"};
// Claims the conversation's notification unless one went out within the quiet period.
const portal::Statement kClaimNotification{
    "portalctl_message_claim_notification",
    std::string("UPDATE conversations SET customer_notified_at = now()"
                " WHERE garage_id = $1 AND id = $2 AND (customer_notified_at IS NULL"
                " OR customer_notified_at < now() - interval '") +
        kNotifyQuietPeriod + "') RETURNING id"};
const portal::Statement kInbox{
    "portalctl_message_inbox",
    "WITH unread AS (SELECT conversation_id, count(*) AS n FROM messages"
    "  WHERE garage_id = $1 AND author = 'customer' AND read_at IS NULL GROUP BY conversation_id)"
    " SELECT cv.id, c.email, coalesce(w.reference, 'General enquiry') AS about,"
    " coalesce(u.n, 0) AS unread, to_char(cv.updated_at AT TIME ZONE g.timezone,"
    " 'YYYY-MM-DD HH24:MI') AS updated, coalesce(m.author || ': ' || left(m.body, 50), '') AS last"
    " FROM conversations cv JOIN garages g ON g.id = cv.garage_id"
    " JOIN customers c ON c.garage_id = cv.garage_id AND c.id = cv.customer_id"
    " LEFT JOIN work_orders w ON w.garage_id = cv.garage_id AND w.id = cv.work_order_id"
    " LEFT JOIN messages m ON m.garage_id = cv.garage_id AND m.id = cv.last_message_id"
    " LEFT JOIN unread u ON u.conversation_id = cv.id"
    " WHERE cv.garage_id = $1 AND (NOT $2 OR u.n > 0)"
    " ORDER BY u.n IS NULL, cv.updated_at DESC LIMIT $3"};

const char* kUsage =
    "usage: portalctl message add --garage SUBDOMAIN --customer EMAIL --author NAME --text TEXT\n"
    "                             [--job REFERENCE | --conversation ID] [--channel CHANNEL]\n"
    "                             [--attach FILE]...\n"
    "       portalctl message list --garage SUBDOMAIN [--unread] [--limit N]\n"
    "\n"
    "add posts a garage message into the customer's conversation: the one given by\n"
    "--conversation, the job's (started if it has none), or a new general enquiry. --author is\n"
    "the staff member's name. --channel is portal (default: the customer gets a link to the\n"
    "thread the way the garage reaches them, as for work order updates: WhatsApp, else SMS to\n"
    "a mobile, each with a link that signs them in, else email; once for several messages\n"
    "within 10 minutes), or whatsapp, sms or voice to record what arrived elsewhere, so the\n"
    "timeline is whole. --attach (up to 4) takes JPEG, PNG, WebP or HEIC photos and PDFs of\n"
    "at most 10 MB, 25 MB in all; photos lose their metadata.\n"
    "\n"
    "list is the garage's inbox: conversations with unread customer messages first, newest\n"
    "first (--limit, default 50); --unread shows only those.\n";

std::vector<portal::Upload> uploads_of(const Options& o) {
    std::vector<portal::Upload> files;
    for (const auto& path : o.all("attach")) {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
            throw UsageError("--attach: " + path + " is not a readable file");
        std::string name = path.substr(path.find_last_of('/') + 1);
        files.push_back({"attachment", name, "", path, static_cast<size_t>(st.st_size)});
    }
    return files;
}

// Tells the customer of the thread the way the garage reaches them (notices.h: WhatsApp, SMS or
// email), unless the quiet period says one is on its way. Returns how ("" for not at all).
std::string notify_customer(Env& env, pqxx::transaction_base& tx, const GarageRef& garage,
                            long customer_id, const portal::Conversation& cv,
                            const std::string& author, const std::string& text) {
    if (tx.exec_prepared(kClaimNotification.name, garage.id, cv.id).empty()) return "";
    portal::CustomerNotice n;
    n.sentence = author + " has sent you a message. Read it and reply here:";
    n.path = "/messages/" + std::to_string(cv.id);
    n.purpose = "message_from_garage";
    n.subject = "New message from " + garage.name;
    n.email_template = "message_from_garage";
    ctemplate::TemplateDictionary email("message_from_garage");
    portal::set(email, "AUTHOR", author);
    portal::set(email, "ABOUT", cv.about());
    portal::set(email, "TEXT", text);
    portal::Notice told = portal::notify_customer(tx, env.config, garage, customer_id, n, email);
    if (!told.suppressed.empty()) return "";
    return told.channel == "email" ? told.channel : portal::channel_label(told.channel);
}

int add(Env& env, const Options& o) {
    no_arguments(o);
    std::string text = o.required("text"), author = o.required("author");
    std::string channel = o.get("channel", "portal");
    if (!portal::v::text(5000)(text) || text.find_first_not_of(" \t\r\n") == std::string::npos)
        throw UsageError("--text must be 1 to 5,000 characters");
    if (!portal::v::line(80)(author) || author.empty())
        throw UsageError("--author must be one line of at most 80 characters");
    if (!portal::is_channel(channel))
        throw UsageError("--channel must be portal, whatsapp, sms or voice");
    if (o.has("job") && o.has("conversation"))
        throw UsageError("give --job or --conversation, not both");
    std::vector<portal::Attachment> attachments;
    portal::Refusal refused = portal::prepare_attachments(uploads_of(o), attachments);
    if (refused.status) throw std::runtime_error(refused.message);

    pqxx::work tx(env.db());
    GarageRef garage = find_garage(tx, o.required("garage"));
    long customer = find_customer(tx, garage.id, o.required("customer"));
    long conversation = 0;
    if (o.has("conversation")) {
        if (!portal::v::integer(1, LONG_MAX)(o.get("conversation")))
            throw UsageError("--conversation must be a conversation id");
        conversation = std::stol(o.get("conversation"));
    } else {
        long job = 0;
        std::string subject = "General enquiry";
        if (o.has("job")) {
            pqxx::result r = tx.exec_prepared(kJob.name, garage.id, customer,
                                              job_reference(o.get("job"), "job"));
            if (r.empty()) throw std::runtime_error("this customer has no job with that reference");
            job = r[0]["id"].as<long>();
            subject = r[0]["subject"].as<std::string>();
        }
        conversation = portal::open_conversation(tx, garage.id, customer, job, subject, channel);
    }
    auto cv = portal::find_conversation(tx, garage.id, customer, conversation);
    if (!cv) throw std::runtime_error("this customer has no conversation " + o.get("conversation"));

    portal::NewPrivateFiles files(env.config.files_dir);
    long id = portal::add_message(tx, files, garage.id, cv->id, {"garage", author, channel, text},
                                  attachments);
    tx.exec_prepared(kReadByGarage.name, garage.id, cv->id);
    std::string told =
        channel == "portal" ? notify_customer(env, tx, garage, customer, *cv, author, text) : "";
    tx.commit();
    files.keep();
    std::cout << "added message " << id << " to conversation " << cv->id << " (" << cv->about()
              << ") with " << attachments.size() << " attachment(s); "
              << (channel != "portal"
                      ? "recorded from " + std::string(portal::channel_label(channel))
                  : !told.empty()
                      ? "customer notified by " + told
                      : "customer already notified within " + std::string(kNotifyQuietPeriod))
              << "\n";
    return 0;
}

int list(Env& env, const Options& o) {
    no_arguments(o);
    std::string limit = o.get("limit", "50");
    if (!portal::v::integer(1, 1000)(limit)) throw UsageError("--limit must be 1 to 1000");
    pqxx::read_transaction tx(env.db());
    long garage = find_garage(tx, o.required("garage")).id;
    pqxx::result r = tx.exec_prepared(kInbox.name, garage, o.has("unread"), std::stol(limit));
    std::cout << std::left << std::setw(6) << "ID" << std::setw(34) << "CUSTOMER" << std::setw(20)
              << "ABOUT" << std::setw(8) << "UNREAD" << std::setw(18) << "LATEST"
              << "LAST MESSAGE\n";
    for (const auto& row : r)
        std::cout << std::setw(6) << row["id"].c_str() << std::setw(34) << row["email"].c_str()
                  << std::setw(20) << row["about"].c_str() << std::setw(8) << row["unread"].c_str()
                  << std::setw(18) << row["updated"].c_str() << row["last"].c_str() << "\n";
    return 0;
}

}  // namespace

int message(Env& env, const std::vector<std::string>& args) {
    return run_subcommand(
        env, args, kUsage,
        {
            {"add",
             add,
             {"garage", "customer", "author", "text", "job", "conversation", "channel", "attach"},
             {"attach"}},
            {"list", list, {"garage", "unread", "limit"}, {}, {"unread"}},
        });
}

}  // namespace portalctl
