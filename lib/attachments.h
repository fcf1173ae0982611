// What a message may carry, by the garage's rules: photos (JPEG, PNG, WebP, HEIC) and PDFs, at
// most 4 files, 10 MB each, 25 MB in all; the type decided by the bytes, never the name.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "upload.h"

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

// Why a message's files were refused: what to tell the sender ("Videos can’t be sent yet — try a
// photo or PDF") and the status a page answers with (413 too many or too large, 415 a type the
// portal doesn't take, 422 a photo that can't be opened). status 0: not refused.
struct Refusal {
    int status = 0;
    std::string message;
};

// The files of one message checked against the rules and prepared for storing: all of them in
// `out`, or a refusal and nothing.
Refusal prepare_attachments(const std::vector<Upload>& files, std::vector<Attachment>& out);

}  // namespace portal
