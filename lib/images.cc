// Photos re-encoded by libvips (see images.h).
#include "images.h"

#include <vips/vips8>

#include <mutex>
#include <stdexcept>
#include <string_view>

namespace portal {

void start_images() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (VIPS_INIT("portal")) throw std::runtime_error("cannot start libvips");
        // Only the loaders the portal accepts are ever reached (the type is checked by bytes
        // first), but an untrusted loader (ImageMagick, matio, …) must never run on a customer's
        // file whatever it claims to be.
        vips_block_untrusted_set(TRUE);
        // A worker serves many requests: keep no decoded images between them.
        vips_cache_set_max(0);
        vips_concurrency_set(1);
    });
}

CleanPhoto clean_photo(const std::string& path, size_t bytes, const char* extension) {
    start_images();
    std::string_view out_ext = extension;
    if (out_ext == "heic") out_ext = "jpg";
    int edge = bytes > kReduceAboveBytes ? kLongEdge : VIPS_MAX_COORD;
    try {
        // thumbnail() shrinks while it decodes (a 10 MB JPEG never sits whole in memory) and
        // applies the EXIF orientation; it never enlarges with size=down.
        vips::VImage image = vips::VImage::thumbnail(
            path.c_str(), edge,
            vips::VImage::option()->set("height", edge)->set("size", VIPS_SIZE_DOWN));
        auto* save = vips::VImage::option()->set("strip", true);
        if (out_ext != "png") save->set("Q", kPhotoQuality);
        void* buf = nullptr;
        size_t size = 0;
        image.write_to_buffer(("." + std::string(out_ext)).c_str(), &buf, &size, save);
        CleanPhoto photo{std::string(static_cast<const char*>(buf), size),
                         out_ext == "jpg"   ? "jpg"
                         : out_ext == "png" ? "png"
                                            : "webp",
                         image.width(), image.height()};
        g_free(buf);
        return photo;
    } catch (const vips::VError& e) {
        vips_error_clear();
        throw std::runtime_error(std::string("cannot decode the photo: ") + e.what());
    }
}

std::string logo_png(const std::string& path) {
    start_images();
    try {
        vips::VImage image = vips::VImage::thumbnail(
            path.c_str(), kLogoRenditionEdge,
            vips::VImage::option()->set("height", kLogoRenditionEdge)->set("size", VIPS_SIZE_DOWN));
        void* buf = nullptr;
        size_t size = 0;
        image.write_to_buffer(".png", &buf, &size, vips::VImage::option()->set("strip", true));
        std::string png(static_cast<const char*>(buf), size);
        g_free(buf);
        return png;
    } catch (const vips::VError& e) {
        vips_error_clear();
        throw std::runtime_error(std::string("cannot decode the logo: ") + e.what());
    }
}

}  // namespace portal
