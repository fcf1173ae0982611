// Quotes as a customer sees them, and recording their decisions.
#include "quotes.h"

#include <map>

#include "db.h"
#include "garage.h"
#include "work_orders.h"

namespace portal {

namespace {

const char* const kHeadSql =
    "SELECT q.id, q.work_order_id, q.status, q.technician_name, w.reference, v.registration,"
    " coalesce(v.make, '') AS make, coalesce(v.model, '') AS model,"
    " portal_time(q.sent_at, $4) AS sent_at,"
    " coalesce(portal_time(q.decided_at, $4), '') AS decided_at,"
    " coalesce(portal_time(q.expires_at, $4), '') AS expires_at,"
    " q.status = 'awaiting' AND q.expires_at IS NOT NULL AND q.expires_at <= now() AS expired,"
    " q.vat_rate_basis_points"
    " FROM quotes q"
    " JOIN work_orders w ON w.garage_id = q.garage_id AND w.id = q.work_order_id"
    " JOIN vehicles v ON v.garage_id = w.garage_id AND v.id = w.vehicle_id"
    " WHERE q.garage_id = $1 AND w.customer_id = $2 AND q.id = $3";
const Statement kHead{"quote_head", kHeadSql};
const Statement kHeadLocked{"quote_head_locked", std::string(kHeadSql) + " FOR UPDATE OF q"};

// Each line, with this garage's past decisions on the same safety item (other quotes only): the
// garage's summary (safety_fix_decisions, kept by triggers) less this quote's own decisions.
const Statement kLines{
    "quote_lines",
    "SELECT l.id, l.position, l.category, l.title, coalesce(l.description, '') AS description,"
    " coalesce(l.technician_notes, '') AS notes, coalesce(l.decision, '') AS decision,"
    " coalesce(portal_time(l.decided_at, $3), '') AS decided_at, l.labour_hours_centi,"
    " l.labour_rate_minor, coalesce(s.decided - own.decided, 0) AS others_decided,"
    " coalesce(s.approved - own.approved, 0) AS others_approved"
    " FROM quote_lines l"
    " LEFT JOIN safety_fix_decisions s ON l.category = 'safety' AND s.garage_id = $1"
    "   AND s.title_key = lower(l.title)"
    " LEFT JOIN LATERAL (SELECT count(*) AS decided,"
    "   count(*) FILTER (WHERE o.decision = 'approved') AS approved"
    "   FROM quote_lines o WHERE o.quote_id = l.quote_id AND o.category = 'safety'"
    "   AND o.decision IS NOT NULL AND lower(o.title) = lower(l.title)) own ON true"
    " WHERE l.quote_id = $2 ORDER BY l.position"};
const Statement kParts{
    "quote_parts",
    "SELECT p.quote_line_id, p.name, p.quantity, p.unit_price_minor FROM quote_line_parts p"
    " JOIN quote_lines l ON l.id = p.quote_line_id WHERE l.quote_id = $1"
    " ORDER BY l.position, p.id"};
const Statement kPhotos{"quote_photos",
                        "SELECT ph.quote_line_id, ph.id, coalesce(ph.caption, '') AS caption,"
                        " ph.file_path"
                        " FROM quote_line_photos ph JOIN quote_lines l ON l.id = ph.quote_line_id"
                        " WHERE l.quote_id = $1 ORDER BY l.position, ph.position, ph.id"};
const Statement kPhotoPath{
    "quote_photo_path",
    "SELECT ph.file_path FROM quote_line_photos ph"
    " JOIN quote_lines l ON l.id = ph.quote_line_id"
    " JOIN quotes q ON q.id = l.quote_id"
    " JOIN work_orders w ON w.garage_id = q.garage_id AND w.id = q.work_order_id"
    " WHERE q.garage_id = $1 AND w.customer_id = $2 AND q.id = $3 AND ph.id = $4"};

const Statement kDecideLine{
    "quote_decide_line",
    "UPDATE quote_lines SET decision = $3, decided_at = now() WHERE quote_id = $1 AND id = $2"};
const Statement kDecideQuote{
    "quote_decide",
    "UPDATE quotes SET status = 'decided', decided_at = now(), decided_ip = nullif($2, '')::inet,"
    " decided_session_id = $3 WHERE id = $1 AND status = 'awaiting'"};
// Only a quote still awaiting a decision is withdrawn (a decided one stays decided).
const Statement kWithdraw{
    "quote_withdraw",
    "UPDATE quotes SET status = 'withdrawn' WHERE garage_id = $1 AND status = 'awaiting'"
    " AND id = $2 RETURNING id"};
const Statement kWithdrawForJob{
    "quote_withdraw_for_job",
    "UPDATE quotes SET status = 'withdrawn' WHERE garage_id = $1 AND status = 'awaiting'"
    " AND work_order_id = $2 RETURNING id"};

// Rounds half up: money is whole minor units.
long scaled(long value, long numerator, long denominator) {
    return (value * numerator + denominator / 2) / denominator;
}

}  // namespace

std::string Quote::vehicle() const {
    std::string name = make + (make.empty() || model.empty() ? "" : " ") + model;
    return name.empty() ? registration : name;
}

std::string Quote::closed_reason() const {
    if (status == "decided") return "Decisions sent " + decided_at + ".";
    if (status == "withdrawn")
        return "The garage has withdrawn this quote. They will be in touch if anything changes.";
    if (status == "expired" || expired)
        return "This quote has expired. Please message or call the garage for an up-to-date one.";
    return "";
}

std::optional<Quote> load_quote(pqxx::transaction_base& tx, const Garage& garage, long customer_id,
                                long quote_id, bool lock) {
    pqxx::result head = tx.exec_prepared(lock ? kHeadLocked.name : kHead.name, garage.id,
                                         customer_id, quote_id, garage.timezone);
    if (head.empty()) return std::nullopt;
    const auto& h = head[0];
    Quote q;
    q.id = h["id"].as<long>();
    q.garage_id = garage.id;
    q.work_order_id = h["work_order_id"].as<long>();
    q.status = h["status"].as<std::string>();
    q.technician = h["technician_name"].as<std::string>();
    q.reference = h["reference"].as<std::string>();
    q.registration = h["registration"].as<std::string>();
    q.make = h["make"].as<std::string>();
    q.model = h["model"].as<std::string>();
    q.sent_at = h["sent_at"].as<std::string>();
    q.decided_at = h["decided_at"].as<std::string>();
    q.expires_at = h["expires_at"].as<std::string>();
    q.expired = h["expired"].as<bool>();
    q.vat_basis_points = h["vat_rate_basis_points"].as<int>();

    std::map<long, size_t> index;  // line id → position in q.lines
    for (const auto& r : tx.exec_prepared(kLines.name, garage.id, q.id, garage.timezone)) {
        QuoteLine l;
        l.id = r["id"].as<long>();
        l.position = r["position"].as<int>();
        l.category = r["category"].as<std::string>();
        l.title = r["title"].as<std::string>();
        l.description = r["description"].as<std::string>();
        l.notes = r["notes"].as<std::string>();
        l.decision = r["decision"].as<std::string>();
        l.decided_at = r["decided_at"].as<std::string>();
        l.labour_centi = r["labour_hours_centi"].as<long>();
        l.rate_minor = r["labour_rate_minor"].as<long>();
        l.labour_minor = scaled(l.labour_centi, l.rate_minor, 100);
        l.net_minor = l.labour_minor;
        long decided = r["others_decided"].as<long>(), approved = r["others_approved"].as<long>();
        if (decided >= kApprovalSample)
            l.approve_percent = static_cast<int>(scaled(approved, 100, decided));
        index[l.id] = q.lines.size();
        q.lines.push_back(std::move(l));
    }
    for (const auto& r : tx.exec_prepared(kParts.name, q.id)) {
        QuoteLine& l = q.lines.at(index.at(r["quote_line_id"].as<long>()));
        QuotePart p{r["name"].as<std::string>(), r["quantity"].as<long>(),
                    r["unit_price_minor"].as<long>(), 0};
        p.total_minor = p.quantity * p.unit_minor;
        l.net_minor += p.total_minor;
        l.parts.push_back(std::move(p));
    }
    for (auto& l : q.lines) {
        l.vat_minor = scaled(l.net_minor, q.vat_basis_points, 10000);
        l.gross_minor = l.net_minor + l.vat_minor;
    }
    for (const auto& r : tx.exec_prepared(kPhotos.name, q.id))
        q.lines.at(index.at(r["quote_line_id"].as<long>()))
            .photos.push_back({r["id"].as<long>(), r["caption"].as<std::string>(),
                               r["file_path"].as<std::string>()});
    return q;
}

std::optional<std::string> quote_photo_path(pqxx::transaction_base& tx, const Garage& garage,
                                            long customer_id, long quote_id, long photo_id) {
    pqxx::result r = tx.exec_prepared(kPhotoPath.name, garage.id, customer_id, quote_id, photo_id);
    if (r.empty()) return std::nullopt;
    return r[0][0].as<std::string>();
}

void record_decisions(pqxx::transaction_base& tx, const Quote& quote,
                      const std::vector<bool>& approved, const std::string& ip, long session_id) {
    if (approved.size() != quote.lines.size()) throw std::logic_error("one decision per line");
    int yes = 0;
    for (size_t i = 0; i < approved.size(); ++i) {
        tx.exec_prepared(kDecideLine.name, quote.id, quote.lines[i].id,
                         approved[i] ? "approved" : "declined");
        yes += approved[i];
    }
    pqxx::result r = tx.exec_prepared(kDecideQuote.name, quote.id, ip, session_id);
    if (r.affected_rows() != 1) throw std::logic_error("quote was not awaiting a decision");
    int no = static_cast<int>(approved.size()) - yes;
    add_job_history(tx, quote.garage_id, quote.work_order_id,
                    "Quote answered in the portal: " + std::to_string(yes) + " approved, " +
                        std::to_string(no) + " declined");
}

bool withdraw_quote(pqxx::transaction_base& tx, long garage_id, long quote_id) {
    return !tx.exec_prepared(kWithdraw.name, garage_id, quote_id).empty();
}

std::vector<long> withdraw_awaiting_quotes(pqxx::transaction_base& tx, long garage_id,
                                           long work_order_id) {
    std::vector<long> ids;
    for (const auto& row : tx.exec_prepared(kWithdrawForJob.name, garage_id, work_order_id))
        ids.push_back(row[0].as<long>());
    return ids;
}

}  // namespace portal
