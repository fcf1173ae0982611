// Quotes as a customer sees them: items with their cost breakdown, parts, photos and decisions,
// and how this garage's customers decided on the same safety fix before.
#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace portal {

struct Garage;

// The page accepts decisions for items 1..kMaxQuoteItems (portalctl quote add refuses more).
constexpr int kMaxQuoteItems = 30;
// "[X]% of our customers approve this fix" shows only with at least this many past decisions.
constexpr long kApprovalSample = 10;

struct QuotePart {
    std::string name;
    long quantity = 0, unit_minor = 0, total_minor = 0;
};

struct QuotePhoto {
    long id = 0;
    std::string caption, file_path;
};

struct QuoteLine {
    long id = 0;
    int position = 0;
    std::string category, title, description, notes;
    std::string decision, decided_at;  // "approved"/"declined" and when; "" while undecided
    long labour_centi = 0, rate_minor = 0, labour_minor = 0;
    long net_minor = 0, vat_minor = 0, gross_minor = 0;  // the item's estimate
    int approve_percent = -1;  // safety items with enough history; else -1
    std::vector<QuotePart> parts;
    std::vector<QuotePhoto> photos;
};

struct Quote {
    long id = 0, garage_id = 0, work_order_id = 0;
    std::string status, technician, reference, registration, make, model;
    std::string sent_at, decided_at, expires_at;  // friendly, in the garage's time zone
    bool expired = false;                         // past expires_at while still awaiting
    int vat_basis_points = 0;
    std::vector<QuoteLine> lines;

    std::string vehicle() const;  // "Ford Fiesta"
    bool open() const { return status == "awaiting" && !expired; }
    // Why the customer can no longer decide ("" while they can), in words for them.
    std::string closed_reason() const;
};

// The customer's quote `quote_id` at this garage, or nullopt (not theirs, or no such quote).
// With `lock`, the quote row stays locked until `tx` ends (deciding).
std::optional<Quote> load_quote(pqxx::transaction_base& tx, const Garage& garage, long customer_id,
                                long quote_id, bool lock);

// The photo's path under files_dir when photo `photo_id` belongs to quote `quote_id` of this
// customer at this garage; nullopt otherwise.
std::optional<std::string> quote_photo_path(pqxx::transaction_base& tx, const Garage& garage,
                                            long customer_id, long quote_id, long photo_id);

// Records the customer's decisions (one per line, in line order: true = approved), marks the
// quote decided with time, IP and session, and notes it in the job's history. The caller has
// loaded the quote with `lock` in `tx` and checked that it is open.
void record_decisions(pqxx::transaction_base& tx, const Quote& quote,
                      const std::vector<bool>& approved, const std::string& ip, long session_id);

// Withdraws the garage's quote `quote_id` if it still awaits the customer's decision; whether it
// did.
bool withdraw_quote(pqxx::transaction_base& tx, long garage_id, long quote_id);
// Withdraws every quote of the work order that awaits the customer's decision (a replaced quote,
// a closed job); their ids.
std::vector<long> withdraw_awaiting_quotes(pqxx::transaction_base& tx, long garage_id,
                                           long work_order_id);

}  // namespace portal
