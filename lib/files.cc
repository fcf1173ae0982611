// Private files: their type by content, writing them whole and private, and sending them by nginx.
#include "files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace portal {

namespace {

constexpr FileType kJpeg{"image/jpeg", "jpg"};
constexpr FileType kPng{"image/png", "png"};
constexpr FileType kWebp{"image/webp", "webp"};
constexpr FileType kPdf{"application/pdf", "pdf"};

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

bool stored_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

bool same_ascii_letters(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
        if (x != b[i]) return false;
    }
    return true;
}

// The name's extension already says the type ("Pad.JPG", "pad.jpeg" for a JPEG).
bool has_extension_of(std::string_view name, const FileType& type) {
    size_t dot = name.rfind('.');
    if (dot == std::string_view::npos) return false;
    std::string_view ext = name.substr(dot + 1);
    return same_ascii_letters(ext, type.extension) ||
           (std::string_view(type.extension) == kJpeg.extension && same_ascii_letters(ext, "jpeg"));
}

std::runtime_error system_error(const std::string& what, const std::string& path, int error) {
    return std::runtime_error(what + " " + path + ": " + std::strerror(error));
}

// The first kTypeHeadBytes of the regular file at `path` (fewer when it is shorter).
std::string read_head(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) throw system_error("cannot read private file", path, errno);
    struct stat st {};
    std::string head(kTypeHeadBytes, '\0');
    size_t done = 0;
    int error = 0;
    if (::fstat(fd, &st) != 0)
        error = errno;
    else if (!S_ISREG(st.st_mode))
        error = EINVAL;
    while (error == 0 && done < head.size()) {
        ssize_t n = ::read(fd, &head[done], head.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) error = errno;
        if (n <= 0) break;
        done += static_cast<size_t>(n);
    }
    ::close(fd);
    if (error != 0) throw system_error("cannot read private file", path, error);
    head.resize(done);
    return head;
}

// Makes a new directory entry in `dir` durable (a file renamed in, a folder made).
void sync_dir(const std::string& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) throw system_error("cannot sync directory", dir, errno);
    // Some file systems cannot sync a directory (EINVAL) and need not.
    int error = ::fsync(fd) != 0 && errno != EINVAL ? errno : 0;
    ::close(fd);
    if (error != 0) throw system_error("cannot sync directory", dir, error);
}

std::string parent_of(const std::string& path) {
    return path.substr(0, path.rfind('/'));
}

}  // namespace

bool FileType::image() const {
    return starts_with(mime, "image/");
}

std::optional<FileType> detect_type(std::string_view head) {
    if (starts_with(head, "\xFF\xD8\xFF")) return kJpeg;
    if (starts_with(head, "\x89PNG\r\n\x1A\n")) return kPng;
    if (head.size() >= 12 && starts_with(head, "RIFF") && head.substr(8, 4) == "WEBP") return kWebp;
    if (starts_with(head, "%PDF-")) return kPdf;
    return std::nullopt;
}

bool is_stored_path(std::string_view path) {
    if (path.empty() || path.find("..") != std::string_view::npos) return false;
    bool segment_start = true;
    for (char c : path) {
        if (c == '/') {
            if (segment_start) return false;  // a leading '/' or an empty segment
            segment_start = true;
            continue;
        }
        if (!stored_name_char(c) || (segment_start && c == '.')) return false;
        segment_start = false;
    }
    return !segment_start;  // no trailing '/'
}

std::optional<std::string> internal_uri(std::string_view stored_path) {
    if (!is_stored_path(stored_path)) return std::nullopt;
    return "/_private/" + std::string(stored_path);  // nothing in it needs percent-encoding
}

std::string content_disposition(std::string_view filename, const FileType& type,
                                Disposition disposition) {
    std::string name;
    for (char c : filename) {
        if (stored_name_char(c))
            name += c;
        else if (name.empty() || name.back() != '_')
            name += '_';  // a run of anything else (a space, a UTF-8 letter's bytes) is one '_'
    }
    name.erase(0, name.find_first_not_of('.'));  // never a hidden file
    std::string suffix;
    if (has_extension_of(name, type)) {
        suffix = name.substr(name.rfind('.'));
        name.resize(name.size() - suffix.size());
    } else {
        suffix = std::string(".") + type.extension;
    }
    const size_t max = 100;
    if (name.empty()) name = "file";
    if (name.size() + suffix.size() > max) name.resize(max - suffix.size());
    return std::string(disposition == Disposition::download ? "attachment" : "inline") +
           "; filename=\"" + name + suffix + "\"";
}

PrivateFileReply private_file(const std::string& files_dir, std::string_view stored_path,
                              std::string_view filename, Disposition disposition) {
    std::optional<std::string> uri = internal_uri(stored_path);
    if (!uri)
        throw std::runtime_error("refused private file path '" + std::string(stored_path) + "'");
    std::string path = files_dir + "/" + std::string(stored_path);
    std::optional<FileType> type = detect_type(read_head(path));
    if (!type) throw std::runtime_error(path + " is not a JPEG, PNG, WebP or PDF file");
    if (filename.empty()) filename = stored_path.substr(stored_path.rfind('/') + 1);
    return {std::move(*uri), type->mime, content_disposition(filename, *type, disposition)};
}

NewPrivateFiles::NewPrivateFiles(std::string files_dir)
    : files_dir_(std::move(files_dir)), uid_(0), gid_(0), chown_(::geteuid() == 0) {
    struct stat st {};
    if (::stat(files_dir_.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        throw std::runtime_error("the files directory " + files_dir_ +
                                 " (files_dir in the configuration) does not exist");
    uid_ = st.st_uid;
    gid_ = st.st_gid;
}

NewPrivateFiles::~NewPrivateFiles() {
    if (kept_) return;
    for (auto it = files_.rbegin(); it != files_.rend(); ++it) ::unlink(it->c_str());
    for (auto it = dirs_.rbegin(); it != dirs_.rend(); ++it) ::rmdir(it->c_str());
}

void NewPrivateFiles::make_dir(const std::string& path) {
    // 0750 whatever the umask: the portal's group (nginx) may look in, nobody else.
    if (::mkdir(path.c_str(), 0750) == 0) {
        dirs_.push_back(path);
        if (::chmod(path.c_str(), 0750) != 0 ||
            (chown_ && ::chown(path.c_str(), uid_, gid_) != 0)) {
            int error = errno;
            throw system_error("cannot set the owner and mode of", path, error);
        }
        sync_dir(parent_of(path));
        return;
    }
    int error = errno;
    struct stat st {};
    if (error != EEXIST || ::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        throw system_error("cannot create directory", path, error == EEXIST ? ENOTDIR : error);
}

void NewPrivateFiles::write(std::string_view stored_path, std::string_view bytes) {
    if (!is_stored_path(stored_path))
        throw std::runtime_error("refused private file path '" + std::string(stored_path) + "'");
    for (size_t slash = stored_path.find('/'); slash != std::string_view::npos;
         slash = stored_path.find('/', slash + 1))
        make_dir(files_dir_ + "/" + std::string(stored_path.substr(0, slash)));
    std::string path = files_dir_ + "/" + std::string(stored_path);
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0) throw system_error("cannot write", path, EEXIST);
    if (errno != ENOENT) throw system_error("cannot write", path, errno);

    // Beside the file (same file system, so the rename is atomic) and hidden: is_stored_path()
    // refuses names starting with '.', so a half-written file is never sent.
    std::string dir = parent_of(path);
    std::string temp = dir + "/." + path.substr(dir.size() + 1) + ".XXXXXX";
    int fd = ::mkostemp(&temp[0], O_CLOEXEC);
    if (fd < 0) throw system_error("cannot write", path, errno);
    int error = 0;
    // 0640 whatever the umask (mkostemp makes 0600).
    if (::fchmod(fd, 0640) != 0 || (chown_ && ::fchown(fd, uid_, gid_) != 0)) error = errno;
    for (size_t done = 0; error == 0 && done < bytes.size();) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            error = n < 0 ? errno : EIO;
        else
            done += static_cast<size_t>(n);
    }
    // On disk before the change that names it is committed.
    if (error == 0 && ::fsync(fd) != 0) error = errno;
    if (::close(fd) != 0 && error == 0) error = errno;
    if (error == 0 && ::rename(temp.c_str(), path.c_str()) != 0) error = errno;
    if (error != 0) {
        ::unlink(temp.c_str());
        throw system_error("cannot write", path, error);
    }
    files_.push_back(path);
    sync_dir(dir);
}

}  // namespace portal
