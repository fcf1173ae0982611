// What a message may carry, by the garage's rules: photos (JPEG, PNG, WebP, HEIC) and PDFs, at
// most 4 files, 10 MB each, 25 MB in all; the type decided by the bytes, never the name.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "uploads.h"

namespace portal {

constexpr size_t kMaxAttachments = 4;
constexpr size_t kMaxAttachmentBytes = 10u << 20;
constexpr size_t kMaxMessageBytes = 25u << 20;

// What a file is, by its first bytes (64 are enough for every kind).
enum class FileKind { photo, heic, pdf, video, other };
FileKind file_kind(std::string_view head);

// One attachment ready to store: the bytes as kept (photos cleaned by images.h) and its names.
struct Attachment {
    std::string name;  // what the customer sees: the sent name, its extension made to match
    std::string bytes;
    std::string content_type;
    std::string extension;
};

// The files of one message checked against the rules and prepared for storing. Returns what to
// tell the sender when one is refused ("Videos can’t be sent yet — try a photo or PDF"), and then
// prepares nothing; "" when `out` holds them all.
std::string prepare_attachments(const std::vector<Upload>& files, std::vector<Attachment>& out);

}  // namespace portal
