// Files a form sends, streamed to temporary files (see uploads.h).
#include "uploads.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace portal {

namespace {

constexpr long kChunkBytes = 64L * 1024;

class Receiver : public MultipartSink {
  public:
    Receiver(const UploadRules& rules, const std::string& tmp_dir,
             const std::function<void(const Pairs&)>& before_first_file, Pairs& fields,
             ReceivedFiles& out)
        : rules_(rules),
          tmp_dir_(tmp_dir),
          before_first_file_(before_first_file),
          fields_(fields),
          out_(out) {}
    Receiver(const Receiver&) = delete;
    Receiver& operator=(const Receiver&) = delete;
    ~Receiver() override { close_file(); }

    void field(std::string name, std::string value) override {
        fields_.emplace_back(std::move(name), std::move(value));
    }

    void begin_file(const std::string& name, const std::string& filename,
                    const std::string& content_type) override {
        const auto& allowed = rules_.file_fields;
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
            throw HttpError(400, "", "unknown file field " + name.substr(0, 40));
        if (filename.empty()) return;  // a file input left empty: no file chosen
        if (!checked_) {
            before_first_file_(fields_);
            checked_ = true;
        }
        ::mkdir(tmp_dir_.c_str(), 0700);
        // The pid in the name lets remove_orphan_uploads() know when its maker is gone.
        std::string path = tmp_dir_ + "/upload." + std::to_string(::getpid()) + ".XXXXXX";
        fd_ = ::mkstemp(path.data());  // 0600, a name nobody else can guess
        if (fd_ < 0)
            throw std::runtime_error("cannot make an upload file in " + tmp_dir_ + ": " +
                                     std::strerror(errno));
        out_.files.push_back({name, filename, content_type, path, 0});
    }

    void file_data(std::string_view bytes) override {
        if (fd_ < 0) return;  // an empty file input sends no data
        for (size_t done = 0; done < bytes.size();) {
            ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0)
                throw std::runtime_error("cannot write an upload: " +
                                         std::string(std::strerror(errno)));
            done += static_cast<size_t>(n);
        }
        out_.files.back().bytes += bytes.size();
    }

    void end_file() override { close_file(); }

  private:
    void close_file() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

    const UploadRules& rules_;
    const std::string& tmp_dir_;
    const std::function<void(const Pairs&)>& before_first_file_;
    Pairs& fields_;
    ReceivedFiles& out_;
    int fd_ = -1;
    bool checked_ = false;
};

}  // namespace

ReceivedFiles::~ReceivedFiles() {
    for (const auto& f : files) ::unlink(f.path.c_str());  // ENOENT once moved into place
}

void remove_orphan_uploads(const std::string& tmp_dir) {
    DIR* dir = ::opendir(tmp_dir.c_str());
    if (!dir) return;  // no upload yet
    while (const dirent* e = ::readdir(dir)) {
        std::string_view name = e->d_name;
        if (name.substr(0, 7) != "upload.") continue;
        std::string_view pid = name.substr(7, name.find('.', 7) - 7);
        if (pid.empty() || pid.find_first_not_of("0123456789") != pid.npos || pid.size() > 9)
            continue;
        if (::kill(std::stoi(std::string(pid)), 0) != 0 && errno == ESRCH)
            ::unlink((tmp_dir + "/" + std::string(name)).c_str());
    }
    ::closedir(dir);
}

void read_multipart(std::string_view content_type, long length,
                    const std::function<long(char*, long)>& read, const UploadRules& rules,
                    const std::string& tmp_dir,
                    const std::function<void(const Pairs&)>& before_first_file, Pairs& fields,
                    ReceivedFiles& out) {
    std::optional<std::string> boundary = multipart_boundary(content_type);
    if (!boundary) throw HttpError(415, "", "content type");
    if (static_cast<size_t>(length) > rules.limits.max_total_bytes)
        throw HttpError(413, "", "body too large");
    Receiver receiver(rules, tmp_dir, before_first_file, fields, out);
    MultipartParser parser(*boundary, rules.limits, receiver);
    std::string chunk(static_cast<size_t>(std::min(length, kChunkBytes)), '\0');
    for (long left = length; left > 0;) {
        long got = read(chunk.data(), std::min(left, kChunkBytes));
        if (got <= 0) throw HttpError(400, "", "short body");
        parser.feed(std::string_view(chunk.data(), static_cast<size_t>(got)));
        left -= got;
    }
    parser.finish();
}

}  // namespace portal
