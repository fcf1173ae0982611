// Work orders as a customer sees them: status names and badges, and the shared job card.
#include "work_orders.h"

namespace portal {

const char* const kJobColumns =
    "w.reference, w.status, w.status_message, w.description, v.registration,"
    " coalesce(v.make, ''), coalesce(v.model, ''), coalesce(v.colour, ''),"
    " coalesce(portal_time(w.appointment_at, $3), ''),"
    " coalesce(portal_time(w.estimated_ready_at, $3), ''), portal_day(w.booked_at, $3),"
    // The newest awaiting quote (portalctl keeps at most one awaiting per job).
    " coalesce((SELECT max(q.id) FROM quotes q WHERE q.garage_id = w.garage_id"
    "   AND q.work_order_id = w.id AND q.status = 'awaiting'"
    "   AND (q.expires_at IS NULL OR q.expires_at > now())), 0),"
    " w.closed_at IS NOT NULL, (extract(epoch FROM w.booked_at) * 1000000)::bigint, w.id";

Job read_job(const pqxx::row& row, int first) {
    Job j;
    auto at = [&](int i) { return row[first + i].as<std::string>(); };
    j.reference = at(0);
    j.status = at(1);
    j.status_message = at(2);
    j.description = at(3);
    j.registration = at(4);
    j.make = at(5);
    j.model = at(6);
    j.colour = at(7);
    j.appointment = at(8);
    j.estimated_ready = at(9);
    j.booked = at(10);
    j.quote_id = row[first + 11].as<long>();
    j.closed = row[first + 12].as<bool>();
    j.booked_micros = row[first + 13].as<long>();
    j.id = row[first + 14].as<long>();
    return j;
}

bool booked_before(const Job& a, const Job& b) {
    return a.booked_micros != b.booked_micros ? a.booked_micros < b.booked_micros : a.id < b.id;
}

std::string Job::vehicle() const {
    std::string name = make;
    if (!model.empty()) name += (name.empty() ? "" : " ") + model;
    return name.empty() ? registration : name;
}

const char* status_label(std::string_view status) {
    if (status == "pending") return "Pending";
    if (status == "scheduled") return "Scheduled";
    if (status == "in_progress") return "In Progress";
    if (status == "awaiting_parts") return "Awaiting Parts";
    if (status == "ready") return "Ready";
    if (status == "complete") return "Complete";
    return "Unknown";
}

std::string ready_line(const Job& job) {
    if (job.status == "ready" || job.status == "complete" || job.estimated_ready.empty())
        return job.status_message;
    return "Estimated ready " + job.estimated_ready;
}

}  // namespace portal
