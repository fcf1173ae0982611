// Garage branding: the text colour that reads on the brand colour, and the per-garage theme file.
#include "brand.h"

#include <cmath>
#include <stdexcept>

namespace portal {

namespace {
double channel(const std::string& hex, int i) {
    double c = std::stoi(hex.substr(1 + 2 * i, 2), nullptr, 16) / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

// Mixes the brand colour with white or black by `amount` (0..1), for hover and tint shades.
std::string mix(const std::string& hex, const char* with, double amount) {
    int target = with[0] == 'w' ? 255 : 0;
    char out[8];
    int rgb[3];
    for (int i = 0; i < 3; ++i) {
        int c = std::stoi(hex.substr(1 + 2 * i, 2), nullptr, 16);
        rgb[i] = static_cast<int>(std::lround(c + (target - c) * amount));
    }
    std::snprintf(out, sizeof out, "#%02X%02X%02X", rgb[0], rgb[1], rgb[2]);
    return out;
}
}  // namespace

double relative_luminance(const std::string& hex) {
    if (hex.size() != 7 || hex[0] != '#') throw std::invalid_argument("colour must be #RRGGBB");
    return 0.2126 * channel(hex, 0) + 0.7152 * channel(hex, 1) + 0.0722 * channel(hex, 2);
}

double contrast_ratio(const std::string& a, const std::string& b) {
    double la = relative_luminance(a), lb = relative_luminance(b);
    if (la < lb) std::swap(la, lb);
    return (la + 0.05) / (lb + 0.05);
}

std::string text_colour_on(const std::string& brand_hex) {
    const std::string white = "#FFFFFF", ink = "#111111";
    return contrast_ratio(brand_hex, white) >= contrast_ratio(brand_hex, ink) ? white : ink;
}

std::string theme_css(const std::string& brand_hex) {
    // Links and headings use the brand colour on white: darken it until it reads (WCAG AA 4.5).
    std::string brand_text = brand_hex;
    for (double amount = 0.1; contrast_ratio(brand_text, "#FFFFFF") < 4.5 && amount <= 1.0;
         amount += 0.1)
        brand_text = mix(brand_hex, "black", amount);
    return "/* Written by portalctl from the garage's primary colour. */\n:root {\n"
           "  --brand: " +
           brand_hex +
           ";\n"
           "  --on-brand: " +
           text_colour_on(brand_hex) +
           ";\n"
           "  --brand-text: " +
           brand_text +
           ";\n"
           "  --brand-dark: " +
           mix(brand_hex, "black", 0.2) +
           ";\n"
           "  --brand-tint: " +
           mix(brand_hex, "white", 0.9) + ";\n}\n";
}

}  // namespace portal
