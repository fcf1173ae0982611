// A job's status page: the job card, a progress tracker of its journey with the time of each
// status change, the quote banner, the invoice, and how to reach the garage about it.
#include "app.h"
#include "format.h"
#include "job_cards.h"

namespace {

using portal::Ctx;
namespace v = portal::v;

// The job and its status history, one row per history entry (at least one row for the job).
// The job's row is found once by its reference (garage_id, reference is unique), with its
// invoice, conversation and quote, and then joined to its history: MATERIALIZED keeps those
// sub-selects from running again for each history row.
const portal::Statement kJob{
    "job_page",
    std::string("WITH job AS MATERIALIZED (SELECT ") + portal::kJobColumns +
        ", coalesce(i.number, '') AS invoice_number, coalesce(i.status, '') AS invoice_status,"
        " coalesce(i.due_on < current_date, false) AS invoice_past_due,"
        " coalesce((SELECT cv.id FROM conversations cv WHERE cv.garage_id = w.garage_id"
        "   AND cv.work_order_id = w.id ORDER BY cv.updated_at DESC LIMIT 1), 0) AS conversation"
        " FROM work_orders w"
        " JOIN vehicles v ON v.garage_id = w.garage_id AND v.id = w.vehicle_id"
        " LEFT JOIN LATERAL (SELECT number, status, due_on FROM invoices"
        "   WHERE garage_id = w.garage_id AND work_order_id = w.id AND status <> 'void'"
        "   ORDER BY issued_on DESC, id DESC LIMIT 1) i ON true"
        " WHERE w.garage_id = $1 AND w.reference = $4 AND w.customer_id = $2)"
        " SELECT job.*, h.status AS step_status, h.status_message AS step_message,"
        " coalesce(h.note, '') AS step_note, portal_time(h.changed_at, $3) AS step_when"
        " FROM job LEFT JOIN work_order_status_history h ON h.work_order_id = job.job_id"
        " ORDER BY h.changed_at, h.id"};

// The journey a customer follows; each status's stage is in portal::kJobStatuses.
const char* const kStages[] = {"Booked", "In the workshop", "Ready", "Complete"};

int stage_of(std::string_view status) {
    const portal::JobStatus* s = portal::find_job_status(status);
    return s ? s->stage : 0;
}

// GET /jobs/<reference> — 200; 404 for a job that isn't this customer's at this garage.
void show_job(Ctx& c) {
    pqxx::result r;
    {
        pqxx::nontransaction tx(c.db.conn());
        r = tx.exec_prepared(kJob.name, c.garage.id, c.customer->id, c.garage.timezone,
                             std::string(c.field("reference")));
    }
    if (r.empty()) throw portal::NotFound("We couldn't find that job.");
    portal::Job job = portal::read_job(r[0]);

    auto& d = c.page("jobs.tpl", job.reference);
    portal::set(d, "VEHICLE", job.vehicle());
    portal::set(d, "REFERENCE", job.reference);
    portal::add_quote_banner(d, job);
    portal::add_job_card(d, job);

    // The tracker: when each stage was first reached, and the pauses for parts.
    std::string reached[4], paused_at, previous;
    for (const auto& row : r) {
        if (row["step_status"].is_null()) continue;
        std::string status = row["step_status"].as<std::string>();
        std::string when = row["step_when"].as<std::string>();
        int stage = stage_of(status);
        if (reached[stage].empty()) reached[stage] = when;
        // A wait for parts starts at its first entry: later notes in the same status (a quote
        // answered meanwhile) don't restart it.
        if (status == "awaiting_parts" && previous != status) paused_at = when;
        previous = status;
        auto* entry = d.AddSectionDictionary("HISTORY");
        entry->SetValue("STATUS", status);
        entry->SetValue("STATUS_LABEL", portal::status_label(status));
        portal::set(*entry, "MESSAGE", row["step_message"].as<std::string>());
        portal::set(*entry, "WHEN", when);
        std::string note = row["step_note"].as<std::string>();
        if (!note.empty()) portal::set(*entry->AddSectionDictionary("NOTE"), "TEXT", note);
    }
    if (reached[0].empty()) reached[0] = job.booked;
    int current = stage_of(job.status);
    for (int i = 0; i < 4; ++i) {
        auto* step = d.AddSectionDictionary("STAGE");
        step->SetValue("LABEL", kStages[i]);
        step->SetValue("STATE", i < current ? "done" : i == current ? "current" : "upcoming");
        if (i == current) step->ShowSection("CURRENT");
        if (i <= current && !reached[i].empty())
            portal::set(*step->AddSectionDictionary("WHEN"), "TEXT", reached[i]);
        if (i == 1 && !paused_at.empty()) {
            bool waiting = job.status == "awaiting_parts";
            auto* pause = step->AddSectionDictionary(waiting ? "PAUSED" : "WAITED");
            portal::set(*pause, "WHEN", paused_at);
        }
    }
    if (!job.estimated_ready.empty() && current < 2)
        portal::set(*d.AddSectionDictionary("ESTIMATE"), "WHEN", job.estimated_ready);

    std::string invoice = r[0]["invoice_number"].as<std::string>();
    if (!invoice.empty()) {
        auto* inv = d.AddSectionDictionary("INVOICE");
        portal::set(*inv, "NUMBER", invoice);
        std::string status = r[0]["invoice_status"].as<std::string>();
        bool overdue = status == "unpaid" && r[0]["invoice_past_due"].as<bool>();
        inv->SetValue("STATUS", overdue ? "overdue" : status);
        inv->SetValue("STATUS_LABEL", overdue ? "Overdue" : status == "paid" ? "Paid" : "Unpaid");
    }
    long conversation = r[0]["conversation"].as<long>();
    d.SetValue("MESSAGE_LINK", conversation
                                   ? "/messages/" + std::to_string(conversation)
                                   : portal::with_query("/messages/new", {{"job", job.reference}}));
    if (!c.garage.main_phone.empty()) {
        auto* call = d.AddSectionDictionary("CALL");
        portal::set(*call, "PHONE", c.garage.main_phone);
        call->SetValue("DIAL", portal::dial_string(c.garage.main_phone));
    }
    c.render();
}

}  // namespace

int main() {
    portal::App app("jobs");
    app.get("/jobs/{reference}", show_job).segment("reference", v::reference());
    return app.run();
}
