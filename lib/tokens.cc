// Secrets from the OS: sign-in tokens, session tokens, codes; and how they are stored (hashed).
#include "tokens.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sys/random.h>

#include <cstdint>
#include <stdexcept>

namespace portal {

namespace {
void os_random(void* buf, size_t n) {
    auto* p = static_cast<unsigned char*>(buf);
    while (n > 0) {
        ssize_t got = ::getrandom(p, n, 0);
        if (got < 0) throw std::runtime_error("getrandom failed");
        p += got;
        n -= static_cast<size_t>(got);
    }
}
}  // namespace

std::string random_token() {
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    unsigned char raw[33];  // 264 random bits, of which the 43 characters carry 258
    os_random(raw, sizeof raw);
    std::string out;
    out.reserve(43);
    uint32_t acc = 0;
    int bits = 0;
    for (unsigned char byte : raw) {
        acc = (acc << 8) | byte;
        bits += 8;
        while (bits >= 6 && out.size() < 43) {
            out.push_back(alphabet[(acc >> (bits - 6)) & 63]);
            bits -= 6;
        }
    }
    return out;
}

std::string random_code() {
    uint32_t n;
    // Rejection sampling keeps every code equally likely (no modulo bias).
    do {
        os_random(&n, sizeof n);
    } while (n >= 4294000000u);
    char buf[8];
    std::snprintf(buf, sizeof buf, "%06u", n % 1000000u);
    return buf;
}

std::string sha256(std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!EVP_Digest(data.data(), data.size(), out, &len, EVP_sha256(), nullptr))
        throw std::runtime_error("sha256 failed");
    return std::string(reinterpret_cast<char*>(out), len);
}

std::string hex(std::string_view bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 15]);
    }
    return out;
}

bool equal_secrets(std::string_view a, std::string_view b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace portal
