// Message attachments checked and prepared (see attachments.h).
#include "attachments.h"

#include <fstream>
#include <iterator>
#include <stdexcept>

#include "files.h"
#include "images.h"

namespace portal {

namespace {

std::string read_file(const std::string& path, size_t limit) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read an upload");
    std::string bytes(limit, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(limit));
    bytes.resize(static_cast<size_t>(in.gcount()));
    return bytes;
}

// An ISO base media file (MP4, QuickTime, HEIF): "....ftyp" and its brands.
bool has_brand(std::string_view head, std::initializer_list<std::string_view> brands) {
    for (size_t at = 8; at + 4 <= head.size(); at += 4)
        for (auto b : brands)
            if (head.substr(at, 4) == b) return true;
    return false;
}

// The sent name with the extension of what is kept ("IMG_0042.HEIC" → "IMG_0042.jpg").
std::string kept_name(const std::string& sent, const std::string& extension) {
    std::string stem = sent.substr(0, sent.rfind('.'));
    if (stem.empty()) stem = "attachment";
    if (stem.size() > 150) stem.resize(150);
    while (!stem.empty() && (static_cast<unsigned char>(stem.back()) & 0xC0) == 0x80)
        stem.pop_back();  // never cut a UTF-8 sequence in half
    return stem + "." + extension;
}

std::string quoted(const Upload& f) {
    return "“" + f.filename + "”";
}

}  // namespace

FileKind file_kind(std::string_view head) {
    if (auto type = detect_type(head)) return type->image() ? FileKind::photo : FileKind::pdf;
    if (head.size() >= 12 && head.substr(4, 4) == "ftyp") {
        // HEIF's still-image brands (ISO/IEC 23008-12); "mif1" alone could be AVIF, so it
        // counts only next to a HEVC brand.
        std::string_view major = head.substr(8, 4);
        if (major == "heic" || major == "heix" || major == "heim" || major == "heis")
            return FileKind::heic;
        if (major == "mif1" && has_brand(head.substr(8), {"heic", "heix"})) return FileKind::heic;
        // AVIF is a photo format we don't take, not a video.
        if (major == "avif" || major == "avis" || has_brand(head.substr(8), {"avif", "avis"}))
            return FileKind::other;
        return FileKind::video;  // MP4, MOV, M4V, 3GP
    }
    if (head.substr(0, 4) == "\x1A\x45\xDF\xA3") return FileKind::video;  // WebM, Matroska
    if (head.size() >= 12 && head.substr(0, 4) == "RIFF" && head.substr(8, 4) == "AVI ")
        return FileKind::video;
    if (head.substr(0, 4) == std::string_view("\x00\x00\x01\xBA", 4) ||
        head.substr(0, 4) == std::string_view("\x00\x00\x01\xB3", 4) ||
        head.substr(0, 3) == "FLV" || head.substr(0, 4) == "\x30\x26\xB2\x75")
        return FileKind::video;  // MPEG, Flash, Windows Media
    return FileKind::other;
}

Refusal prepare_attachments(const std::vector<Upload>& files, std::vector<Attachment>& out) {
    out.clear();
    if (files.size() > kMaxAttachments)
        return {413, "You can attach up to 4 files to one message."};
    size_t total = 0;
    std::vector<FileKind> kinds;
    std::vector<std::string> extensions;  // of the photos as they came
    for (const auto& f : files) {
        if (f.bytes > kMaxAttachmentBytes)
            return {413, quoted(f) + " is larger than 10 MB. Please send a smaller photo or PDF."};
        total += f.bytes;
        std::string head = read_file(f.path, 64);
        FileKind kind = file_kind(head);
        if (kind == FileKind::video) return {415, "Videos can’t be sent yet — try a photo or PDF"};
        if (kind == FileKind::other)
            return {415, quoted(f) +
                             " isn’t a photo or a PDF. You can send JPEG, PNG, WebP or HEIC photos "
                             "and PDF documents."};
        kinds.push_back(kind);
        auto type = detect_type(head);
        extensions.push_back(kind == FileKind::heic ? "heic" : type ? type->extension : "");
    }
    if (total > kMaxMessageBytes)
        return {
            413,
            "Your files add up to more than 25 MB. Please send some of them in another message."};
    std::vector<Attachment> ready;
    for (size_t i = 0; i < files.size(); ++i) {
        const Upload& f = files[i];
        Attachment a;
        if (kinds[i] == FileKind::pdf) {
            a.bytes = read_file(f.path, f.bytes);
            a.extension = "pdf";
            a.content_type = "application/pdf";
        } else {
            try {
                CleanPhoto photo = clean_photo(f.path, f.bytes, extensions[i].c_str());
                a.bytes = std::move(photo.bytes);
                a.extension = photo.extension;
            } catch (const std::runtime_error&) {
                return {422, "We couldn’t open the photo " + quoted(f) + ". Please try it again."};
            }
            auto type = detect_type(a.bytes);
            if (!type) throw std::logic_error("libvips wrote a photo of an unknown type");
            a.content_type = type->mime;
        }
        a.name = kept_name(f.filename, a.extension);
        ready.push_back(std::move(a));
    }
    out = std::move(ready);
    return {};
}

}  // namespace portal
