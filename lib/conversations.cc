// Conversations and their messages (see conversations.h).
#include "conversations.h"

#include "db.h"

namespace portal {

namespace {

const Statement kFind{
    "conversation_find",
    "SELECT cv.id, cv.channel, cv.subject, coalesce(cv.last_message_id, 0) AS last_message_id,"
    " coalesce(w.reference, '') AS reference, coalesce(v.registration, '') AS registration,"
    " coalesce(v.make, '') AS make, coalesce(v.model, '') AS model"
    " FROM conversations cv"
    " LEFT JOIN work_orders w ON w.garage_id = cv.garage_id AND w.id = cv.work_order_id"
    " LEFT JOIN vehicles v ON v.garage_id = w.garage_id AND v.id = w.vehicle_id"
    " WHERE cv.garage_id = $1 AND cv.customer_id = $2 AND cv.id = $3"};
const Statement kOpenGeneral{"conversation_open_general",
                             "INSERT INTO conversations (garage_id, customer_id, subject, channel)"
                             " VALUES ($1, $2, $3, $4) RETURNING id"};
// One conversation per job (sql/006): the job's existing one, whoever started it.
const Statement kOpenForJob{
    "conversation_open_for_job",
    "INSERT INTO conversations (garage_id, customer_id, work_order_id, subject, channel)"
    " VALUES ($1, $2, $3, $4, $5)"
    " ON CONFLICT (garage_id, customer_id, work_order_id) WHERE work_order_id IS NOT NULL"
    " DO UPDATE SET subject = conversations.subject RETURNING id"};
const Statement kAddMessage{
    "conversation_add_message",
    "INSERT INTO messages (garage_id, conversation_id, channel, author, author_name, body)"
    " VALUES ($1, $2, $3, $4, nullif($5, ''), $6) RETURNING id"};
const Statement kAddAttachment{
    "conversation_add_attachment",
    "INSERT INTO message_attachments (message_id, file_path, file_name, content_type, size_bytes)"
    " VALUES ($1, $2, $3, $4, $5)"};
const Statement kFindAttachment{
    "conversation_find_attachment",
    "SELECT a.file_path, a.file_name, a.content_type FROM conversations cv"
    " JOIN messages m ON m.garage_id = cv.garage_id AND m.conversation_id = cv.id"
    " JOIN message_attachments a ON a.message_id = m.id"
    " WHERE cv.garage_id = $1 AND cv.customer_id = $2 AND cv.id = $3 AND a.id = $4"};
const Statement kMarkRead{
    "conversation_mark_read",
    "UPDATE messages SET read_at = now() WHERE garage_id = $1 AND conversation_id = $2"
    " AND author = 'garage' AND read_at IS NULL"};

}  // namespace

bool is_channel(const std::string& channel) {
    return channel == "portal" || channel == "whatsapp" || channel == "sms" || channel == "voice";
}

const char* channel_label(const std::string& channel) {
    return channel == "whatsapp" ? "WhatsApp"
           : channel == "sms"    ? "SMS"
           : channel == "voice"  ? "Voice call"
                                 : "Portal";
}

std::string Conversation::about() const {
    if (reference.empty()) return "General enquiry";
    std::string vehicle = make + (make.empty() || model.empty() ? "" : " ") + model;
    return vehicle.empty() ? registration : registration + " · " + vehicle;
}

std::optional<Conversation> find_conversation(pqxx::transaction_base& tx, long garage_id,
                                              long customer_id, long id) {
    pqxx::result r = tx.exec_prepared(kFind.name, garage_id, customer_id, id);
    if (r.empty()) return std::nullopt;
    const pqxx::row& row = r[0];
    Conversation c;
    c.id = row["id"].as<long>();
    c.last_message_id = row["last_message_id"].as<long>();
    c.channel = row["channel"].as<std::string>();
    c.subject = row["subject"].as<std::string>();
    c.reference = row["reference"].as<std::string>();
    c.registration = row["registration"].as<std::string>();
    c.make = row["make"].as<std::string>();
    c.model = row["model"].as<std::string>();
    return c;
}

long open_conversation(pqxx::transaction_base& tx, long garage_id, long customer_id,
                       long work_order_id, const std::string& subject, const std::string& channel) {
    if (work_order_id == 0)
        return tx.exec_prepared1(kOpenGeneral.name, garage_id, customer_id, subject, channel)[0]
            .as<long>();
    return tx
        .exec_prepared1(kOpenForJob.name, garage_id, customer_id, work_order_id, subject,
                        channel)[0]
        .as<long>();
}

long add_message(pqxx::transaction_base& tx, NewPrivateFiles& files, long garage_id,
                 long conversation_id, const NewMessage& m,
                 const std::vector<Attachment>& attachments) {
    long id = tx.exec_prepared1(kAddMessage.name, garage_id, conversation_id, m.channel, m.author,
                                m.author_name, m.body)[0]
                  .as<long>();
    int n = 0;
    for (const Attachment& a : attachments) {
        std::string path = "messages/" + std::to_string(garage_id) + "/" +
                           std::to_string(conversation_id) + "/" + std::to_string(id) + "-" +
                           std::to_string(++n) + "." + a.extension;
        files.write(path, a.bytes);
        tx.exec_prepared(kAddAttachment.name, id, path, a.name, a.content_type,
                         static_cast<long>(a.bytes.size()));
    }
    return id;
}

std::optional<StoredAttachment> find_attachment(pqxx::transaction_base& tx, long garage_id,
                                                long customer_id, long conversation_id,
                                                long attachment_id) {
    pqxx::result r = tx.exec_prepared(kFindAttachment.name, garage_id, customer_id, conversation_id,
                                      attachment_id);
    if (r.empty()) return std::nullopt;
    return StoredAttachment{r[0]["file_path"].as<std::string>(),
                            r[0]["file_name"].as<std::string>(),
                            r[0]["content_type"].as<std::string>()};
}

void mark_read_by_customer(pqxx::transaction_base& tx, long garage_id, long conversation_id) {
    tx.exec_prepared(kMarkRead.name, garage_id, conversation_id);
}

}  // namespace portal
