// Garage branding: the text colour that reads on the brand colour, and the per-garage theme file.
#pragma once

#include <string>

namespace portal {

// "#RRGGBB" → relative luminance (WCAG 2.1).
double relative_luminance(const std::string& hex);
double contrast_ratio(const std::string& a, const std::string& b);
// The text colour for buttons and headers on the brand colour: white or near-black, whichever
// contrasts more (WCAG 2.1 contrast ratio).
std::string text_colour_on(const std::string& brand_hex);
// The stylesheet nginx serves at /branding/<subdomain>/theme.css. The brand colour lives there,
// not in an inline style, because the CSP allows no inline styles.
std::string theme_css(const std::string& brand_hex);
// Beside a JPEG or WebP logo in the garage's branding folder: its PNG rendition, which the
// invoice PDF draws (cairo reads PNG; an SVG logo is drawn as it is).
constexpr const char* kLogoRendition = "logo-print.png";

}  // namespace portal
