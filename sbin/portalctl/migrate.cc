// portalctl migrate and demo: numbered SQL files applied once each, each in its own transaction.
#include <dirent.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "command.h"

namespace portalctl {

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::stringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

// "001_schema.sql"-style names, in order.
std::vector<std::string> migration_files(const std::string& dir) {
    std::vector<std::string> names;
    DIR* d = ::opendir(dir.c_str());
    if (!d) throw std::runtime_error("cannot open " + dir);
    while (dirent* e = ::readdir(d)) {
        std::string n = e->d_name;
        if (n.size() > 8 && std::isdigit(static_cast<unsigned char>(n[0])) &&
            std::isdigit(static_cast<unsigned char>(n[1])) &&
            std::isdigit(static_cast<unsigned char>(n[2])) && n[3] == '_' &&
            n.compare(n.size() - 4, 4, ".sql") == 0)
            names.push_back(n);
    }
    ::closedir(d);
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace

int migrate(Env& env, const std::vector<std::string>& args) {
    if (wants_help(args)) {
        std::cout
            << "usage: portalctl migrate\n\nApplies each sql/NNN_name.sql not yet recorded in "
               "schema_migrations,\nin order, each in its own transaction, one migrator at a "
               "time. Safe to run on every\nupgrade: what is recorded is never applied again.\n";
        return 0;
    }
    Options(args, {});
    auto& db = env.db();
    // One migrator at a time for the whole run, creating schema_migrations included (two
    // upgrades racing, or a package's postinst beside a sysadmin's own run): the second waits,
    // then finds nothing left to apply. A session lock ends with the connection if we die.
    auto outside_transactions = [&db](const char* sql) {
        pqxx::nontransaction n(db);
        n.exec(sql);
        n.commit();
    };
    outside_transactions("SELECT pg_advisory_lock(7261001)");
    {
        pqxx::work tx(db);
        tx.exec(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
        tx.commit();
    }
    std::string dir = env.config.share_dir + "/sql";
    int applied = 0;
    for (const std::string& name : migration_files(dir)) {
        pqxx::work tx(db);
        if (!tx.exec_params("SELECT 1 FROM schema_migrations WHERE version = $1", name).empty())
            continue;
        tx.exec(read_file(dir + "/" + name));
        tx.exec_params("INSERT INTO schema_migrations (version) VALUES ($1)", name);
        tx.commit();
        std::cout << "applied " << name << "\n";
        ++applied;
    }
    outside_transactions("SELECT pg_advisory_unlock(7261001)");
    if (applied == 0) std::cout << "database is up to date\n";
    return 0;
}

int demo(Env& env, const std::vector<std::string>& args) {
    if (wants_help(args)) {
        std::cout << "usage: portalctl demo\n\nLoads sql/demo.sql (Smith's Garage and Northside "
                     "Motors with their customers),\nreplacing earlier demo data, and writes their "
                     "branding files and the photos on its quotes (sql/demo-files/ into\n"
                     "files_dir).\n";
        return 0;
    }
    Options(args, {});
    pqxx::work tx(env.db());
    tx.exec(read_file(env.config.share_dir + "/sql/demo.sql"));
    pqxx::result garages = tx.exec(
        "SELECT subdomain, primary_colour, name FROM garages "
        "WHERE subdomain IN ('smiths', 'northside') ORDER BY subdomain DESC");
    for (const auto& g : garages) {
        std::string sub = g[0].as<std::string>();
        std::string logo = env.config.share_dir + "/sql/demo-branding/" + sub + "/logo.svg";
        std::string path = write_branding(env.config, sub, g[1].as<std::string>(), logo);
        tx.exec_params("UPDATE garages SET logo_path = $2 WHERE subdomain = $1", sub, path);
        std::cout << "demo garage " << g[2].as<std::string>() << " (" << sub << ")\n";
    }
    // Quote photos and other private files of the demo rows, at the paths demo.sql names:
    // private, like every file portalctl writes there (0750 folders, 0640 files), whatever the
    // modes in the source tree. Only the demo's own paths are touched, not the rest of files_dir
    // (.uploads stays 0700; a big portal's files are not walked).
    namespace fs = std::filesystem;
    const fs::path from = env.config.share_dir + "/sql/demo-files", to = env.config.files_dir;
    for (const auto& entry : fs::recursive_directory_iterator(from)) {
        fs::path target = to / fs::relative(entry.path(), from);
        if (entry.is_directory()) {
            fs::create_directories(target);
            fs::permissions(target, fs::perms(0750), fs::perm_options::replace);
        } else {
            fs::copy_file(entry.path(), target, fs::copy_options::overwrite_existing);
            fs::permissions(target, fs::perms(0640), fs::perm_options::replace);
        }
    }
    tx.commit();
    return 0;
}

}  // namespace portalctl
