// An invoice as an A4 PDF: cairo draws, pango lays the text out, librsvg draws an SVG logo.
//
// The document is laid out twice: once to count its pages (nothing drawn), then for real, so
// every page's foot can say "Page 2 of 3".
#include "invoice_pdf.h"

#include <cairo-pdf.h>
#include <librsvg/rsvg.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <tuple>
#include <vector>

#include "brand.h"
#include "format.h"
#include "garage.h"
#include "invoices.h"

namespace portal {

namespace {

constexpr double kWidth = 595.28, kHeight = 841.89;  // A4 in points
constexpr double kMargin = 42;
constexpr double kBottom = kHeight - kMargin - 26;  // the lowest a line may reach: then the foot
constexpr double kPad = 5;
constexpr double kLogoWidth = 170, kLogoHeight = 52;

struct Rgb {
    double r = 0, g = 0, b = 0;
};

Rgb rgb(const std::string& hex) {
    unsigned r = 0, g = 0, b = 0;
    if (std::sscanf(hex.c_str(), "#%2x%2x%2x", &r, &g, &b) != 3) return {};
    return {r / 255.0, g / 255.0, b / 255.0};
}

const Rgb kInk{0.07, 0.09, 0.12}, kMuted{0.36, 0.40, 0.46}, kRule{0.82, 0.84, 0.87};
const Rgb kOverdue{0.71, 0.14, 0.09};

// The line table: the description takes the width the figures leave.
struct Column {
    const char* head;
    double width;
};
const Column kFigures[] = {{"Qty", 46}, {"Unit price", 78}, {"VAT", 46}, {"Net", 78}};
constexpr double kFiguresWidth = 46 + 78 + 46 + 78;
constexpr double kDescriptionWidth = kWidth - 2 * kMargin - kFiguresWidth;

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

struct Fonts {
    PangoFontDescription *body, *bold, *small, *heading, *title;
    Fonts()
        : body(pango_font_description_from_string("DejaVu Sans 10")),
          bold(pango_font_description_from_string("DejaVu Sans Bold 10")),
          small(pango_font_description_from_string("DejaVu Sans 8")),
          heading(pango_font_description_from_string("DejaVu Sans Bold 13")),
          title(pango_font_description_from_string("DejaVu Sans Bold 24")) {}
    ~Fonts() {
        for (auto* f : {body, bold, small, heading, title}) pango_font_description_free(f);
    }
    Fonts(const Fonts&) = delete;
    Fonts& operator=(const Fonts&) = delete;
};

// One pass over the document: lays out every page, drawing only when `draw`.
class Writer {
  public:
    Writer(cairo_surface_t* surface, bool draw, int pages, const Invoice& inv, const Garage& garage,
           const std::string& logo_file)
        : cr_(cairo_create(surface)),
          layout_(pango_cairo_create_layout(cr_)),
          draw_(draw),
          pages_(pages),
          inv_(inv),
          garage_(garage),
          logo_file_(logo_file),
          brand_(rgb(garage.primary_colour)),
          on_brand_(rgb(text_colour_on(garage.primary_colour))),
          brand_text_(contrast_ratio(garage.primary_colour, "#FFFFFF") >= 4.5 ? brand_ : kInk) {
        // Font sizes in points, as the page is measured (pango assumes 96 dpi otherwise).
        pango_cairo_context_set_resolution(pango_layout_get_context(layout_), 72);
        pango_layout_context_changed(layout_);
        pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
    }
    ~Writer() {
        g_object_unref(layout_);
        cairo_destroy(cr_);
    }
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    // Lays the whole invoice out; returns how many pages it took.
    int run();

  private:
    double text(const std::string& s, const PangoFontDescription* font, double x, double y,
                double width, PangoAlignment align, Rgb colour);
    // The height `s` would take, drawing nothing.
    double measure(const std::string& s, const PangoFontDescription* font, double width);
    double logo(double x, double y);
    void first_page_head();
    void later_page_head();
    void table_head();
    void line_row(const InvoiceLine& l);
    void totals();
    void end_page();
    void new_page(bool with_table_head);
    std::string money(long minor) const { return portal::money(minor, inv_.currency); }

    cairo_t* cr_;
    PangoLayout* layout_;
    bool draw_;
    int pages_;  // the total, when drawing
    int page_ = 1;
    double y_ = kMargin;
    const Invoice& inv_;
    const Garage& garage_;
    std::string logo_file_;
    Rgb brand_, on_brand_, brand_text_;
    Fonts fonts_;
};

// Sets `s` in `font` within `width` from (x, y); returns the height it takes.
double Writer::text(const std::string& s, const PangoFontDescription* font, double x, double y,
                    double width, PangoAlignment align, Rgb colour) {
    pango_layout_set_font_description(layout_, font);
    pango_layout_set_width(layout_, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_alignment(layout_, align);
    pango_layout_set_text(layout_, s.c_str(), static_cast<int>(s.size()));
    int w = 0, h = 0;
    pango_layout_get_size(layout_, &w, &h);
    if (draw_) {
        cairo_set_source_rgb(cr_, colour.r, colour.g, colour.b);
        cairo_move_to(cr_, x, y);
        pango_cairo_show_layout(cr_, layout_);
    }
    return static_cast<double>(h) / PANGO_SCALE;
}

double Writer::measure(const std::string& s, const PangoFontDescription* font, double width) {
    bool draw = draw_;
    draw_ = false;
    double h = text(s, font, 0, 0, width, PANGO_ALIGN_LEFT, kInk);
    draw_ = draw;
    return h;
}

// Draws the garage's logo (SVG or PNG) within kLogoWidth × kLogoHeight; returns its height, 0
// when there is none or it can't be read (the garage's name stands alone then).
double Writer::logo(double x, double y) {
    if (logo_file_.empty()) return 0;
    bool svg = logo_file_.size() > 4 && logo_file_.compare(logo_file_.size() - 4, 4, ".svg") == 0;
    if (svg) {
        RsvgHandle* handle = rsvg_handle_new_from_file(logo_file_.c_str(), nullptr);
        if (!handle) return 0;
        double w = 0, h = 0;
        if (!rsvg_handle_get_intrinsic_size_in_pixels(handle, &w, &h) || w <= 0 || h <= 0)
            w = h = kLogoHeight;
        double scale = std::min(kLogoWidth / w, kLogoHeight / h);
        RsvgRectangle viewport{x, y, w * scale, h * scale};
        if (draw_) rsvg_handle_render_document(handle, cr_, &viewport, nullptr);
        g_object_unref(handle);
        return h * scale;
    }
    cairo_surface_t* png = cairo_image_surface_create_from_png(logo_file_.c_str());
    double height = 0;
    if (cairo_surface_status(png) == CAIRO_STATUS_SUCCESS) {
        double w = cairo_image_surface_get_width(png), h = cairo_image_surface_get_height(png);
        double scale = std::min(kLogoWidth / w, kLogoHeight / h);
        height = h * scale;
        if (draw_) {
            cairo_save(cr_);
            cairo_translate(cr_, x, y);
            cairo_scale(cr_, scale, scale);
            cairo_set_source_surface(cr_, png, 0, 0);
            cairo_paint(cr_);
            cairo_restore(cr_);
        }
    }
    cairo_surface_destroy(png);
    return height;
}

// The garage (logo, name, address, VAT number) and what the invoice is: number, dates, vehicle.
void Writer::first_page_head() {
    const double right_w = 250, right_x = kWidth - kMargin - right_w;
    double left = logo(kMargin, y_);
    double right = y_;
    right +=
        text(inv_.garage_name, fonts_.heading, right_x, right, right_w, PANGO_ALIGN_RIGHT, kInk);
    for (const std::string& s :
         {inv_.garage_address,
          inv_.garage_vat_number.empty() ? std::string() : "VAT number " + inv_.garage_vat_number,
          inv_.garage_email, inv_.garage_phone})
        if (!s.empty())
            right += text(s, fonts_.body, right_x, right, right_w, PANGO_ALIGN_RIGHT, kMuted);
    y_ = std::max(y_ + left, right) + 12;
    if (draw_) {
        cairo_set_source_rgb(cr_, brand_.r, brand_.g, brand_.b);
        cairo_rectangle(cr_, kMargin, y_, kWidth - 2 * kMargin, 4);
        cairo_fill(cr_);
    }
    y_ += 16;
    std::string title = "Invoice " + inv_.number;
    y_ +=
        text(title, fonts_.title, kMargin, y_, kWidth - 2 * kMargin, PANGO_ALIGN_LEFT, brand_text_);
    std::string state = payment_state_label(inv_.state());
    if (inv_.overdue()) state += " · Overdue";
    y_ += text(state, fonts_.bold, kMargin, y_ + 2, 300, PANGO_ALIGN_LEFT,
               inv_.overdue() ? kOverdue : kMuted) +
          14;

    // Billed to (left) and the invoice's facts (right), side by side.
    double top = y_, half = (kWidth - 2 * kMargin) / 2;
    double l = top + text("Billed to", fonts_.bold, kMargin, top, half, PANGO_ALIGN_LEFT, kMuted);
    l += text(inv_.customer_name, fonts_.body, kMargin, l, half - 10, PANGO_ALIGN_LEFT, kInk);
    l += text(inv_.customer_email, fonts_.body, kMargin, l, half - 10, PANGO_ALIGN_LEFT, kInk);
    double r = top, label_x = kMargin + half, value_x = label_x + 100;
    std::vector<std::pair<const char*, std::string>> facts = {
        {"Invoice number", inv_.number}, {"Issue date", inv_.issued_on}, {"Due date", inv_.due_on}};
    if (!inv_.registration.empty())
        facts.emplace_back("Vehicle", inv_.vehicle() + (inv_.vehicle() == inv_.registration
                                                            ? ""
                                                            : " (" + inv_.registration + ")"));
    if (!inv_.job_reference.empty()) facts.emplace_back("Job", inv_.job_reference);
    for (const auto& [label, value] : facts) {
        double h = text(label, fonts_.bold, label_x, r, 98, PANGO_ALIGN_LEFT, kMuted);
        r += std::max(h, text(value, fonts_.body, value_x, r, half - 100, PANGO_ALIGN_LEFT, kInk)) +
             2;
    }
    y_ = std::max(l, r) + 18;
}

void Writer::later_page_head() {
    double w = (kWidth - 2 * kMargin) / 2;
    double h = text(inv_.garage_name, fonts_.bold, kMargin, y_, w, PANGO_ALIGN_LEFT, kInk);
    text("Invoice " + inv_.number + " (continued)", fonts_.bold, kMargin + w, y_, w,
         PANGO_ALIGN_RIGHT, brand_text_);
    y_ += h + 6;
    if (draw_) {
        cairo_set_source_rgb(cr_, brand_.r, brand_.g, brand_.b);
        cairo_rectangle(cr_, kMargin, y_, kWidth - 2 * kMargin, 2);
        cairo_fill(cr_);
    }
    y_ += 14;
}

// The column heads, on the brand colour, at the top of the table on every page.
void Writer::table_head() {
    double h = measure("Description", fonts_.bold, 100) + 2 * kPad;
    if (draw_) {
        cairo_set_source_rgb(cr_, brand_.r, brand_.g, brand_.b);
        cairo_rectangle(cr_, kMargin, y_, kWidth - 2 * kMargin, h);
        cairo_fill(cr_);
        double x = kMargin + kPad;
        text("Description", fonts_.bold, x, y_ + kPad, kDescriptionWidth - 2 * kPad,
             PANGO_ALIGN_LEFT, on_brand_);
        x = kMargin + kDescriptionWidth;
        for (const Column& c : kFigures) {
            text(c.head, fonts_.bold, x, y_ + kPad, c.width - kPad, PANGO_ALIGN_RIGHT, on_brand_);
            x += c.width;
        }
    }
    y_ += h;
}

void Writer::line_row(const InvoiceLine& l) {
    double h = measure(l.description, fonts_.body, kDescriptionWidth - 2 * kPad) + 2 * kPad;
    if (y_ + h > kBottom) new_page(true);
    text(l.description, fonts_.body, kMargin + kPad, y_ + kPad, kDescriptionWidth - 2 * kPad,
         PANGO_ALIGN_LEFT, kInk);
    std::string figures[] = {hundredths(l.quantity_centi), money(l.unit_price_minor),
                             hundredths(l.vat_basis_points) + "%", money(l.net_minor)};
    double x = kMargin + kDescriptionWidth;
    for (size_t i = 0; i < 4; ++i) {
        text(figures[i], fonts_.body, x, y_ + kPad, kFigures[i].width - kPad, PANGO_ALIGN_RIGHT,
             kInk);
        x += kFigures[i].width;
    }
    y_ += h;
    if (draw_) {
        cairo_set_source_rgb(cr_, kRule.r, kRule.g, kRule.b);
        cairo_rectangle(cr_, kMargin, y_ - 0.5, kWidth - 2 * kMargin, 0.5);
        cairo_fill(cr_);
    }
}

// Net, VAT and total; the payments received; the balance due (and overdue); how to pay.
void Writer::totals() {
    std::vector<std::tuple<std::string, std::string, bool>> rows = {
        {"Net", money(inv_.net_minor), false},
        {"VAT", money(inv_.vat_minor), false},
        {"Total", money(inv_.gross_minor), true}};
    if (inv_.payments.empty() && inv_.status != "void")
        rows.emplace_back("Payments received", "none yet", false);
    for (const auto& p : inv_.payments)
        rows.emplace_back("Paid " + p.paid_on + (p.method.empty() ? "" : " (" + p.method + ")"),
                          money(p.amount_minor), false);
    if (inv_.status == "void")
        rows.emplace_back("This invoice has been voided: nothing is due.", "", true);
    else
        rows.emplace_back("Balance due", money(inv_.balance_minor()), true);
    double row_h = measure("Net", fonts_.bold, 100) + 3;
    double needed = 10 + row_h * static_cast<double>(rows.size()) + 40;
    if (y_ + needed > kBottom) new_page(false);
    y_ += 10;
    const double value_w = 100, label_w = 260;
    const double value_x = kWidth - kMargin - value_w, label_x = value_x - label_w - 10;
    for (const auto& [label, value, bold] : rows) {
        auto* font = bold ? fonts_.bold : fonts_.body;
        text(label, font, label_x, y_, label_w, PANGO_ALIGN_RIGHT, kInk);
        text(value, font, value_x, y_, value_w, PANGO_ALIGN_RIGHT, kInk);
        y_ += row_h;
    }
    y_ += 8;
    if (inv_.overdue())
        y_ += text("Overdue: this invoice was due on " + inv_.due_on + ".", fonts_.bold, kMargin,
                   y_, kWidth - 2 * kMargin, PANGO_ALIGN_RIGHT, kOverdue);
    if (inv_.payable())
        y_ += text("Pay online: " + inv_.payment_url, fonts_.body, kMargin, y_,
                   kWidth - 2 * kMargin, PANGO_ALIGN_RIGHT, kInk);
}

// The foot of the page: who and what, and "Page n of N".
void Writer::end_page() {
    if (draw_) {
        double w = (kWidth - 2 * kMargin) / 2, y = kHeight - kMargin - 10;
        text(inv_.garage_name + " · Invoice " + inv_.number, fonts_.small, kMargin, y, w,
             PANGO_ALIGN_LEFT, kMuted);
        text("Page " + std::to_string(page_) + " of " + std::to_string(pages_), fonts_.small,
             kMargin + w, y, w, PANGO_ALIGN_RIGHT, kMuted);
        cairo_show_page(cr_);
    }
}

void Writer::new_page(bool with_table_head) {
    end_page();
    ++page_;
    y_ = kMargin;
    later_page_head();
    if (with_table_head) table_head();
}

int Writer::run() {
    first_page_head();
    table_head();
    for (const auto& l : inv_.lines) line_row(l);
    totals();
    end_page();
    return page_;
}

// The logo's file under branding_dir, from its URL path "/branding/<subdomain>/logo.svg": an
// SVG or PNG itself, else its PNG rendition beside it (brand.h).
std::string logo_file(const Garage& garage, const std::string& branding_dir) {
    const std::string prefix = "/branding/";
    if (garage.logo_path.rfind(prefix, 0) != 0 || garage.logo_path.find("..") != std::string::npos)
        return "";
    std::string file = branding_dir + garage.logo_path.substr(prefix.size() - 1);
    auto ends_with = [&](const char* ext) {
        size_t n = std::strlen(ext);
        return file.size() > n && file.compare(file.size() - n, n, ext) == 0;
    };
    if (ends_with(".svg") || ends_with(".png")) return file;
    return file.substr(0, file.rfind('/') + 1) + kLogoRendition;
}

}  // namespace

std::string invoice_pdf(const Invoice& invoice, const Garage& garage,
                        const std::string& branding_dir) {
    std::string logo = logo_file(garage, branding_dir);
    int pages = 0;
    {
        cairo_surface_t* counting =
            cairo_pdf_surface_create_for_stream(nullptr, nullptr, kWidth, kHeight);
        pages = Writer(counting, false, 0, invoice, garage, logo).run();
        cairo_surface_destroy(counting);
    }
    std::string out;
    cairo_surface_t* pdf = cairo_pdf_surface_create_for_stream(append, &out, kWidth, kHeight);
    std::string title = "Invoice " + invoice.number;
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_TITLE, title.c_str());
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_AUTHOR, invoice.garage_name.c_str());
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATOR, "Garage customer portal");
    // The same invoice gives the same document: dated by the invoice, not by the download.
    std::string issued = invoice.issued_iso + "T00:00:00";
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATE_DATE, issued.c_str());
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_MOD_DATE, issued.c_str());
    { Writer(pdf, true, pages, invoice, garage, logo).run(); }
    cairo_surface_finish(pdf);
    cairo_status_t status = cairo_surface_status(pdf);
    cairo_surface_destroy(pdf);
    if (status != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error(std::string("cairo: ") + cairo_status_to_string(status));
    return out;
}

void warm_up_invoice_pdf() {
    Invoice sample;
    sample.number = "0";
    sample.currency = "GBP";
    sample.garage_name = sample.customer_name = "Zoë Ødegård";
    InvoiceLine line;
    line.description = "Brake pads, fitted – ł €";
    sample.lines.push_back(line);
    Garage garage;
    garage.name = sample.garage_name;
    garage.currency = sample.currency;
    garage.primary_colour = "#0B6E4F";
    invoice_pdf(sample, garage, "");
}

}  // namespace portal
