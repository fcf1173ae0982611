// portalctl vehicle, job and quote: what they store, the files they copy, and refusals.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <fstream>
#include <random>
#include <regex>
#include <sstream>

#include "fixtures.h"

using namespace itest;

namespace {

// Runs portalctl and requires it to succeed; returns what it printed.
std::string ok(const std::string& args) {
    int status = -1;
    std::string out = portalctl(args, &status);
    BOOST_TEST_REQUIRE(status == 0, "portalctl " << args << "\n" << out);
    return out;
}

// Different in each run, so the tests pass again against a stack they ran on before.
const std::string& run_id() {
    static const std::string id = std::to_string(std::random_device{}() % 1000000);
    return id;
}

// A garage of this run only (Europe/London): the demo garages' jobs stay as the page tests
// expect them.
const std::string& garage() {
    static const std::string sub = [] {
        std::string s = "jobs" + run_id();
        ok("garage add --subdomain " + s +
           " --name 'Jobs Test Garage' --colour '#0B6E4F' "
           "--email hello@jobs.example --timezone Europe/London");
        return s;
    }();
    return sub;
}

std::string garage_id() {
    return sql("SELECT id FROM garages WHERE subdomain = '" + garage() + "'");
}

// A new customer of the test garage; returns the email address.
std::string customer(const std::string& name) {
    std::string email = name + run_id() + "@example.com";
    ok("customer add --garage " + garage() + " --email " + email + " --first-name " + name +
       " --last-name Tester");
    return email;
}

std::string first_match(const std::string& text, const std::string& pattern) {
    std::smatch m;
    std::regex re(pattern);
    return std::regex_search(text, m, re) ? m[1].str() : "";
}

// Books a pending job on a new Ford Fiesta of `email`; returns its reference.
std::string book_job(const std::string& email, const std::string& registration = "AB12 CDE") {
    std::string out =
        ok("job add --garage " + garage() + " --customer " + email + " --registration '" +
           registration + "' --make Ford --model Fiesta --description 'Full service'");
    std::string reference = first_match(out, "added job (WO-[A-Z0-9-]+)");
    BOOST_TEST_REQUIRE(!reference.empty(), out);
    return reference;
}

std::string job_sql(const std::string& reference, const std::string& columns) {
    return sql("SELECT " + columns + " FROM work_orders WHERE garage_id = " + garage_id() +
               " AND reference = '" + reference + "'");
}

std::string photo_dir() {
    static const std::string dir = [] {
        std::string d = stack_dir() + "/photos-" + run_id();
        shell("mkdir -p '" + d + "'");
        return d;
    }();
    return dir;
}

// Writes `bytes` to a file of the photo directory; returns its path.
std::string photo_file(const std::string& name, const std::string& bytes) {
    std::string path = photo_dir() + "/" + name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

int mode_of(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 07777) : -1;
}

// Small files that begin as real images do (NUL bytes included, to prove an exact copy).
const std::string kPng = std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x01", 20) + "png body";
const std::string kJpeg = std::string("\xFF\xD8\xFF\xE0\0\x10JFIF\0", 11) + "jpeg body\xFF\xD9";
const std::string kWebp = std::string("RIFF\x1A\0\0\0WEBPVP8 ", 16) + "webp body";

size_t files_under(const std::string& dir) {
    std::string out = shell("find '" + dir + "' -type f 2>/dev/null | wc -l");
    return std::stoul(out);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(portalctl_jobs)

BOOST_AUTO_TEST_CASE(every_vehicle_job_and_quote_command_has_help) {
    for (const char* cmd : {"vehicle --help", "vehicle add --help", "job --help", "job add --help",
                            "job set-status --help", "job close --help", "job list --help",
                            "quote --help", "quote add --help", "quote withdraw --help"}) {
        BOOST_TEST_CONTEXT(cmd) {
            int status = -1;
            std::string out = portalctl(cmd, &status);
            BOOST_TEST(status == 0);
            std::string command = std::string(cmd).substr(0, std::string(cmd).find(' '));
            BOOST_TEST(out.find("usage: portalctl " + command) != std::string::npos, out);
        }
    }
    int status = -1;
    std::string out = portalctl("--help", &status);
    for (const char* listed :
         {"vehicle add|list", "job add|set-status|close|list", "quote add|withdraw"})
        BOOST_TEST(out.find(listed) != std::string::npos, listed);
    out = portalctl("job", &status);
    BOOST_TEST(status == 2);
    BOOST_TEST(out.find("usage: portalctl job add") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(vehicle_add_stores_the_registration_tidied_and_refuses_it_twice) {
    std::string email = customer("vera");
    std::string out = ok("vehicle add --garage " + garage() + " --customer " + email +
                         " --registration ' ab12  cde ' --make Ford --model Fiesta --colour Blue "
                         "--year 2012 --vin wf0dxxgakdca12345");
    std::string id = first_match(out, "added vehicle ([0-9]+) AB12 CDE \\(Ford Fiesta\\) for ");
    BOOST_TEST_REQUIRE(!id.empty(), out);
    BOOST_TEST(sql("SELECT registration || '|' || make || '|' || model || '|' || colour || '|' || "
                   "year || '|' || vin FROM vehicles WHERE garage_id = " +
                   garage_id() + " AND id = " + id) ==
               "AB12 CDE|Ford|Fiesta|Blue|2012|WF0DXXGAKDCA12345");

    int status = -1;
    out = portalctl(
        "vehicle add --garage " + garage() + " --customer " + email + " --registration AB12cde",
        &status);
    BOOST_TEST(status == 1);
    BOOST_TEST(
        out.find("already has vehicle " + id + " with registration AB12 CDE") != std::string::npos,
        out);

    out = ok("vehicle list --garage " + garage() + " --customer " + email);
    BOOST_TEST(out.find("AB12 CDE") != std::string::npos, out);
    BOOST_TEST(out.find("Ford Fiesta") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(job_add_books_an_active_job_with_a_generated_reference_and_first_history_row) {
    std::string email = customer("jack");
    std::string out = ok("job add --garage " + garage() + " --customer " + email +
                         " --registration 'LK68 VAN' --make Ford --model 'Transit Custom' "
                         "--colour White --description 'Clutch slipping; replace the clutch' "
                         "--technician Dave");
    std::string reference = first_match(out, "added job (WO-[A-Z0-9-]+) for ");
    BOOST_TEST_REQUIRE(!reference.empty(), out);
    BOOST_TEST(std::regex_match(reference, std::regex("^WO-[A-Z]+-[0-9]{4}$")), reference);
    BOOST_TEST(out.find("added vehicle ") != std::string::npos, out);  // it was new
    BOOST_TEST(out.find("/jobs/" + reference) != std::string::npos, out);

    BOOST_TEST(job_sql(reference,
                       "status || '|' || status_message || '|' || description || '|' ||"
                       " technician_name || '|' || (closed_at IS NULL)") ==
               "pending|Booking received|Clutch slipping; replace the clutch|Dave|true");
    BOOST_TEST(sql("SELECT count(*) FROM work_orders w JOIN customers c ON c.id = w.customer_id"
                   " WHERE c.email = '" +
                   email + "' AND w.closed_at IS NULL") == "1");
    std::string id = job_sql(reference, "id");
    BOOST_TEST(sql("SELECT string_agg(status || '|' || status_message, ',') FROM "
                   "work_order_status_history WHERE work_order_id = " +
                   id) == "pending|Booking received");
    BOOST_TEST(job_sql(reference,
                       "(SELECT registration || ' ' || make || ' ' || model FROM "
                       "vehicles v WHERE v.id = vehicle_id)") == "LK68 VAN Ford Transit Custom");

    out = ok("job list --garage " + garage() + " --customer " + email);
    BOOST_TEST(out.find(reference) != std::string::npos, out);
    BOOST_TEST(out.find("active") != std::string::npos, out);

    // A status given at booking brings its own plain message.
    out = ok("job add --garage " + garage() + " --customer " + email +
             " --registration 'LK68 VAN' --description 'MOT' --status scheduled");
    std::string second = first_match(out, "added job (WO-[A-Z0-9-]+)");
    BOOST_TEST(job_sql(second, "status || '|' || status_message") == "scheduled|Booked in");
}

BOOST_AUTO_TEST_CASE(job_add_reuses_the_customers_vehicle_ignoring_case_and_spaces) {
    std::string email = customer("rita");
    std::string out = ok("vehicle add --garage " + garage() + " --customer " + email +
                         " --registration 'CA17 MNO' --make MINI --model Cooper");
    std::string vehicle_id = first_match(out, "added vehicle ([0-9]+)");
    std::string count_vehicles =
        "SELECT count(*) FROM vehicles v JOIN customers c ON c.id = "
        "v.customer_id WHERE c.email = '" +
        email + "'";
    std::string count_jobs =
        "SELECT count(*) FROM work_orders w JOIN customers c ON c.id = "
        "w.customer_id WHERE c.email = '" +
        email + "'";

    out = ok("job add --garage " + garage() + " --customer " + email +
             " --registration ca17mno --description 'Air conditioning not cold'");
    BOOST_TEST(out.find("using vehicle " + vehicle_id + " CA17 MNO") != std::string::npos, out);
    std::string reference = first_match(out, "added job (WO-[A-Z0-9-]+)");
    BOOST_TEST(job_sql(reference, "vehicle_id") == vehicle_id);
    BOOST_TEST(sql(count_vehicles) == "1");

    // An unknown registration without --make and --model is refused, and nothing is added.
    int status = -1;
    out = portalctl("job add --garage " + garage() + " --customer " + email +
                        " --registration 'ZZ99 ZZZ' --description 'Service'",
                    &status);
    BOOST_TEST(status == 2);
    BOOST_TEST(out.find("has no vehicle ZZ99 ZZZ; give --make and --model") != std::string::npos,
               out);
    BOOST_TEST(sql(count_vehicles) == "1");
    BOOST_TEST(sql(count_jobs) == "1");

    // With them, the vehicle is added with the job.
    out = ok("job add --garage " + garage() + " --customer " + email +
             " --registration 'zz99 zzz' --make Toyota --model Yaris --description 'Service'");
    BOOST_TEST(out.find("added vehicle ") != std::string::npos, out);
    BOOST_TEST(sql(count_vehicles) == "2");
    BOOST_TEST(sql(count_jobs) == "2");
}

BOOST_AUTO_TEST_CASE(times_are_read_in_the_garages_time_zone) {
    std::string email = customer("tim");
    // 1 July: London is on summer time (UTC+1), so 09:00 there is 08:00 UTC.
    std::string out = ok("job add --garage " + garage() + " --customer " + email +
                         " --registration 'DN20 KLP' --make Toyota --model Yaris --description "
                         "Service --appointment '2026-07-01 09:00' --ready '+2h'");
    std::string reference = first_match(out, "added job (WO-[A-Z0-9-]+)");
    BOOST_TEST(
        job_sql(reference, "to_char(appointment_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')") ==
        "2026-07-01 08:00");
    BOOST_TEST(job_sql(reference,
                       "estimated_ready_at BETWEEN now() + interval '119 minutes' AND "
                       "now() + interval '121 minutes'") == "t");

    ok("job set-status --garage " + garage() + " --job " + reference +
       " --status in_progress --ready 'tomorrow 16:30'");
    BOOST_TEST(job_sql(reference,
                       "to_char(estimated_ready_at AT TIME ZONE 'Europe/London', "
                       "'HH24:MI') || ' ' || ((estimated_ready_at AT TIME ZONE "
                       "'Europe/London')::date = (now() AT TIME ZONE "
                       "'Europe/London')::date + 1)") == "16:30 true");
}

BOOST_AUTO_TEST_CASE(set_status_changes_the_status_and_appends_to_the_history) {
    std::string email = customer("sam");
    std::string reference = book_job(email);
    std::string id = job_sql(reference, "id");
    std::string history =
        "SELECT string_agg(status || '|' || status_message || '|' || "
        "coalesce(note, '-'), ',' ORDER BY id) FROM work_order_status_history "
        "WHERE work_order_id = " +
        id;

    std::string out = ok("job set-status --garage " + garage() + " --job " + reference +
                         " --status in_progress --note 'On the ramp with Dave'");
    BOOST_TEST(out.find("job " + reference + ": in_progress \"Work in progress\" (was pending)") !=
                   std::string::npos,
               out);
    BOOST_TEST(job_sql(reference, "status || '|' || status_message") ==
               "in_progress|Work in progress");

    // References are read in any case.
    std::string lower = reference;
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    ok("job set-status --garage " + garage() + " --job " + lower +
       " --status awaiting_parts --message 'Waiting for the flywheel – due Thursday'");
    BOOST_TEST(job_sql(reference, "status || '|' || status_message") ==
               "awaiting_parts|Waiting for the flywheel – due Thursday");
    ok("job set-status --garage " + garage() + " --job " + reference + " --status complete");
    BOOST_TEST(sql(history) ==
               "pending|Booking received|-,"
               "in_progress|Work in progress|On the ramp with Dave,"
               "awaiting_parts|Waiting for the flywheel – due Thursday|-,"
               "complete|Work complete – your car is ready to collect|-");
    BOOST_TEST(job_sql(reference, "closed_at IS NULL") == "t");  // complete stays until collected
}

BOOST_AUTO_TEST_CASE(close_takes_the_job_off_the_active_list_and_refuses_later_changes) {
    std::string email = customer("cole");
    std::string reference = book_job(email);
    std::string out = ok("quote add --garage " + garage() + " --job " + reference +
                         " --technician Dave --item 'safety|Wiper blades|||0.2|60'");
    std::string quote_id = first_match(out, "added quote ([0-9]+)");
    ok("job set-status --garage " + garage() + " --job " + reference + " --status complete");

    out = ok("job close --garage " + garage() + " --job " + reference);
    BOOST_TEST(out.find("closed job " + reference) != std::string::npos, out);
    BOOST_TEST(out.find("withdrew its awaiting quote " + quote_id) != std::string::npos, out);
    BOOST_TEST(job_sql(reference, "closed_at IS NOT NULL") == "t");
    BOOST_TEST(sql("SELECT status FROM quotes WHERE id = " + quote_id) == "withdrawn");
    BOOST_TEST(sql("SELECT count(*) FROM work_orders w JOIN customers c ON c.id = w.customer_id"
                   " WHERE c.email = '" +
                   email + "' AND w.closed_at IS NULL") == "0");
    out = ok("job list --garage " + garage() + " --customer " + email);
    BOOST_TEST(out.find("closed") != std::string::npos, out);

    std::string history = "SELECT count(*) FROM work_order_status_history WHERE work_order_id = " +
                          job_sql(reference, "id");
    std::string before = sql(history);
    for (std::string args :
         {"job set-status --garage " + garage() + " --job " + reference + " --status ready",
          "job close --garage " + garage() + " --job " + reference,
          "quote add --garage " + garage() + " --job " + reference +
              " --technician Dave --item 'safety|Brakes|||1|78'"}) {
        BOOST_TEST_CONTEXT(args) {
            int status = -1;
            out = portalctl(args, &status);
            BOOST_TEST(status == 1);
            BOOST_TEST(out.find("job " + reference + " was closed on ") != std::string::npos, out);
            BOOST_TEST(out.find("can no longer change") != std::string::npos, out);
        }
    }
    BOOST_TEST(job_sql(reference, "status") == "complete");
    BOOST_TEST(sql(history) == before);
    BOOST_TEST(sql("SELECT count(*) FROM quotes WHERE work_order_id = " +
                   job_sql(reference, "id")) == "1");
}

BOOST_AUTO_TEST_CASE(quote_add_stores_items_parts_in_minor_units_and_copies_photos) {
    std::string email = customer("quinn");
    std::string reference = book_job(email);
    std::string png = photo_file("pads.png", kPng);
    std::string jpeg = photo_file("disc.photo", kJpeg);  // the type comes from the bytes
    std::string webp = photo_file("condenser.webp", kWebp);
    std::string out = ok(
        "quote add --garage " + garage() + " --job " + reference +
        " --technician Dave --vat-rate 17.5 --expires 3d"
        " --item 'safety|Front brake pads and discs|Replace the front pads and discs|Pads worn to"
        " 2 mm|1.5|78.00'"
        " --item 'recommended|Brake fluid change|Drain and replace the brake fluid||0.5|78'"
        " --item 'optional|Air conditioning re-gas|||1|65.5'"
        " --part '1|Front brake discs (pair)|1|68.50' --part '1|Front brake pad set|1|34.95'"
        " --part '2|DOT 4 brake fluid, 1 litre|2|12'"
        " --photo '1|" +
        png + "|Worn front pads' --photo '1|" + jpeg + "' --photo '3|" + webp + "|Condenser'");
    std::string quote_id = first_match(out, "added quote ([0-9]+) to job " + reference);
    BOOST_TEST_REQUIRE(!quote_id.empty(), out);
    BOOST_TEST(out.find("3 items, 3 parts, 3 photos") != std::string::npos, out);
    BOOST_TEST(out.find("/quotes/" + quote_id) != std::string::npos, out);

    BOOST_TEST(
        sql("SELECT q.status || '|' || q.technician_name || '|' || vat_rate_basis_points || '|'"
            " || (q.expires_at BETWEEN now() + interval '71 hours 59 minutes' AND now() + "
            "interval '72 hours 1 minute') || '|' || (q.work_order_id = w.id)"
            " FROM quotes q JOIN work_orders w ON w.reference = '" +
            reference + "' AND w.garage_id = q.garage_id WHERE q.id = " + quote_id) ==
        "awaiting|Dave|1750|true|true");
    BOOST_TEST(sql("SELECT string_agg(position || '|' || category || '|' || title || '|' || "
                   "coalesce(description, '-') || '|' || coalesce(technician_notes, '-') || '|' "
                   "|| labour_hours_centi || '|' || labour_rate_minor, ',' ORDER BY position) "
                   "FROM quote_lines WHERE quote_id = " +
                   quote_id) ==
               "1|safety|Front brake pads and discs|Replace the front pads and discs|Pads worn "
               "to 2 mm|150|7800,"
               "2|recommended|Brake fluid change|Drain and replace the brake fluid|-|50|7800,"
               "3|optional|Air conditioning re-gas|-|-|100|6550");
    BOOST_TEST(sql("SELECT string_agg(l.position || '|' || p.name || '|' || p.quantity || '|' || "
                   "p.unit_price_minor, ',' ORDER BY p.id) FROM quote_line_parts p JOIN "
                   "quote_lines l ON l.id = p.quote_line_id WHERE l.quote_id = " +
                   quote_id) ==
               "1|Front brake discs (pair)|1|6850,1|Front brake pad set|1|3495,"
               "2|DOT 4 brake fluid, 1 litre|2|1200");

    std::string dir = "quotes/" + garage_id() + "/" + quote_id;
    BOOST_TEST(sql("SELECT string_agg(l.position || '|' || f.position || '|' || f.file_path || "
                   "'|' || coalesce(f.caption, '-'), ',' ORDER BY l.position, f.position) FROM "
                   "quote_line_photos f JOIN quote_lines l ON l.id = f.quote_line_id WHERE "
                   "l.quote_id = " +
                   quote_id) == "1|1|" + dir + "/1-1.png|Worn front pads,1|2|" + dir +
                                    "/1-2.jpg|-,3|1|" + dir + "/3-1.webp|Condenser");
    std::string files = stack_dir() + "/files/";
    struct Copy {
        std::string path, bytes;
    } copies[] = {{dir + "/1-1.png", kPng}, {dir + "/1-2.jpg", kJpeg}, {dir + "/3-1.webp", kWebp}};
    for (const auto& c : copies) {
        BOOST_TEST_CONTEXT(c.path) {
            BOOST_TEST((read_file(files + c.path) == c.bytes));
            BOOST_TEST(mode_of(files + c.path) == 0640);  // private (security review, 9)
        }
    }
    BOOST_TEST(mode_of(files + dir) == 0750);
    BOOST_TEST(files_under(files + dir) == 3u);
}

BOOST_AUTO_TEST_CASE(a_job_has_at_most_one_awaiting_quote_and_replace_withdraws_the_old_one) {
    std::string email = customer("ada");
    std::string reference = book_job(email);
    std::string add = "quote add --garage " + garage() + " --job " + reference +
                      " --technician Dave --item 'safety|Front tyres|Two new front tyres||0.5|"
                      "78'";
    std::string first = first_match(ok(add), "added quote ([0-9]+)");

    int status = -1;
    std::string out = portalctl(add, &status);
    BOOST_TEST(status == 1);
    BOOST_TEST(out.find("job " + reference + " already has quote " + first +
                        " awaiting the customer's decision; give --replace") != std::string::npos,
               out);
    std::string statuses =
        "SELECT string_agg(id || ':' || status, ',' ORDER BY id) FROM quotes "
        "WHERE work_order_id = " +
        job_sql(reference, "id");
    BOOST_TEST(sql(statuses) == first + ":awaiting");

    out = ok(add + " --replace");
    std::string second = first_match(out, "added quote ([0-9]+)");
    BOOST_TEST(out.find("withdrew quote " + first) != std::string::npos, out);
    BOOST_TEST(sql(statuses) == first + ":withdrawn," + second + ":awaiting");

    out = ok("quote withdraw --garage " + garage() + " --quote " + second);
    BOOST_TEST(out.find("withdrew quote " + second + " on job " + reference) != std::string::npos,
               out);
    BOOST_TEST(sql(statuses) == first + ":withdrawn," + second + ":withdrawn");
    out = portalctl("quote withdraw --garage " + garage() + " --quote " + second, &status);
    BOOST_TEST(status == 1);
    BOOST_TEST(
        out.find("quote " + second + " is withdrawn; only a quote awaiting") != std::string::npos,
        out);

    // With none awaiting, a new quote needs no --replace.
    std::string third = first_match(ok(add), "added quote ([0-9]+)");
    BOOST_TEST(sql(statuses) ==
               first + ":withdrawn," + second + ":withdrawn," + third + ":awaiting");

    // A quote past its expiry awaits nobody: it is marked expired, and no --replace is needed.
    sql("UPDATE quotes SET expires_at = now() - interval '1 minute' WHERE id = " + third);
    out = ok(add);
    std::string fourth = first_match(out, "added quote ([0-9]+)");
    BOOST_TEST(
        out.find("quote " + third + " on job " + reference + " had expired") != std::string::npos,
        out);
    BOOST_TEST(sql(statuses) == first + ":withdrawn," + second + ":withdrawn," + third +
                                    ":expired," + fourth + ":awaiting");
}

BOOST_AUTO_TEST_CASE(a_photo_that_is_not_an_image_is_refused_and_leaves_no_rows_or_files) {
    std::string email = customer("nina");
    std::string reference = book_job(email);
    std::string good = photo_file("good.png", kPng);
    std::string text = photo_file("fake.jpg", "this is not a photo, whatever its name says\n");
    std::string html = photo_file("fake.png", "<html><body>hi</body></html>");
    std::string big = photo_file("big.png", kPng);
    shell("truncate -s 10485761 '" + big + "'");  // 10 MB and one byte
    std::string files = stack_dir() + "/files/quotes/" + garage_id();
    size_t files_before = files_under(files);
    std::string quotes =
        "SELECT count(*) FROM quotes WHERE work_order_id = " + job_sql(reference, "id");
    struct Case {
        std::string photo, says;
    } cases[] = {
        {text, "fake.jpg is not a JPEG, PNG or WebP image"},
        {html, "fake.png is not a JPEG, PNG or WebP image"},
        {big, "big.png is larger than 10 MB"},
        {photo_dir(), "is not a readable file"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.photo) {
            int status = -1;
            // The good photo of item 1 is not written either.
            std::string out = portalctl("quote add --garage " + garage() + " --job " + reference +
                                            " --technician Dave --item 'safety|Brakes|||1|78'"
                                            " --item 'optional|Wipers|||0.2|78' --photo '1|" +
                                            good + "|Pads' --photo '2|" + c.photo + "|Wipers'",
                                        &status);
            BOOST_TEST(status == 2);
            BOOST_TEST(out.find(c.says) != std::string::npos, out);
            BOOST_TEST(sql(quotes) == "0");
            BOOST_TEST(files_under(files) == files_before);
        }
    }
}

BOOST_AUTO_TEST_CASE(bad_input_is_refused_with_a_clear_message_and_exit_status) {
    std::string email = customer("bea");
    std::string job = book_job(email, "BE11 AAA");
    std::string g = garage();
    std::string quote = "quote add --garage " + g + " --job " + job + " --technician Dave ";
    std::string item = " --item 'safety|Brakes|||1|78'";
    std::string add_job = "job add --garage " + g + " --customer " + email +
                          " --registration 'BE11 AAA' --description Service ";
    std::string thirty_one;
    for (int i = 0; i < 31; ++i) thirty_one += item;
    std::string smiths_quote =
        sql("SELECT min(q.id) FROM quotes q JOIN garages g ON g.id = q.garage_id WHERE "
            "g.subdomain = 'smiths'");
    std::string smiths_quote_status = "SELECT status FROM quotes WHERE id = " + smiths_quote;
    std::string smiths_status_before = sql(smiths_quote_status);

    struct Case {
        std::string args;
        int status;
        std::string says;
    } cases[] = {
        {"job frobnicate", 2, "unknown subcommand 'frobnicate'"},
        {"job set-status --garage " + g + " --job " + job + " --status finished", 2,
         "--status must be one of pending, scheduled, in_progress, awaiting_parts, ready, "
         "complete"},
        {add_job + "--status done", 2, "--status must be one of"},
        {"job add --garage " + g + " --customer " + email + " --registration 'BE11 AAA'", 2,
         "--description is required"},
        {add_job + "--reference 'WO-bad ref'", 2,
         "--reference must be a job reference such as WO-TANGO-1234"},
        {add_job + "--reference " + job, 1, "already has a job " + job},
        {add_job + "--appointment 'next tuesday'", 2, "--appointment must be a time such as"},
        {add_job + "--appointment '2026-02-30 10:00'", 2, "--appointment must be a time"},
        {add_job + "--message ''", 2, "--message must be one line"},
        {add_job + "--shoe 9", 2, "unknown option --shoe"},
        {"job add --garage nosuch" + run_id() + " --customer " + email +
             " --registration X1 --description Service",
         2, "no garage with subdomain nosuch"},
        {"job set-status --garage " + g + " --job WO-NOSUCH-0000 --status ready", 2,
         "garage " + g + " has no job WO-NOSUCH-0000"},
        {"job set-status --garage " + g + " --job 'no such job' --status ready", 2,
         "--job must be a job reference"},
        // Another garage's job is unknown here, not merely forbidden.
        {"job close --garage " + g + " --job WO-TANGO-1234", 2,
         "garage " + g + " has no job WO-TANGO-1234"},
        {"quote add --garage " + g + " --job WO-TANGO-1234 --technician Dave" + item, 2,
         "garage " + g + " has no job WO-TANGO-1234"},
        {"quote withdraw --garage " + g + " --quote " + smiths_quote, 2,
         "garage " + g + " has no quote " + smiths_quote},
        {quote + "--item 'urgent|Brakes|||1|78.00'", 2,
         "the category must be safety, recommended or optional"},
        {quote + "--item 'safety|Brakes|||1|12.345'", 2,
         "the labour rate '12.345' must be an amount such as 78.00"},
        {quote + "--item 'safety|Brakes|||1|-5'", 2, "the labour rate '-5' must be an amount"},
        {quote + "--item 'safety|Brakes|||1|1e3'", 2, "the labour rate '1e3' must be an amount"},
        {quote + "--item 'safety|Brakes|||1.255|78'", 2,
         "labour hours '1.255' must be a number of hours"},
        {quote + "--item 'safety||||1|78'", 2, "the title must be one line"},
        {quote + "--item 'safety|Brakes|1|78'", 2, "must have 6 fields separated by |"},
        {quote, 2, "a quote needs at least one --item"},
        {quote + thirty_one, 2, "a quote has at most 30 items"},
        {quote + item + " --part '2|Pads|1|10'", 2, "item 2 is not one of the 1 --item given"},
        {quote + item + " --part '1|Pads|0|10'", 2, "the quantity must be a whole number"},
        {quote + item + " --part '1|Pads|1|10.999'", 2,
         "the unit price '10.999' must be an amount"},
        {quote + item + " --vat-rate 120", 2, "--vat-rate must be a percentage from 0 to 100"},
        {quote + item + " --expires '2020-01-01 10:00'", 2, "--expires must be in the future"},
        {quote + item + " --expires soon", 2, "--expires must be a time such as"},
        {quote + item + " --photo '1|/nonexistent/photo.jpg'", 2, "is not a readable file"},
        {quote + item + " --replace yes", 2, "unexpected argument 'yes'"},
        {"quote add --garage " + g + " --job " + job + item, 2, "--technician is required"},
        {"quote withdraw --garage " + g + " --quote abc", 2, "--quote must be a quote number"},
        {"quote withdraw --garage " + g + " --quote 999999999", 2,
         "garage " + g + " has no quote 999999999"},
        {"vehicle add --garage " + g + " --customer " + email + " --registration 'AB12 CDE!'", 2,
         "--registration must be letters, digits, spaces and hyphens"},
        {"vehicle add --garage " + g + " --customer " + email + " --registration X1 --year 1700", 2,
         "--year must be a year from 1886 to 2100"},
        {"vehicle add --garage " + g + " --customer nobody" + run_id() +
             "@example.com --registration X1",
         2, "this garage has no customer nobody"},
        {"vehicle add --garage " + g + " --customer " + email + " --registration X1 --vin 'V!N'", 2,
         "--vin must be 5 to 17 letters and digits"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.args) {
            int status = -1;
            std::string out = portalctl(c.args, &status);
            BOOST_TEST(status == c.status);
            BOOST_TEST(out.find(c.says) != std::string::npos, "output was: " << out);
        }
    }
    // Nothing was added or changed by any of them.
    BOOST_TEST(sql("SELECT count(*) FROM quotes WHERE work_order_id = " + job_sql(job, "id")) ==
               "0");
    BOOST_TEST(sql("SELECT count(*) FROM work_orders w JOIN customers c ON c.id = w.customer_id"
                   " WHERE c.email = '" +
                   email + "'") == "1");
    BOOST_TEST(job_sql(job, "status || '|' || (closed_at IS NULL)") == "pending|true");
    BOOST_TEST(sql(smiths_quote_status) == smiths_status_before);
    BOOST_TEST(job_sql("WO-TANGO-1234", "count(*)") == "0");  // still not ours
}

BOOST_AUTO_TEST_SUITE_END()
