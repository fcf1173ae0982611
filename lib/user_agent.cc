// A browser's User-Agent in words for the signed-in devices list.
#include "user_agent.h"

#include <utility>

namespace portal {

namespace {
bool has(std::string_view ua, std::string_view part) {
    return ua.find(part) != std::string_view::npos;
}

// Tokens are checked in order: every Chromium browser also says "Chrome" and "Safari", and
// Chrome and Firefox on iOS say "Safari" too, so the specific ones come first.
const char* browser(std::string_view ua) {
    static const std::pair<const char*, const char*> kBrowsers[] = {
        {"Edg", "Edge"},       {"SamsungBrowser/", "Samsung Internet"},
        {"OPR/", "Opera"},     {"Firefox/", "Firefox"},
        {"FxiOS/", "Firefox"}, {"CriOS/", "Chrome"},
        {"Chrome/", "Chrome"}, {"Safari/", "Safari"},
    };
    for (const auto& [token, name] : kBrowsers)
        if (has(ua, token)) return name;
    return nullptr;
}

const char* system(std::string_view ua) {
    static const std::pair<const char*, const char*> kSystems[] = {
        {"iPhone", "iPhone"}, {"iPad", "iPad"},     {"Android", "Android"}, {"Windows", "Windows"},
        {"CrOS", "ChromeOS"}, {"Macintosh", "Mac"}, {"Mac OS X", "Mac"},    {"Linux", "Linux"},
    };
    for (const auto& [token, name] : kSystems)
        if (has(ua, token)) return name;
    return nullptr;
}
}  // namespace

std::string device_words(std::string_view user_agent) {
    const char* b = browser(user_agent);
    const char* s = system(user_agent);
    if (b && s) return std::string(b) + " on " + s;
    if (b) return b;
    if (s) return std::string("A browser on ") + s;
    return "An unknown browser";
}

}  // namespace portal
