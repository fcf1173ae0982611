// Conversations between a customer and the garage, as the Messages pages and portalctl message
// share them: every statement names the garage, and the customer where a customer asks.
#pragma once

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "attachments.h"
#include "files.h"

namespace portal {

// The channels a message can have come by: the portal itself, or what arrived elsewhere and is
// recorded so that the timeline is whole.
bool is_channel(const std::string& channel);
// "WhatsApp", "SMS", "Voice call", "Portal".
const char* channel_label(const std::string& channel);

// A conversation's heading facts: the job it is about (reference empty for a general enquiry).
struct Conversation {
    long id = 0, last_message_id = 0;
    std::string channel, subject, reference, registration, make, model;
    std::string about() const;  // "AB12 CDE · Ford Fiesta", or "General enquiry"
};

// The customer's conversation with that id on that garage; nullopt when it isn't theirs.
std::optional<Conversation> find_conversation(pqxx::transaction_base& tx, long garage_id,
                                              long customer_id, long id);

// The conversation about the customer's job `work_order_id` (0: a new general enquiry): the
// existing one for the job, or a new one started on `channel`. Returns its id.
long open_conversation(pqxx::transaction_base& tx, long garage_id, long customer_id,
                       long work_order_id, const std::string& subject, const std::string& channel);

// Adds a message (author "customer" or "garage") with its attachments, writing their files
// through `files` (kept only if the caller commits and calls keep()). Returns the message id.
struct NewMessage {
    std::string author, author_name, channel, body;
};
long add_message(pqxx::transaction_base& tx, NewPrivateFiles& files, long garage_id,
                 long conversation_id, const NewMessage& m,
                 const std::vector<Attachment>& attachments);

// One attachment's stored file, if it belongs to the customer's conversation.
struct StoredAttachment {
    std::string file_path, file_name, content_type;
};
std::optional<StoredAttachment> find_attachment(pqxx::transaction_base& tx, long garage_id,
                                                long customer_id, long conversation_id,
                                                long attachment_id);

// The garage's messages in the conversation are read by the customer now.
void mark_read_by_customer(pqxx::transaction_base& tx, long garage_id, long conversation_id);

}  // namespace portal
