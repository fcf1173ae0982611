// Work orders as a customer sees them: the job card's columns, status names, the ready line.
// The domain layer: the cards that show them on pages are job_cards.h.
#pragma once

#include <pqxx/pqxx>
#include <string>
#include <string_view>

namespace portal {

// The columns a job card needs (named job_*), for the select list of a query over work_orders w
// joined to vehicles v, with the garage's time zone as parameter $3. Read them with read_job().
extern const char* const kJobColumns;

struct Job {
    std::string reference, status, status_message, description;
    std::string registration, make, model, colour;
    std::string appointment, estimated_ready, booked;  // friendly, in the garage's time zone
    long quote_id = 0;  // a quote awaiting the customer's decision, or 0
    bool closed = false;
    long booked_micros = 0, id = 0;  // booked_at and the row id: the order jobs are listed in

    std::string vehicle() const;  // "Ford Fiesta", or the registration when make/model are unknown
};

// Reads kJobColumns from a row, by their names.
Job read_job(const pqxx::row& row);
// Oldest booking first (sorting here spares the page's query a Sort node).
bool booked_before(const Job& a, const Job& b);

// A work order's status: its code (work_orders.status), its name on pages, the message the
// customer sees when the garage gives none, and the stage of the job page's tracker
// (0 Booked, 1 In the workshop, 2 Ready, 3 Complete). The seed's six, in journey order.
struct JobStatus {
    const char* code;
    const char* label;
    const char* default_message;
    int stage;
};
extern const JobStatus kJobStatuses[6];

// The status with that code, or nullptr.
const JobStatus* find_job_status(std::string_view code);

// "In Progress" for in_progress; "Unknown" for a code not in kJobStatuses.
const char* status_label(std::string_view status);

// Moves the garage's work order to `status` with the customer's `message` (and a new estimated
// ready time when `ready` is timestamptz text), and appends the change to its history with
// `note` ("" for none).
void set_job_status(pqxx::transaction_base& tx, long garage_id, long work_order_id,
                    const std::string& status, const std::string& message, const std::string& note,
                    const std::string& ready = "");
// Appends the work order's current status to its history, with `note` ("" for none): a new job's
// first entry, a status change's, or a line such as "Quote answered in the portal".
void add_job_history(pqxx::transaction_base& tx, long garage_id, long work_order_id,
                     const std::string& note);

// The hero and the tiles say when the car will be ready: "Estimated ready today, 4:00 pm"; a car
// that is ready (or done) says its status message instead.
std::string ready_line(const Job& job);

}  // namespace portal
