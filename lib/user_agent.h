// A browser's User-Agent in words for the signed-in devices list: "Chrome on Android".
#pragma once

#include <string>
#include <string_view>

namespace portal {

// "Chrome on Android", "Safari on iPhone", "Firefox on Windows"; "Chrome" when the system is not
// recognised, "An unknown browser" when nothing is. Only the common browsers and systems are
// named: the words help a customer recognise a device, they prove nothing.
std::string device_words(std::string_view user_agent);

}  // namespace portal
