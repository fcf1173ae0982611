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

// "In Progress" for in_progress; the seed's six status names.
const char* status_label(std::string_view status);

// The hero and the tiles say when the car will be ready: "Estimated ready today, 4:00 pm"; a car
// that is ready (or done) says its status message instead.
std::string ready_line(const Job& job);

}  // namespace portal
