// How outgoing messages leave: SMTP (libcurl), the SMS/WhatsApp HTTP gateway, the dev mailbox.
#pragma once

#include <ctime>
#include <memory>
#include <string>

#include "config.h"

namespace portal {

// One message as a transport takes it.
struct Envelope {
    long outbox_id = 0;
    std::string message_id;  // stable across attempts: "uuid@domain"
    std::string channel;     // email, sms, whatsapp
    std::string recipient;   // an address, or an E.164 number
    std::string data;        // email: the RFC 5322 message; sms/whatsapp: the text
    std::time_t created = 0;
};

struct SendResult {
    enum Outcome {
        sent,       // the server accepted it
        retry,      // this message failed for now (SMTP 4xx, gateway 5xx): try it again later
        permanent,  // this message will never go (SMTP 5xx, gateway 4xx)
        down,       // the server could not be reached or refused us (connection, TLS, auth,
                    // timeout): try again later, and leave the rest of the batch for later too
    } outcome = sent;
    std::string error;  // for the log and outbox.last_error; never holds a secret
};

// One per channel and runner. A transport may keep its connection open between send() calls
// (one SMTP session for a whole batch); close() ends it.
class Transport {
  public:
    virtual ~Transport() = default;
    virtual SendResult send(const Envelope& e) = 0;
    virtual void close() {}
};

// The email transport that mail_transport names.
std::unique_ptr<Transport> email_transport(const Config& config);
// The transport for "sms" or "whatsapp": the configured gateway; without one, the dev
// mailbox when email goes there, else a transport that refuses every message permanently.
std::unique_ptr<Transport> phone_transport(const Config& config, const std::string& channel);

// The body the gateway receives (JSON). WhatsApp messages ask for no link preview: a preview
// would fetch, and so could spend, a sign-in link.
std::string gateway_payload(const Envelope& e);
std::string json_string(const std::string& s);

}  // namespace portal
