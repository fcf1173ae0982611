// portalctl quote add|withdraw: a technician's quote on a job — items the customer approves or
// declines one by one, with their parts and photos.
#include <sys/stat.h>

#include <fstream>
#include <iostream>
#include <optional>
#include <regex>
#include <sstream>

#include "command.h"
#include "db.h"
#include "files.h"
#include "quotes.h"
#include "validate.h"

namespace portalctl {

namespace {

const portal::Statement kInFuture{"portalctl_in_future", "SELECT $1::timestamptz > now()"};
const portal::Statement kExpireQuotes{
    "portalctl_expire_quotes",
    "UPDATE quotes SET status = 'expired' WHERE garage_id = $1 AND work_order_id = $2"
    " AND status = 'awaiting' AND expires_at <= now() RETURNING id"};
const portal::Statement kAwaitingQuotes{
    "portalctl_awaiting_quotes",
    "SELECT id FROM quotes WHERE garage_id = $1 AND work_order_id = $2"
    " AND status = 'awaiting' ORDER BY id"};
const portal::Statement kAddQuote{
    "portalctl_add_quote",
    "INSERT INTO quotes (garage_id, work_order_id, technician_name, vat_rate_basis_points,"
    " expires_at) VALUES ($1, $2, $3, $4, $5::timestamptz)"
    " RETURNING id, to_char(expires_at AT TIME ZONE $6, 'YYYY-MM-DD HH24:MI')"};
const portal::Statement kAddQuoteLine{
    "portalctl_add_quote_line",
    "INSERT INTO quote_lines (quote_id, position, category, title, description,"
    " technician_notes, labour_hours_centi, labour_rate_minor)"
    " VALUES ($1, $2, $3, $4, nullif($5, ''), nullif($6, ''), $7, $8) RETURNING id"};
const portal::Statement kAddQuotePart{
    "portalctl_add_quote_part",
    "INSERT INTO quote_line_parts (quote_line_id, name, quantity, unit_price_minor)"
    " VALUES ($1, $2, $3, $4)"};
const portal::Statement kAddQuotePhoto{
    "portalctl_add_quote_photo",
    "INSERT INTO quote_line_photos (quote_line_id, file_path, caption, position)"
    " VALUES ($1, $2, nullif($3, ''), $4)"};
const portal::Statement kQuoteToWithdraw{
    "portalctl_quote_to_withdraw",
    "SELECT q.status, w.reference FROM quotes q"
    " JOIN work_orders w ON w.garage_id = q.garage_id AND w.id = q.work_order_id"
    " WHERE q.garage_id = $1 AND q.id = $2 FOR UPDATE OF q"};

const char* kUsage =
    "usage: portalctl quote add --garage SUBDOMAIN --job WO-... --technician NAME\n"
    "                           --item 'CATEGORY|TITLE|DESCRIPTION|NOTES|HOURS|RATE'...\n"
    "                           [--part 'ITEM|NAME|QUANTITY|UNIT PRICE']...\n"
    "                           [--photo 'ITEM|FILE|CAPTION']...\n"
    "                           [--expires 7d|TIME] [--vat-rate PERCENT] [--replace] [--quiet]\n"
    "       portalctl quote withdraw --garage SUBDOMAIN --quote ID\n"
    "\n"
    "Each --item is one piece of work the customer approves or declines; items are numbered\n"
    "1, 2, ... in the order given, at most 30. CATEGORY is safety, recommended or optional;\n"
    "DESCRIPTION and NOTES (the technician's words to the customer) may be empty; HOURS of\n"
    "labour such as 1.5 at RATE per hour such as 78.00. Prices are net of VAT, in the garage's\n"
    "currency, with at most two decimals. For example:\n"
    "  --item 'safety|Front brake pads and discs|Replace the pads and discs|Worn to 2 "
    "mm|1.5|78.00'\n"
    "  --part '1|Front brake discs (pair)|1|68.50'\n"
    "  --photo '1|/tmp/pads.jpg|Worn front pads'\n"
    "--part prices a part on item ITEM. --photo attaches a JPEG, PNG or WebP file (by its\n"
    "content, at most 10 MB, at most 10 per item) to item ITEM; it is copied into the private\n"
    "files directory. --expires is how long the customer has to decide: 7d (the default), 48h,\n"
    "or a time in the garage's time zone such as '2026-12-03 17:00'. --vat-rate is the VAT\n"
    "percentage added to the net prices (default 20). A job has at most one quote awaiting a\n"
    "decision: --replace withdraws the one it has. The customer's page is /quotes/ID, and they\n"
    "are sent a link to it (WhatsApp or SMS to a mobile number they allow, else email; never\n"
    "against their preferences) unless --quiet (the garage phones them instead).\n"
    "withdraw takes back a quote that still awaits the customer's decision.\n";

const size_t kMaxItems = portal::kMaxQuoteItems;  // the quote page decides items 1..30
const size_t kMaxPhotosPerItem = 10;
const size_t kMaxPartsPerItem = 50;
const long kMaxPhotoBytes = 10L * 1024 * 1024;

struct Part {
    std::string name;
    long quantity = 0;
    long unit_price_minor = 0;
};

struct Photo {
    std::string source, caption, extension;
};

struct Item {
    std::string category, title, description, notes;
    long labour_hours_centi = 0, labour_rate_minor = 0;
    std::vector<Part> parts;
    std::vector<Photo> photos;
};

// How an option's value is named in an error: --item 'safety|Brakes|...'.
std::string named(const char* option, const std::string& value) {
    std::string shown = value.size() > 60 ? value.substr(0, 57) + "..." : value;
    return std::string("--") + option + " '" + shown + "'";
}

std::vector<std::string> split(const std::string& value, const char* option, size_t min,
                               size_t max) {
    std::vector<std::string> out(1);
    for (char ch : value) {
        if (ch == '|')
            out.emplace_back();
        else
            out.back() += ch;
    }
    if (out.size() < min || out.size() > max)
        throw UsageError(named(option, value) + " must have " + std::to_string(min) +
                         (min == max ? "" : " or " + std::to_string(max)) +
                         " fields separated by |");
    return out;
}

// "78", "78.5", "78.00" → 7800: hundredths, read exactly (no floating point); -1 when the text
// is not such a number or its whole part exceeds max_whole.
long hundredths(const std::string& text, long max_whole) {
    static const std::regex form("^(0|[1-9][0-9]{0,8})(\\.([0-9]{1,2}))?$");
    std::smatch m;
    if (!std::regex_match(text, m, form)) return -1;
    long whole = std::stol(m[1]);
    if (whole > max_whole) return -1;
    std::string fraction = m[3].str();
    if (fraction.size() == 1) fraction += '0';
    return whole * 100 + (fraction.empty() ? 0 : std::stol(fraction));
}

long money(const std::string& text, const std::string& what) {
    long minor = hundredths(text, 9999999);
    if (minor < 0)
        throw UsageError(what + " '" + text +
                         "' must be an amount such as 78.00 (at most two decimals, no sign)");
    return minor;
}

// The whole photo (or only its first `limit` bytes), refused unless it is a JPEG, PNG or WebP
// image of at most 10 MB; sets the photo's extension.
std::string read_photo(Photo& photo, const std::string& option, size_t limit) {
    struct stat st;
    if (::stat(photo.source.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
        throw UsageError(option + ": " + photo.source + " is not a readable file");
    if (st.st_size > kMaxPhotoBytes)
        throw UsageError(option + ": " + photo.source + " is larger than 10 MB");
    std::ifstream in(photo.source, std::ios::binary);
    std::string bytes(std::min<size_t>(limit, kMaxPhotoBytes + 1), '\0');
    in.read(&bytes[0], static_cast<std::streamsize>(bytes.size()));
    if (in.bad() || (!in && !in.eof())) throw UsageError(option + ": cannot read " + photo.source);
    bytes.resize(static_cast<size_t>(in.gcount()));
    if (bytes.size() > static_cast<size_t>(kMaxPhotoBytes))
        throw UsageError(option + ": " + photo.source + " is larger than 10 MB");
    std::optional<portal::FileType> type = portal::detect_type(bytes);  // by content, not name
    if (!type || !type->image())
        throw UsageError(option + ": " + photo.source + " is not a JPEG, PNG or WebP image");
    photo.extension = type->extension;
    return bytes;
}

Item parse_item(const std::string& value) {
    std::vector<std::string> f = split(value, "item", 6, 6);
    std::string where = named("item", value);
    Item item;
    item.category = f[0];
    if (item.category != "safety" && item.category != "recommended" && item.category != "optional")
        throw UsageError(where + ": the category must be safety, recommended or optional");
    item.title = f[1];
    if (item.title.empty() || !portal::v::line(120)(item.title))
        throw UsageError(where + ": the title must be one line of 1 to 120 characters");
    item.description = f[2];
    if (!portal::v::text(1000)(item.description))
        throw UsageError(where + ": the description must be text of at most 1000 characters");
    item.notes = f[3];
    if (!portal::v::text(2000)(item.notes))
        throw UsageError(where + ": the notes must be text of at most 2000 characters");
    item.labour_hours_centi = hundredths(f[4], 999);
    if (item.labour_hours_centi < 0)
        throw UsageError(where + ": labour hours '" + f[4] +
                         "' must be a number of hours such as 1.5 (at most two decimals)");
    item.labour_rate_minor = money(f[5], where + ": the labour rate");
    return item;
}

// Which item (1-based, among those given) a --part or --photo is for.
Item& item_for(std::vector<Item>& items, const std::string& number, const std::string& where) {
    if (!portal::v::integer(1, static_cast<long>(kMaxItems))(number) ||
        std::stoul(number) > items.size())
        throw UsageError(where + ": item " + number + " is not one of the " +
                         std::to_string(items.size()) + " --item given");
    return items[std::stoul(number) - 1];
}

std::vector<Item> parse_items(const Options& o) {
    std::vector<Item> items;
    for (const auto& value : o.all("item")) items.push_back(parse_item(value));
    if (items.empty()) throw UsageError("a quote needs at least one --item");
    if (items.size() > kMaxItems)
        throw UsageError("a quote has at most " + std::to_string(kMaxItems) + " items");
    for (const auto& value : o.all("part")) {
        std::vector<std::string> f = split(value, "part", 4, 4);
        std::string where = named("part", value);
        Item& item = item_for(items, f[0], where);
        Part part;
        part.name = f[1];
        if (part.name.empty() || !portal::v::line(120)(part.name))
            throw UsageError(where + ": the name must be one line of 1 to 120 characters");
        if (!portal::v::integer(1, 9999)(f[2]))
            throw UsageError(where + ": the quantity must be a whole number from 1 to 9999");
        part.quantity = std::stol(f[2]);
        part.unit_price_minor = money(f[3], where + ": the unit price");
        if (item.parts.size() == kMaxPartsPerItem)
            throw UsageError(where + ": an item has at most " + std::to_string(kMaxPartsPerItem) +
                             " parts");
        item.parts.push_back(part);
    }
    for (const auto& value : o.all("photo")) {
        std::vector<std::string> f = split(value, "photo", 2, 3);
        std::string where = named("photo", value);
        Item& item = item_for(items, f[0], where);
        Photo photo{f[1], f.size() > 2 ? f[2] : "", ""};
        if (!portal::v::line(200)(photo.caption))
            throw UsageError(where + ": the caption must be one line of at most 200 characters");
        // Refused now, before anything is written.
        read_photo(photo, where, portal::kTypeHeadBytes);
        if (item.photos.size() == kMaxPhotosPerItem)
            throw UsageError(where + ": an item has at most " + std::to_string(kMaxPhotosPerItem) +
                             " photos");
        item.photos.push_back(photo);
    }
    return items;
}

long vat_basis_points(const std::string& text) {
    long points = hundredths(text, 100);
    if (points < 0 || points > 10000)
        throw UsageError("--vat-rate must be a percentage from 0 to 100, such as 20 or 17.5");
    return points;
}

int add(Env& env, const Options& o) {
    no_arguments(o);
    std::string reference = job_reference(o.required("job"), "job");
    std::string technician = o.required("technician");
    if (!portal::v::line(80)(technician))
        throw UsageError("--technician must be one line of at most 80 characters");
    std::vector<Item> items = parse_items(o);
    long vat = o.has("vat-rate") ? vat_basis_points(o.get("vat-rate")) : 2000;
    size_t photo_count = 0;
    for (const Item& item : items) photo_count += item.photos.size();
    // The photos written for this quote, removed again unless it is committed; a missing files
    // directory is refused here, before anything is written.
    std::optional<portal::NewPrivateFiles> files;
    if (photo_count) files.emplace(env.config.files_dir);

    pqxx::work tx(env.db());
    GarageRef garage = find_garage(tx, o.required("garage"));
    JobRef job_row = find_open_job(tx, garage, reference);
    std::string expires = garage_time(tx, garage.id, "expires", o.get("expires", "7d"));
    if (!tx.exec_prepared1(kInFuture.name, expires)[0].as<bool>())
        throw UsageError("--expires must be in the future");

    // A quote past its expiry awaits nobody any more; the job's lock keeps this check and the
    // insert below together.
    pqxx::result expired = tx.exec_prepared(kExpireQuotes.name, garage.id, job_row.id);
    pqxx::result awaiting = tx.exec_prepared(kAwaitingQuotes.name, garage.id, job_row.id);
    if (!awaiting.empty() && !o.has("replace"))
        throw std::runtime_error("job " + reference + " already has quote " +
                                 awaiting[0][0].as<std::string>() +
                                 " awaiting the customer's decision; give --replace to withdraw "
                                 "it and send this one instead");
    portal::withdraw_awaiting_quotes(tx, garage.id, job_row.id);

    pqxx::row quote_row = tx.exec_prepared1(kAddQuote.name, garage.id, job_row.id, technician, vat,
                                            expires, garage.timezone);
    std::string quote_id = quote_row[0].as<std::string>();

    std::string dir = "quotes/" + std::to_string(garage.id) + "/" + quote_id;
    size_t part_count = 0;
    for (size_t i = 0; i < items.size(); ++i) {
        Item& item = items[i];
        long line_id = tx.exec_prepared1(kAddQuoteLine.name, quote_id, i + 1, item.category,
                                         item.title, item.description, item.notes,
                                         item.labour_hours_centi, item.labour_rate_minor)[0]
                           .as<long>();
        for (const Part& part : item.parts)
            tx.exec_prepared(kAddQuotePart.name, line_id, part.name, part.quantity,
                             part.unit_price_minor);
        part_count += item.parts.size();
        for (size_t n = 0; n < item.photos.size(); ++n) {
            Photo& photo = item.photos[n];
            // Checked again as copied: what is stored is what was checked.
            std::string bytes = read_photo(photo, named("photo", photo.source), kMaxPhotoBytes + 1);
            std::string path = dir + "/" + std::to_string(i + 1) + "-" + std::to_string(n + 1) +
                               "." + photo.extension;
            files->write(path, bytes);
            tx.exec_prepared(kAddQuotePhoto.name, line_id, path, photo.caption, n + 1);
        }
    }
    std::optional<portal::Notice> told;
    if (!o.has("quiet"))
        told = portal::announce_quote(tx, env.config, garage, job_row.id, std::stol(quote_id));
    try {
        tx.commit();
    } catch (const pqxx::in_doubt_error&) {
        if (files) files->keep();  // the quote may well exist: keep the photos it names
        throw;
    }
    if (files) files->keep();
    for (const auto& row : expired)
        std::cout << "quote " << row[0].c_str() << " on job " << reference
                  << " had expired; marked expired\n";
    for (const auto& row : awaiting)
        std::cout << "withdrew quote " << row[0].c_str() << " on job " << reference
                  << " (replaced)\n";
    std::cout << "added quote " << quote_id << " to job " << reference << ": " << items.size()
              << (items.size() == 1 ? " item, " : " items, ") << part_count
              << (part_count == 1 ? " part, " : " parts, ") << photo_count
              << (photo_count == 1 ? " photo" : " photos") << "; expires "
              << quote_row[1].as<std::string>() << " (" << garage.timezone << ")\n";
    std::cout << "page /quotes/" << quote_id << "\n";
    if (told) print_notice(*told);
    return 0;
}

int withdraw(Env& env, const Options& o) {
    no_arguments(o);
    std::string id = o.required("quote");
    if (!portal::v::integer(1, 999999999999999)(id))
        throw UsageError("--quote must be a quote number, as quote add printed it");
    pqxx::work tx(env.db());
    GarageRef garage = find_garage(tx, o.required("garage"));
    pqxx::result r = tx.exec_prepared(kQuoteToWithdraw.name, garage.id, id);
    if (r.empty()) throw UsageError("garage " + garage.subdomain + " has no quote " + id);
    std::string status = r[0][0].as<std::string>();
    if (status != "awaiting")
        throw std::runtime_error("quote " + id + " is " + status +
                                 "; only a quote awaiting the customer's decision can be "
                                 "withdrawn");
    if (!portal::withdraw_quote(tx, garage.id, std::stol(id)))
        throw std::logic_error("quote was not awaiting a decision");  // locked above
    tx.commit();
    std::cout << "withdrew quote " << id << " on job " << r[0][1].c_str() << "\n";
    return 0;
}

}  // namespace

int quote(Env& env, const std::vector<std::string>& args) {
    return run_subcommand(
        env, args, kUsage,
        {
            {"add",
             add,
             {"garage", "job", "technician", "item", "part", "photo", "expires", "vat-rate"},
             {"item", "part", "photo"},
             {"replace", "quiet"}},
            {"withdraw", withdraw, {"garage", "quote"}},
        });
}

}  // namespace portalctl
