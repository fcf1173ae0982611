// A page program for the gate's upload tests (tests/integration/uploads_test.cc), run as plain
// CGI against the test stack's database: POST /echo takes a note and up to two photos, and
// answers in plain text what the handler was given, so a test can see what the gate let through.
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "app.h"

namespace {

void echo(portal::Ctx& c) {
    std::ostringstream out;
    out << "note=" << c.field("note") << "\n";
    for (const auto& f : c.files()) {
        struct stat st {};
        bool there = ::stat(f.path.c_str(), &st) == 0;
        std::ifstream in(f.path, std::ios::binary);
        std::string head(4, '\0');
        in.read(head.data(), 4);
        out << "file " << f.field << " name=" << f.filename << " type=" << f.declared_type
            << " bytes=" << f.bytes << " on_disk=" << (there ? st.st_size : -1)
            << " mode=" << std::oct << (st.st_mode & 0777) << std::dec << " head=" << std::hex
            << (static_cast<unsigned>(static_cast<unsigned char>(head[0])) << 8 |
                static_cast<unsigned char>(head[1]))
            << std::dec << " path=" << f.path << "\n";
    }
    c.res.content_type = "text/plain; charset=utf-8";
    c.res.body = out.str();
}

}  // namespace

int main() {
    portal::MultipartLimits limits;
    limits.max_files = 2;
    limits.max_file_bytes = 1 << 20;
    limits.max_total_bytes = 3 << 20;
    portal::App app("upload-echo");
    app.post("/echo", echo)
        .public_page()
        .optional("note", portal::v::line(100))
        .uploads(limits)
        .file("photo");
    return app.run();
}
