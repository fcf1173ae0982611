// An invoice as an A4 PDF, drawn with cairo and laid out with pango in DejaVu Sans (Debian's
// fonts-dejavu-core): real, selectable UTF-8 text, the garage's logo and colour, and the lines
// over as many pages as they need with the column heads repeated and "Page 2 of 3".
#pragma once

#include <string>

namespace portal {

struct Garage;
struct Invoice;

// The PDF's bytes, made from `invoice` as it is now (so a payment shows on the next download).
// The logo is read from `branding_dir` (garage.logo_path is its URL under /branding/); an SVG,
// PNG or missing logo is fine, the name stands alone then. Throws std::runtime_error when cairo
// fails.
std::string invoice_pdf(const Invoice& invoice, const Garage& garage,
                        const std::string& branding_dir);

// Draws a sample invoice and throws it away: fontconfig's setup, the font files and pango's
// caches are loaded once when a worker starts, not by its first customer's download (some 40–80
// ms of a cold PDF).
void warm_up_invoice_pdf();

}  // namespace portal
