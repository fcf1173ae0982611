// portalctl job add|set-status|close|list: a work order's journey from booking to collection.
#include <iomanip>
#include <iostream>
#include <random>
#include <sstream>

#include "command.h"
#include "db.h"
#include "notices.h"
#include "quotes.h"
#include "validate.h"
#include "work_orders.h"

namespace portalctl {

namespace {

const portal::Statement kReferenceTaken{
    "portalctl_reference_taken",
    "SELECT 1 FROM work_orders WHERE garage_id = $1 AND reference = $2"};
const portal::Statement kAddJob{
    "portalctl_add_job",
    "INSERT INTO work_orders (garage_id, customer_id, vehicle_id, reference,"
    " status, status_message, description, appointment_at,"
    " estimated_ready_at, technician_name)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, nullif($8, '')::timestamptz,"
    " nullif($9, '')::timestamptz, nullif($10, '')) RETURNING id"};
const portal::Statement kCloseJob{
    "portalctl_close_job",
    "UPDATE work_orders SET closed_at = now() WHERE garage_id = $1 AND id = $2"};
const portal::Statement kListJobs{
    "portalctl_list_jobs",
    "SELECT w.reference, w.status, CASE WHEN w.closed_at IS NULL THEN 'active' ELSE 'closed'"
    " END, c.email, v.registration,"
    " to_char(w.booked_at AT TIME ZONE $3, 'YYYY-MM-DD HH24:MI')"
    " FROM work_orders w"
    " JOIN customers c ON c.garage_id = w.garage_id AND c.id = w.customer_id"
    " JOIN vehicles v ON v.garage_id = w.garage_id AND v.id = w.vehicle_id"
    " WHERE w.garage_id = $1 AND ($2::bigint = 0 OR w.customer_id = $2::bigint)"
    " ORDER BY w.closed_at IS NOT NULL, w.booked_at DESC"};
const portal::Statement kOpenJob{
    "portalctl_open_job",
    "SELECT id, status, coalesce(to_char(closed_at AT TIME ZONE $3, 'YYYY-MM-DD HH24:MI'), '')"
    " FROM work_orders WHERE garage_id = $1 AND reference = $2 FOR UPDATE"};

const char* kUsageBeforeStatuses =
    "usage: portalctl job add --garage SUBDOMAIN --customer EMAIL --registration REG\n"
    "                         [--make TEXT --model TEXT [--colour TEXT]] --description TEXT\n"
    "                         [--reference WO-...] [--status STATUS] [--message TEXT]\n"
    "                         [--note TEXT] [--appointment TIME] [--ready TIME]\n"
    "                         [--technician NAME]\n"
    "       portalctl job set-status --garage SUBDOMAIN --job WO-... --status STATUS\n"
    "                         [--message TEXT] [--note TEXT] [--ready TIME] [--quiet]\n"
    "       portalctl job close --garage SUBDOMAIN --job WO-...\n"
    "       portalctl job list --garage SUBDOMAIN [--customer EMAIL]\n"
    "\n"
    "add books a job on the customer's vehicle with that registration (any case or spacing);\n"
    "a registration the customer has no vehicle for needs --make and --model, and adds it.\n"
    "Without --reference the job gets one like WO-TANGO-1234. The customer sees --message on\n"
    "the job's page (/jobs/WO-...); each STATUS (add's default: pending) has a plain default:\n";

const char* kUsageAfterStatuses =
    "--note is a line for the job's history. set-status moves the job on and appends to its\n"
    "history; a job that becomes ready, awaiting_parts or complete tells the customer in one\n"
    "short message with a link to its page (WhatsApp or SMS to a mobile number they allow,\n"
    "else email; never against their preferences), unless --quiet (the garage phones). close\n"
    "is collection is collection: the job leaves the customer's active list, its awaiting\n"
    "quote is withdrawn, and it no longer changes.\n"
    "TIME is the garage's local time: '2026-11-26 16:00', 'today 16:00', 'tomorrow 08:30', or\n"
    "from now: +90m, +2h, +3d.\n";

// The help: the usage lines, each status with its default message, then the rest.
std::string usage() {
    std::ostringstream out;
    out << kUsageBeforeStatuses;
    for (const portal::JobStatus& s : portal::kJobStatuses)
        out << "  " << std::left << std::setw(16) << s.code << s.default_message << "\n";
    out << kUsageAfterStatuses;
    return out.str();
}

const portal::JobStatus& checked_status(const std::string& code) {
    if (const portal::JobStatus* s = portal::find_job_status(code)) return *s;
    std::string codes;
    for (const portal::JobStatus& s : portal::kJobStatuses)
        codes += (codes.empty() ? "" : ", ") + std::string(s.code);
    throw UsageError("--status must be one of " + codes);
}

// The customer-facing status message: --message, or the status's default.
std::string checked_message(const Options& o, const portal::JobStatus& status) {
    if (!o.has("message")) return status.default_message;
    std::string message = o.get("message");
    if (message.empty() || !portal::v::line(200)(message))
        throw UsageError("--message must be one line of 1 to 200 characters");
    return message;
}

void check_text(const Options& o, const char* name, const portal::Validator& valid,
                const char* rule) {
    if (o.has(name) && !valid(o.get(name)))
        throw UsageError(std::string("--") + name + " must be " + rule);
}

std::string new_reference(pqxx::transaction_base& tx, long garage_id) {
    static const char* kWords[] = {
        "ALPHA",  "BRAVO", "CHARLIE", "DELTA",  "ECHO",     "FOXTROT", "GOLF",   "HOTEL",  "INDIA",
        "JULIET", "KILO",  "LIMA",    "MIKE",   "NOVEMBER", "OSCAR",   "PAPA",   "QUEBEC", "ROMEO",
        "SIERRA", "TANGO", "UNIFORM", "VICTOR", "WHISKEY",  "XRAY",    "YANKEE", "ZULU"};
    std::random_device random;
    std::uniform_int_distribution<int> word(0, 25), number(0, 9999);
    for (int attempt = 0; attempt < 20; ++attempt) {
        std::string digits = std::to_string(number(random));
        std::string reference = std::string("WO-") + kWords[word(random)] + "-" +
                                std::string(4 - digits.size(), '0') + digits;
        if (tx.exec_prepared(kReferenceTaken.name, garage_id, reference).empty()) return reference;
    }
    throw std::runtime_error("could not find a free job reference; give one with --reference");
}

int add(Env& env, const Options& o) {
    no_arguments(o);
    VehicleInput v = vehicle_input(o);
    std::string description = o.required("description");
    check_text(o, "description", portal::v::text(2000), "text of at most 2000 characters");
    const portal::JobStatus& checked = checked_status(o.get("status", "pending"));
    std::string status = checked.code, message = checked_message(o, checked);
    check_text(o, "note", portal::v::text(1000), "text of at most 1000 characters");
    check_text(o, "technician", portal::v::line(80), "one line of at most 80 characters");
    std::string reference =
        o.has("reference") ? job_reference(o.get("reference"), "reference") : "";

    pqxx::work tx(env.db());
    GarageRef garage = find_garage(tx, o.required("garage"));
    std::string email = o.required("customer");
    long customer = find_customer(tx, garage.id, email);
    VehicleRef vehicle_row = find_vehicle(tx, garage.id, customer, v.registration);
    std::string vehicle_done = "using vehicle ";
    if (!vehicle_row.id) {
        if (v.make.empty() || v.model.empty())
            throw UsageError(email + " has no vehicle " + v.registration +
                             "; give --make and --model to add it with the job");
        vehicle_row = {add_vehicle(tx, garage.id, customer, v), v.registration};
        vehicle_done = "added vehicle ";
    }
    if (reference.empty())
        reference = new_reference(tx, garage.id);
    else if (!tx.exec_prepared(kReferenceTaken.name, garage.id, reference).empty())
        throw std::runtime_error("garage " + garage.subdomain + " already has a job " + reference);
    std::string appointment =
        o.has("appointment") ? garage_time(tx, garage.id, "appointment", o.get("appointment")) : "";
    std::string ready = o.has("ready") ? garage_time(tx, garage.id, "ready", o.get("ready")) : "";
    try {
        long id =
            tx.exec_prepared1(kAddJob.name, garage.id, customer, vehicle_row.id, reference, status,
                              message, description, appointment, ready, o.get("technician"))[0]
                .as<long>();
        portal::add_job_history(tx, garage.id, id, o.get("note"));
        tx.commit();
    } catch (const pqxx::unique_violation&) {
        throw std::runtime_error("garage " + garage.subdomain + " already has a job " + reference);
    }
    std::cout << vehicle_done << vehicle_row.id << " " << vehicle_row.registration << "\n";
    std::cout << "added job " << reference << " for " << email << ", " << vehicle_row.registration
              << ": " << status << " \"" << message << "\" (page /jobs/" << reference << ")\n";
    return 0;
}

}  // namespace

void print_notice(const portal::Notice& n) {
    if (!n.outbox_id)
        std::cout << "the customer was already told of this change\n";
    else if (!n.suppressed.empty())
        std::cout << "customer not told (outbox " << n.outbox_id << " suppressed): " << n.suppressed
                  << "\n";
    else
        std::cout << "told the customer by " << n.channel << " (outbox " << n.outbox_id << ")\n";
}

namespace {

int set_status(Env& env, const Options& o) {
    no_arguments(o);
    std::string reference = job_reference(o.required("job"), "job");
    const portal::JobStatus& checked = checked_status(o.required("status"));
    std::string status = checked.code, message = checked_message(o, checked);
    check_text(o, "note", portal::v::text(1000), "text of at most 1000 characters");
    pqxx::work tx(env.db());
    GarageRef garage = find_garage(tx, o.required("garage"));
    JobRef job_row = find_open_job(tx, garage, reference);
    std::string ready = o.has("ready") ? garage_time(tx, garage.id, "ready", o.get("ready")) : "";
    portal::set_job_status(tx, garage.id, job_row.id, status, message, o.get("note"), ready);
    // A status that did not change is no news.
    std::optional<portal::Notice> told;
    if (!o.has("quiet") && status != job_row.status)
        told = portal::announce_status(tx, env.config, garage, job_row.id);
    tx.commit();
    std::cout << "job " << reference << ": " << status << " \"" << message << "\" (was "
              << job_row.status << ")\n";
    if (told) print_notice(*told);
    return 0;
}

int close_job(Env& env, const Options& o) {
    no_arguments(o);
    std::string reference = job_reference(o.required("job"), "job");
    pqxx::work tx(env.db());
    GarageRef garage = find_garage(tx, o.required("garage"));
    JobRef job_row = find_open_job(tx, garage, reference);
    tx.exec_prepared(kCloseJob.name, garage.id, job_row.id);
    // A closed job is off the customer's list, so nobody could decide its quote any more.
    std::vector<long> withdrawn = portal::withdraw_awaiting_quotes(tx, garage.id, job_row.id);
    tx.commit();
    std::cout << "closed job " << reference << " (status " << job_row.status
              << "); it has left the customer's active list\n";
    for (long id : withdrawn) std::cout << "withdrew its awaiting quote " << id << "\n";
    return 0;
}

int list(Env& env, const Options& o) {
    no_arguments(o);
    pqxx::read_transaction tx(env.db());
    GarageRef garage = find_garage(tx, o.required("garage"));
    long customer = o.has("customer") ? find_customer(tx, garage.id, o.get("customer")) : 0;
    pqxx::result r = tx.exec_prepared(kListJobs.name, garage.id, customer, garage.timezone);
    if (r.empty()) {
        std::cout << "no jobs\n";
        return 0;
    }
    std::cout << std::left << std::setw(20) << "REFERENCE" << std::setw(16) << "STATUS"
              << std::setw(8) << "STATE" << std::setw(28) << "CUSTOMER" << std::setw(12) << "REG"
              << "BOOKED\n";
    for (const auto& row : r)
        std::cout << std::setw(20) << row[0].c_str() << std::setw(16) << row[1].c_str()
                  << std::setw(8) << row[2].c_str() << std::setw(28) << row[3].c_str()
                  << std::setw(12) << row[4].c_str() << row[5].c_str() << "\n";
    return 0;
}

}  // namespace

std::string job_reference(const std::string& given, const char* option) {
    std::string reference = given;
    for (auto& ch : reference) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (!portal::v::reference()(reference))
        throw UsageError(std::string("--") + option +
                         " must be a job reference such as WO-TANGO-1234");
    return reference;
}

JobRef find_open_job(pqxx::transaction_base& tx, const GarageRef& garage,
                     const std::string& reference) {
    // Locked, so two commands on one job take turns.
    pqxx::result r = tx.exec_prepared(kOpenJob.name, garage.id, reference, garage.timezone);
    if (r.empty()) throw UsageError("garage " + garage.subdomain + " has no job " + reference);
    JobRef found{r[0][0].as<long>(), reference, r[0][1].as<std::string>()};
    std::string closed = r[0][2].as<std::string>();
    if (!closed.empty())
        throw std::runtime_error("job " + reference + " was closed on " + closed +
                                 " and can no longer change");
    return found;
}

int job(Env& env, const std::vector<std::string>& args) {
    return run_subcommand(
        env, args, usage(),
        {
            {"add",
             add,
             {"garage", "customer", "registration", "make", "model", "colour", "description",
              "reference", "status", "message", "note", "appointment", "ready", "technician"}},
            {"set-status",
             set_status,
             {"garage", "job", "status", "message", "note", "ready"},
             {},
             {"quiet"}},
            {"close", close_job, {"garage", "job"}},
            {"list", list, {"garage", "customer"}},
        });
}

}  // namespace portalctl
