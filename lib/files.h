// Private files (quote photos, message attachments, invoice PDFs): their type by content, writing
// them whole and private, and what a page answers to have nginx send one (DESIGN.md "Private
// files").
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portal {

// A type the portal stores and sends, known by its first bytes, never by a name.
struct FileType {
    const char* mime;       // "image/jpeg", "image/png", "image/webp" or "application/pdf"
    const char* extension;  // the canonical one, without the dot: "jpg", "png", "webp", "pdf"
    bool image() const;     // JPEG, PNG or WebP: what a quote photo may be
};

// How many first bytes detect_type() needs to tell every type apart (WebP's "RIFF....WEBP").
constexpr size_t kTypeHeadBytes = 12;

// The type of a file from its first bytes (or all of them): JPEG, PNG, WebP or PDF; nullopt for
// anything else (SVG, HTML, text, an empty file), whatever the file is called.
std::optional<FileType> detect_type(std::string_view head);

// A path under files_dir as the database stores it ("quotes/3/17/1-2.jpg"): non-empty segments
// of [A-Za-z0-9._-] joined by '/', none starting with '.' (so never a half-written temporary
// file), and no ".." anywhere.
bool is_stored_path(std::string_view path);

// The internal URI nginx serves a stored file from ("/_private/" + the path, an `internal`
// location); nullopt when is_stored_path() refuses the path.
std::optional<std::string> internal_uri(std::string_view stored_path);

// Whether the browser shows the file or saves it.
enum class Disposition { show, download };

// A Content-Disposition value: `inline` (show) or `attachment` (download), with `filename`
// reduced to ASCII [A-Za-z0-9._-] (other runs become one '_', leading dots go, at most 100
// characters) and ending in the type's extension: 'inline; filename="brake-pad.jpg"'.
std::string content_disposition(std::string_view filename, const FileType& type,
                                Disposition disposition);

// What a page answers for a private file: Response::send_file() (http.h) turns it into the
// X-Accel-Redirect, Content-Type, Content-Disposition and Cache-Control headers.
struct PrivateFileReply {
    std::string internal_uri;         // "/_private/quotes/3/17/1-2.jpg"
    std::string content_type;         // from the stored bytes
    std::string content_disposition;  // from content_disposition()
};

// The reply for the file at `stored_path` under `files_dir`, typed by reading its first bytes.
// `filename` is what the browser calls it (default: the stored name). Throws std::runtime_error
// (an internal error: the database names the file) when the path is refused, the file cannot be
// read or is none of the types above.
PrivateFileReply private_file(const std::string& files_dir, std::string_view stored_path,
                              std::string_view filename = {},
                              Disposition disposition = Disposition::show);

// Files written under files_dir for a change that is not committed yet (a quote and its photos).
// Each file is written to a temporary file beside it, synced, then renamed into place, so a
// reader sees all of it or nothing; files are 0640 and the folders made for them 0750, whatever
// the umask, readable by the portal's group (nginx) and nobody else. Run as root, they get the
// owner and group of files_dir so the portal's own user can still write beside them. Unless
// keep() is called, the destructor removes them and the folders made for them again, so a refused
// or failed change leaves nothing behind.
class NewPrivateFiles {
  public:
    // Throws std::runtime_error when files_dir is not a directory.
    explicit NewPrivateFiles(std::string files_dir);
    NewPrivateFiles(const NewPrivateFiles&) = delete;
    NewPrivateFiles& operator=(const NewPrivateFiles&) = delete;
    ~NewPrivateFiles();

    // Writes `bytes` at `stored_path` (is_stored_path()) under files_dir, making missing folders.
    // Refuses to replace an existing file (removing it again would lose it). Throws
    // std::runtime_error naming the path and the system's reason.
    void write(std::string_view stored_path, std::string_view bytes);
    // The change is committed (or may be): what was written stays.
    void keep() { kept_ = true; }

  private:
    void make_dir(const std::string& path);

    std::string files_dir_;
    uid_t uid_;
    gid_t gid_;
    bool chown_;
    std::vector<std::string> files_, dirs_;
    bool kept_ = false;
};

}  // namespace portal
