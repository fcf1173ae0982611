// Tenancy: the Host header names the garage, as <subdomain>.<base_domain> or a custom domain.
#include "tenancy.h"

#include <chrono>
#include <mutex>
#include <unordered_map>

namespace portal {

namespace {

// Hosts seen by a process are few; this bound only stops a flood of made-up Host headers.
constexpr size_t kMaxCachedHosts = 4096;

}  // namespace

std::optional<std::string> normalise_host(std::string_view host) {
    if (host.empty() || host.size() > 260) return std::nullopt;
    if (host.front() == '[') return std::nullopt;  // IP literal: never a garage
    size_t colon = host.rfind(':');
    if (colon != std::string_view::npos) {
        std::string_view port = host.substr(colon + 1);
        if (port.empty() || port.size() > 5) return std::nullopt;
        for (char c : port)
            if (c < '0' || c > '9') return std::nullopt;
        host = host.substr(0, colon);
    }
    if (!host.empty() && host.back() == '.') host.remove_suffix(1);
    if (host.empty() || host.size() > 253) return std::nullopt;
    std::string out;
    out.reserve(host.size());
    for (char c : host) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
        if (!ok) return std::nullopt;
        out.push_back(c);
    }
    return out;
}

HostKey host_key(const std::string& host, const std::string& base_domain) {
    if (host.size() > base_domain.size() + 1 &&
        host.compare(host.size() - base_domain.size(), base_domain.size(), base_domain) == 0 &&
        host[host.size() - base_domain.size() - 1] == '.') {
        std::string sub = host.substr(0, host.size() - base_domain.size() - 1);
        if (sub.find('.') == std::string::npos) return {true, sub};
    }
    return {false, host};
}

struct Tenancy::Cache {
    struct Entry {
        std::shared_ptr<const Garage> garage;
        std::chrono::steady_clock::time_point expires;
    };
    std::mutex mutex;
    std::unordered_map<std::string, Entry> entries;
};

Tenancy::Tenancy(std::string base_domain, int ttl_seconds)
    : base_domain_(std::move(base_domain)), ttl_seconds_(ttl_seconds), cache_(new Cache) {}

Tenancy::~Tenancy() = default;

std::shared_ptr<const Garage> Tenancy::resolve(std::string_view raw_host, Db& db) {
    auto host = normalise_host(raw_host);
    if (!host) return nullptr;
    auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard<std::mutex> lock(cache_->mutex);
        auto it = cache_->entries.find(*host);
        if (it != cache_->entries.end() && it->second.expires > now) return it->second.garage;
    }

    HostKey key = host_key(*host, base_domain_);
    pqxx::nontransaction tx(db.conn());
    std::optional<Garage> found = key.is_subdomain ? garage_by_subdomain(tx, key.value)
                                                   : garage_by_custom_domain(tx, key.value);
    std::shared_ptr<const Garage> garage;
    if (found) garage = std::make_shared<const Garage>(std::move(*found));

    std::lock_guard<std::mutex> lock(cache_->mutex);
    if (cache_->entries.size() >= kMaxCachedHosts) cache_->entries.clear();
    cache_->entries[*host] = {garage, now + std::chrono::seconds(ttl_seconds_)};
    return garage;
}

}  // namespace portal
