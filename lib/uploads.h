// Files a form sends (multipart/form-data) as the gate receives them: plain parts become fields
// under the route's field rules, each file is streamed into a temporary file under
// files_dir/.uploads (never whole in memory), and every temporary file is removed when the
// request ends unless the handler has moved it into place.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http.h"
#include "multipart.h"
#include "upload.h"

namespace portal {

// What a route accepts: the limits of the body and the names of its file inputs.
struct UploadRules {
    MultipartLimits limits;
    std::vector<std::string> file_fields;
};

// The temporary files of one request; the destructor removes those still there.
class ReceivedFiles {
  public:
    ReceivedFiles() = default;
    ReceivedFiles(const ReceivedFiles&) = delete;
    ReceivedFiles& operator=(const ReceivedFiles&) = delete;
    ~ReceivedFiles();
    std::vector<Upload> files;
};

// Reads a multipart body of `length` bytes (announced by Content-Length) with `read`, 64 KiB at
// a time. Plain parts go into `fields`; files into `out`, in `tmp_dir` (made 0700 if missing).
// `before_first_file` sees the fields that came before the first file part and throws to refuse
// the form (the CSRF check: no byte of a file reaches the disk before the form's token is
// checked, so the form's token must come first, as it does in every form of the portal).
// A file input left empty sends no file. HttpError 400 for a malformed body, an unknown file
// input or a short body; 413 past a limit; 415 for a Content-Type that isn't multipart.
void read_multipart(std::string_view content_type, long length,
                    const std::function<long(char*, long)>& read, const UploadRules& rules,
                    const std::string& tmp_dir,
                    const std::function<void(const Pairs&)>& before_first_file, Pairs& fields,
                    ReceivedFiles& out);

// Removes the temporary files in `tmp_dir` of processes that no longer run (a worker killed
// mid-request never ran its destructors): each file's name carries the pid that made it. A worker
// calls it as it starts, so a killed one's successor clears up after it.
void remove_orphan_uploads(const std::string& tmp_dir);

}  // namespace portal
