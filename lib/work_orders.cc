// Work orders as a customer sees them: status names and badges, and the shared job card.
#include "work_orders.h"

#include "db.h"

namespace portal {

namespace {

const Statement kSetStatus{
    "work_order_set_status",
    "UPDATE work_orders SET status = $3, status_message = $4,"
    " estimated_ready_at = coalesce(nullif($5, '')::timestamptz, estimated_ready_at)"
    " WHERE garage_id = $1 AND id = $2"};
const Statement kAddHistory{
    "work_order_add_history",
    "INSERT INTO work_order_status_history (work_order_id, status, status_message, note)"
    " SELECT id, status, status_message, nullif($3, '') FROM work_orders"
    " WHERE garage_id = $1 AND id = $2"};

}  // namespace

// Named job_*, so a query may select other columns beside them and read_job() finds its own.
const char* const kJobColumns =
    "w.reference AS job_reference, w.status AS job_status,"
    " w.status_message AS job_status_message, w.description AS job_description,"
    " v.registration AS job_registration, coalesce(v.make, '') AS job_make,"
    " coalesce(v.model, '') AS job_model, coalesce(v.colour, '') AS job_colour,"
    " coalesce(portal_time(w.appointment_at, $3), '') AS job_appointment,"
    " coalesce(portal_time(w.estimated_ready_at, $3), '') AS job_estimated_ready,"
    " portal_day(w.booked_at, $3) AS job_booked,"
    // The newest awaiting quote (portalctl keeps at most one awaiting per job).
    " coalesce((SELECT max(q.id) FROM quotes q WHERE q.garage_id = w.garage_id"
    "   AND q.work_order_id = w.id AND q.status = 'awaiting'"
    "   AND (q.expires_at IS NULL OR q.expires_at > now())), 0) AS job_quote_id,"
    " w.closed_at IS NOT NULL AS job_closed,"
    " (extract(epoch FROM w.booked_at) * 1000000)::bigint AS job_booked_micros, w.id AS job_id";

Job read_job(const pqxx::row& row) {
    Job j;
    auto text = [&](const char* name) { return row[name].as<std::string>(); };
    j.reference = text("job_reference");
    j.status = text("job_status");
    j.status_message = text("job_status_message");
    j.description = text("job_description");
    j.registration = text("job_registration");
    j.make = text("job_make");
    j.model = text("job_model");
    j.colour = text("job_colour");
    j.appointment = text("job_appointment");
    j.estimated_ready = text("job_estimated_ready");
    j.booked = text("job_booked");
    j.quote_id = row["job_quote_id"].as<long>();
    j.closed = row["job_closed"].as<bool>();
    j.booked_micros = row["job_booked_micros"].as<long>();
    j.id = row["job_id"].as<long>();
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

// Awaiting Parts is a pause inside "In the workshop".
const JobStatus kJobStatuses[6] = {
    {"pending", "Pending", "Booking received", 0},
    {"scheduled", "Scheduled", "Booked in", 0},
    {"in_progress", "In Progress", "Work in progress", 1},
    {"awaiting_parts", "Awaiting Parts", "Waiting for parts", 1},
    {"ready", "Ready", "Ready for collection", 2},
    {"complete", "Complete", "Work complete – your car is ready to collect", 3},
};

const JobStatus* find_job_status(std::string_view code) {
    for (const JobStatus& s : kJobStatuses)
        if (code == s.code) return &s;
    return nullptr;
}

const char* status_label(std::string_view status) {
    const JobStatus* s = find_job_status(status);
    return s ? s->label : "Unknown";
}

void set_job_status(pqxx::transaction_base& tx, long garage_id, long work_order_id,
                    const std::string& status, const std::string& message, const std::string& note,
                    const std::string& ready) {
    tx.exec_prepared(kSetStatus.name, garage_id, work_order_id, status, message, ready);
    add_job_history(tx, garage_id, work_order_id, note);
}

void add_job_history(pqxx::transaction_base& tx, long garage_id, long work_order_id,
                     const std::string& note) {
    pqxx::result r = tx.exec_prepared(kAddHistory.name, garage_id, work_order_id, note);
    if (r.affected_rows() != 1) throw std::logic_error("no such work order for its history");
}

std::string ready_line(const Job& job) {
    if (job.status == "ready" || job.status == "complete" || job.estimated_ready.empty())
        return job.status_message;
    return "Estimated ready " + job.estimated_ready;
}

}  // namespace portal
