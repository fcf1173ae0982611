// Photos as the portal keeps them: decoded, turned upright, reduced and re-encoded by libvips, so
// that no metadata of the customer's camera (EXIF GPS above all) survives, and HEIC becomes JPEG.
#pragma once

#include <cstddef>
#include <string>

namespace portal {

// Photos larger than this are reduced to kLongEdge pixels on their long edge (the garage's rule:
// "about 1 MB", "about 2560 px"); smaller ones keep their size and are only re-encoded.
constexpr size_t kReduceAboveBytes = 1000 * 1000;
constexpr int kLongEdge = 2560;
// JPEG and WebP quality: high enough that a VIN plate or a service stamp stays legible.
constexpr int kPhotoQuality = 85;

struct CleanPhoto {
    std::string bytes;      // the encoded photo, no metadata
    const char* extension;  // "jpg", "png" or "webp"
    int width = 0, height = 0;
};

// Starts libvips once per process (untrusted loaders blocked, no operation cache kept between
// requests). Every function below calls it.
void start_images();

// The photo in the file at `path`, of `bytes` bytes, as the portal stores it: upright (its EXIF
// orientation applied), reduced when over kReduceAboveBytes, with every metadata block stripped,
// encoded as JPEG (a JPEG or HEIC), PNG or WebP (as it came). Throws std::runtime_error when
// libvips cannot decode it.
CleanPhoto clean_photo(const std::string& path, size_t bytes, const char* extension);

// A JPEG or WebP logo as PNG, at most kLogoRenditionEdge pixels on its long edge, without
// metadata: what cairo can draw on the invoice PDF (it reads only PNG; SVG goes through librsvg).
constexpr int kLogoRenditionEdge = 600;
std::string logo_png(const std::string& path);

}  // namespace portal
