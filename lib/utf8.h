// UTF-8 checks shared by the request parser, the validators and the password rules (the base
// layer: no dependency on the gate).
#pragma once

#include <cstddef>
#include <string_view>

namespace portal {

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
bool valid_utf8(std::string_view s);
// The number of code points of valid UTF-8.
size_t utf8_length(std::string_view s);

}  // namespace portal
