// portalctl: shared pieces of the sysadmin commands (argument parsing, config, connection).
#include "command.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "brand.h"
#include "db.h"

namespace portalctl {

Options::Options(const std::vector<std::string>& args, const std::set<std::string>& allowed,
                 const std::set<std::string>& repeatable) {
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.rfind("--", 0) != 0) {
            positional_.push_back(a);
            continue;
        }
        std::string name = a.substr(2);
        if (!allowed.count(name)) throw UsageError("unknown option --" + name);
        if (values_.count(name) && !repeatable.count(name))
            throw UsageError("--" + name + " given twice");
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
    return "/branding/" + subdomain + "/logo." + ext;
}

}  // namespace portalctl
