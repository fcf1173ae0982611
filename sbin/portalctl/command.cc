// portalctl: shared pieces of the sysadmin commands (argument parsing, config, connection).
#include "command.h"

#include <sys/stat.h>

#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>

#include "brand.h"
#include "customers.h"
#include "db.h"
#include "email_address.h"
#include "images.h"

namespace portalctl {

namespace {

const portal::Statement kLocalTime{
    "portalctl_local_time",
    "SELECT ($2::timestamp AT TIME ZONE timezone)::text FROM garages WHERE id = $1"};
const portal::Statement kLocalDayTime{
    "portalctl_local_day_time",
    "SELECT (((now() AT TIME ZONE timezone)::date + $2::int + $3::time)"
    " AT TIME ZONE timezone)::text FROM garages WHERE id = $1"};
const portal::Statement kFromNow{"portalctl_from_now",
                                 "SELECT (now() + make_interval(mins => $1::int))::text"};

}  // namespace

Options::Options(const std::vector<std::string>& args, const std::set<std::string>& allowed,
                 const std::set<std::string>& repeatable, const std::set<std::string>& flags) {
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.rfind("--", 0) != 0) {
            positional_.push_back(a);
            continue;
        }
        std::string name = a.substr(2);
        if (!allowed.count(name) && !flags.count(name))
            throw UsageError("unknown option --" + name);
        if (values_.count(name) && !repeatable.count(name))
            throw UsageError("--" + name + " given twice");
        if (flags.count(name)) {
            values_.emplace(name, "");
            continue;
        }
        if (i + 1 >= args.size()) throw UsageError("--" + name + " needs a value");
        values_.emplace(name, args[++i]);
    }
}

std::string Options::get(const std::string& name, const std::string& fallback) const {
    auto it = values_.find(name);
    return it == values_.end() ? fallback : it->second;
}

std::string Options::required(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end() || it->second.empty()) throw UsageError("--" + name + " is required");
    return it->second;
}

std::vector<std::string> Options::all(const std::string& name) const {
    std::vector<std::string> out;
    auto range = values_.equal_range(name);
    for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
    return out;
}

pqxx::connection& Env::db() {
    if (!conn_) {
        conn_ = std::make_unique<pqxx::connection>(config.db);
        portal::prepare_statements(*conn_);  // the library's own queries (tokens, outbox)
    }
    return *conn_;
}

bool wants_help(const std::vector<std::string>& args) {
    for (const auto& a : args)
        if (a == "--help" || a == "-h") return true;
    return false;
}

int run_subcommand(Env& env, const std::vector<std::string>& args, const std::string& usage,
                   const std::vector<Subcommand>& subcommands) {
    if (args.empty() || wants_help(args)) {
        std::cout << usage;
        return args.empty() ? 2 : 0;
    }
    std::vector<std::string> rest(args.begin() + 1, args.end());
    for (const Subcommand& sub : subcommands)
        if (args[0] == sub.name)
            return sub.run(env, Options(rest, sub.options, sub.repeatable, sub.flags));
    throw UsageError("unknown subcommand '" + args[0] + "'");
}

void no_arguments(const Options& o) {
    if (!o.positional().empty())
        throw UsageError("unexpected argument '" + o.positional()[0] + "'");
}

GarageRef find_garage(pqxx::transaction_base& tx, const std::string& subdomain) {
    std::optional<portal::Garage> garage = portal::garage_by_subdomain(tx, subdomain);
    if (!garage) throw UsageError("no garage with subdomain " + subdomain);
    return *garage;
}

long find_customer(pqxx::transaction_base& tx, long garage_id, const std::string& email) {
    std::optional<portal::CustomerAccount> account =
        portal::customer_by_email(tx, garage_id, portal::canonical_email(email).value_or(""));
    if (!account) throw UsageError("this garage has no customer " + email);
    return account->id;
}

std::string garage_time(pqxx::transaction_base& tx, long garage_id, const std::string& option,
                        const std::string& when) {
    static const std::regex absolute("^([0-9]{4}-[0-9]{2}-[0-9]{2})[ T]([0-9]{1,2}:[0-9]{2})$");
    static const std::regex day("^(today|tomorrow) ([0-9]{1,2}:[0-9]{2})$");
    static const std::regex from_now("^\\+?([1-9][0-9]{0,3})([mhd])$");
    const std::string wrong = "--" + option +
                              " must be a time such as '2026-11-26 16:00', 'tomorrow 08:30' "
                              "or '+2h' (the garage's local time)";
    std::smatch m;
    pqxx::result r;
    try {
        if (std::regex_match(when, m, absolute)) {
            r = tx.exec_prepared(kLocalTime.name, garage_id, m[1].str() + " " + m[2].str());
        } else if (std::regex_match(when, m, day)) {
            r = tx.exec_prepared(kLocalDayTime.name, garage_id, m[1] == "tomorrow" ? 1 : 0,
                                 m[2].str());
        } else if (std::regex_match(when, m, from_now)) {
            long n = std::stol(m[1]);
            char unit = m[2].str()[0];
            long minutes = n * (unit == 'd' ? 1440 : unit == 'h' ? 60 : 1);
            r = tx.exec_prepared(kFromNow.name, minutes);
        } else {
            throw UsageError(wrong);
        }
    } catch (const pqxx::data_exception&) {
        throw UsageError(wrong);  // 2026-02-30, 25:00: refused by PostgreSQL's own calendar
    }
    if (r.empty()) throw std::runtime_error("the garage is gone");
    return r[0][0].as<std::string>();
}

namespace {
void make_dirs(const std::string& path) {
    for (size_t pos = 1; pos != std::string::npos; pos = path.find('/', pos + 1))
        ::mkdir(path.substr(0, pos).c_str(), 0755);
    ::mkdir(path.c_str(), 0755);
}

void write_file(const std::string& path, const std::string& content) {
    // Written beside and renamed, so nginx never serves half a file.
    std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary);
        out << content;
        if (!out) throw std::runtime_error("cannot write " + tmp);
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
        throw std::runtime_error("cannot rename " + tmp);
}
}  // namespace

std::string write_branding(const portal::Config& config, const std::string& subdomain,
                           const std::string& colour, const std::string& logo_file) {
    std::string dir = config.branding_dir + "/" + subdomain;
    make_dirs(dir);
    write_file(dir + "/theme.css", portal::theme_css(colour));
    if (logo_file.empty()) return "";

    size_t dot = logo_file.rfind('.');
    std::string ext = dot == std::string::npos ? "" : logo_file.substr(dot + 1);
    for (auto& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (ext != "svg" && ext != "png" && ext != "jpg" && ext != "jpeg" && ext != "webp")
        throw UsageError("the logo must be an .svg, .png, .jpg or .webp file");
    std::ifstream in(logo_file, std::ios::binary);
    if (!in) throw UsageError("cannot read logo file " + logo_file);
    std::stringstream buf;
    buf << in.rdbuf();
    if (buf.str().size() > 512 * 1024) throw UsageError("the logo is larger than 512 KB");
    write_file(dir + "/logo." + ext, buf.str());
    // The invoice PDF draws SVG and PNG; a JPEG or WebP logo gets a PNG rendition beside it.
    if (ext != "svg" && ext != "png") {
        try {
            write_file(dir + "/" + portal::kLogoRendition, portal::logo_png(dir + "/logo." + ext));
        } catch (const std::runtime_error& e) {
            throw UsageError(std::string("the logo is not a readable image: ") + e.what());
        }
    }
    return "/branding/" + subdomain + "/logo." + ext;
}

}  // namespace portalctl
