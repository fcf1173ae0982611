// Private files: type by content, atomic private writes with rollback, what nginx is asked to send.
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "files.h"
#include "http.h"

using namespace portal;
using namespace std::string_literals;  // "..."s keeps the NUL bytes of magic numbers
namespace fs = std::filesystem;

namespace {

std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

mode_t mode_of(const std::string& path) {
    struct stat st {};
    BOOST_REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

// A files_dir of its own for each test, removed afterwards.
struct FilesDir {
    std::string path;
    FilesDir() {
        char name[] = "/tmp/portal-files-test.XXXXXX";
        BOOST_REQUIRE(::mkdtemp(name) != nullptr);
        path = name;
    }
    ~FilesDir() { fs::remove_all(path); }
    FilesDir(const FilesDir&) = delete;
    FilesDir& operator=(const FilesDir&) = delete;

    std::vector<std::string> names_in(const std::string& relative) const {
        std::vector<std::string> out;
        for (const auto& entry : fs::directory_iterator(path + "/" + relative))
            out.push_back(entry.path().filename().string());
        return out;
    }
};

// Restores the umask a test changed.
struct Umask {
    mode_t old;
    explicit Umask(mode_t mask) : old(::umask(mask)) {}
    ~Umask() { ::umask(old); }
    Umask(const Umask&) = delete;
    Umask& operator=(const Umask&) = delete;
};

// The first bytes of real files of each type (a camera JPEG, PNG and WebP signatures with their
// first chunk, a PDF header as every writer starts it).
const std::string kJpegHead = "\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01"s;
const std::string kPngHead = "\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR"s;
const std::string kWebpHead = "RIFF\x24\x00\x00\x00WEBPVP8 "s;
const std::string kPdfHead = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"s;

}  // namespace

BOOST_AUTO_TEST_SUITE(files)

BOOST_AUTO_TEST_CASE(jpeg_png_webp_and_pdf_are_known_by_their_first_bytes) {
    struct Case {
        std::string bytes;
        const char* mime;
        const char* extension;
        bool image;
    } cases[] = {
        {kJpegHead, "image/jpeg", "jpg", true},
        {file_bytes("sql/demo-files/quotes/demo/brake-pad.jpg"), "image/jpeg", "jpg", true},
        {"\xFF\xD8\xFF\xE1\x00\x18"s + "Exif", "image/jpeg", "jpg", true},
        {kPngHead, "image/png", "png", true},
        {kWebpHead, "image/webp", "webp", true},
        {kWebpHead.substr(0, kTypeHeadBytes), "image/webp", "webp", true},
        {kPdfHead, "application/pdf", "pdf", false},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.mime << ", " << c.bytes.size() << " bytes") {
            auto type = detect_type(c.bytes);
            BOOST_TEST_REQUIRE(type.has_value());
            BOOST_TEST(type->mime == c.mime);
            BOOST_TEST(type->extension == c.extension);
            BOOST_TEST(type->image() == c.image);
            // The first kTypeHeadBytes are enough to tell.
            BOOST_TEST(detect_type(c.bytes.substr(0, kTypeHeadBytes))->mime == c.mime);
        }
    }
}

BOOST_AUTO_TEST_CASE(anything_else_is_refused_whatever_it_is_called) {
    const std::string cases[] = {
        ""s,
        "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
        "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        "GIF89a\x01\x00\x01\x00"s,
        "RIFF\x24\x00\x00\x00WAVEfmt "s,  // a RIFF that is no WebP
        "RIFF\x24\x00\x00\x00WEB"s,       // cut short
        "\xFF\xD8"s,                      // cut short
        "\x89PNG\r\n\x1A"s,               // cut short
        "%PDF"s,                          // no version dash
        " %PDF-1.7"s,
        "PK\x03\x04"s,  // a zip (and so an Office file)
    };
    for (const std::string& bytes : cases) BOOST_TEST_CONTEXT("'" << bytes << "'") {
            BOOST_TEST(!detect_type(bytes).has_value());
        }
}

BOOST_AUTO_TEST_CASE(a_stored_file_is_typed_by_its_bytes_never_its_name) {
    FilesDir dir;
    NewPrivateFiles files(dir.path);
    files.write("quotes/1/html.jpg", "<!DOCTYPE html><html><script>alert(1)</script></html>");
    files.write("quotes/1/empty.jpg", "");
    files.write("quotes/1/drawing.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    files.write("quotes/1/really-a-jpeg.png", kJpegHead);
    files.keep();
    for (const char* refused : {"quotes/1/html.jpg", "quotes/1/empty.jpg", "quotes/1/drawing.svg",
                                "quotes/1/missing.jpg"})
        BOOST_TEST_CONTEXT(refused) {
            BOOST_CHECK_THROW(private_file(dir.path, refused), std::runtime_error);
        }
    PrivateFileReply reply = private_file(dir.path, "quotes/1/really-a-jpeg.png");
    BOOST_TEST(reply.content_type == "image/jpeg");
    BOOST_TEST(reply.internal_uri == "/_private/quotes/1/really-a-jpeg.png");
    BOOST_TEST(reply.content_disposition == "inline; filename=\"really-a-jpeg.png.jpg\"");
}

BOOST_AUTO_TEST_CASE(the_internal_uri_refuses_traversal_and_anything_unusual) {
    BOOST_TEST(*internal_uri("quotes/3/17/1-2.jpg") == "/_private/quotes/3/17/1-2.jpg");
    BOOST_TEST(*internal_uri("quotes/demo/brake-disc.jpg") ==
               "/_private/quotes/demo/brake-disc.jpg");
    BOOST_TEST(*internal_uri("invoice_2026.pdf") == "/_private/invoice_2026.pdf");
    const char* refused[] = {
        "",
        "../etc/passwd",
        "quotes/../../etc/passwd",
        "quotes/..",
        "quotes/a..b.jpg",
        "/etc/passwd",
        "/quotes/1.jpg",
        "quotes/1.jpg/",
        "quotes//1.jpg",
        "./quotes/1.jpg",
        "quotes/./1.jpg",
        "quotes/.1.jpg.Ab3dEf",  // a half-written temporary file
        ".htaccess",
        "quotes/1 2.jpg",
        "quotes/1%2e%2e/x.jpg",
        "quotes\\..\\x.jpg",
        "quotes/1.jpg?x=1",
        "quotes/1.jpg#x",
        "quotes/caf\xC3\xA9.jpg",
        "quotes/1.jpg\nX-Accel-Redirect: /etc",
        "quotes/1.jpg\r\n",
    };
    for (const char* path : refused) BOOST_TEST_CONTEXT("'" << path << "'") {
            BOOST_TEST(!internal_uri(path).has_value());
            BOOST_TEST(!is_stored_path(path));
        }
    BOOST_TEST(!internal_uri("quotes/1.jpg\0x"s).has_value());
    FilesDir dir;
    BOOST_CHECK_THROW(private_file(dir.path, "../etc/passwd"), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(the_disposition_filename_is_sanitised_to_plain_ascii) {
    const FileType jpeg = *detect_type(kJpegHead);
    const FileType pdf = *detect_type(kPdfHead);
    struct Case {
        std::string name;
        const FileType& type;
        const char* expected;
    } cases[] = {
        {"brake-pad.jpg", jpeg, "brake-pad.jpg"},
        {"Brake pad (front).JPG", jpeg, "Brake_pad_front_.JPG"},
        {"pad.jpeg", jpeg, "pad.jpeg"},
        {"quote-12-photo-34", jpeg, "quote-12-photo-34.jpg"},
        {"invoice.pdf.exe", pdf, "invoice.pdf.exe.pdf"},
        {"a\"b\\c;d\r\nContent-Type: text/html", pdf, "a_b_c_d_Content-Type_text_html.pdf"},
        {"Rechnung für Müller.pdf", pdf, "Rechnung_f_r_M_ller.pdf"},
        {"../../etc/passwd", pdf, "_.._etc_passwd.pdf"},
        {"...hidden", jpeg, "hidden.jpg"},
        {"", jpeg, "file.jpg"},
        {"日本語", jpeg, "_.jpg"},
        {std::string(300, 'x') + ".pdf", pdf, nullptr},
    };
    for (const auto& c : cases) BOOST_TEST_CONTEXT(c.name) {
            std::string header = content_disposition(c.name, c.type, Disposition::show);
            std::string prefix = "inline; filename=\"";
            BOOST_TEST_REQUIRE(header.compare(0, prefix.size(), prefix) == 0);
            BOOST_TEST_REQUIRE(header.back() == '"');
            std::string name = header.substr(prefix.size(), header.size() - prefix.size() - 1);
            if (c.expected) BOOST_TEST(name == c.expected);
            BOOST_TEST(name.size() <= 100u);
            BOOST_TEST(name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                              "0123456789._-") == std::string::npos);
            BOOST_TEST(name.front() != '.');
        }
    BOOST_TEST(content_disposition(std::string(300, 'x') + ".pdf", pdf, Disposition::show) ==
               "inline; filename=\"" + std::string(96, 'x') + ".pdf\"");
    BOOST_TEST(content_disposition("Invoice INV-7.pdf", pdf, Disposition::download) ==
               "attachment; filename=\"Invoice_INV-7.pdf\"");
}

BOOST_AUTO_TEST_CASE(private_files_are_0640_in_0750_folders_whatever_the_umask) {
    for (mode_t mask : {mode_t(0), mode_t(077), mode_t(022)}) {
        BOOST_TEST_CONTEXT("umask 0" << std::oct << mask) {
            FilesDir dir;
            Umask umask(mask);
            NewPrivateFiles files(dir.path);
            files.write("quotes/7/42/1-1.jpg", kJpegHead);
            files.write("quotes/7/42/1-2.png", kPngHead);
            files.keep();
            BOOST_TEST(mode_of(dir.path + "/quotes") == 0750u);
            BOOST_TEST(mode_of(dir.path + "/quotes/7") == 0750u);
            BOOST_TEST(mode_of(dir.path + "/quotes/7/42") == 0750u);
            BOOST_TEST(mode_of(dir.path + "/quotes/7/42/1-1.jpg") == 0640u);
            BOOST_TEST(mode_of(dir.path + "/quotes/7/42/1-2.png") == 0640u);
            BOOST_TEST((file_bytes(dir.path + "/quotes/7/42/1-1.jpg") == kJpegHead));
            // Only the files themselves: no temporary file is left beside them.
            std::vector<std::string> names = dir.names_in("quotes/7/42");
            std::sort(names.begin(), names.end());
            BOOST_TEST(names == (std::vector<std::string>{"1-1.jpg", "1-2.png"}),
                       boost::test_tools::per_element());
        }
    }
}

BOOST_AUTO_TEST_CASE(files_of_a_change_not_kept_are_removed_with_the_folders_made_for_them) {
    FilesDir dir;
    {
        NewPrivateFiles kept(dir.path);
        kept.write("quotes/1/old.jpg", kJpegHead);
        kept.keep();
    }
    {
        NewPrivateFiles files(dir.path);
        files.write("quotes/1/2/new.jpg", kJpegHead);
        files.write("quotes/1/3/new.png", kPngHead);
        files.write("quotes/1/new.pdf", kPdfHead);
    }  // never kept: the change failed
    BOOST_TEST(dir.names_in("quotes/1") == std::vector<std::string>{"old.jpg"},
               boost::test_tools::per_element());
    {
        NewPrivateFiles files(dir.path);
        files.write("quotes/1/2/new.jpg", kJpegHead);
        files.keep();
    }
    BOOST_TEST(fs::exists(dir.path + "/quotes/1/2/new.jpg"));
}

BOOST_AUTO_TEST_CASE(a_private_write_refuses_bad_paths_existing_files_and_a_missing_files_dir) {
    FilesDir dir;
    NewPrivateFiles files(dir.path);
    files.write("a/photo.jpg", kJpegHead);
    files.keep();
    // Replacing would lose the file a rollback then removes.
    BOOST_CHECK_THROW(files.write("a/photo.jpg", kPngHead), std::runtime_error);
    BOOST_TEST((file_bytes(dir.path + "/a/photo.jpg") == kJpegHead));
    for (const char* bad : {"../escape.jpg", "/tmp/escape.jpg", "a/../../escape.jpg", "a/.x.jpg"})
        BOOST_TEST_CONTEXT(bad) {
            BOOST_CHECK_THROW(files.write(bad, kJpegHead), std::runtime_error);
        }
    BOOST_TEST(!fs::exists(fs::path(dir.path).parent_path() / "escape.jpg"));
    // A file where a folder should be.
    BOOST_CHECK_THROW(files.write("a/photo.jpg/x.jpg", kJpegHead), std::runtime_error);
    try {
        NewPrivateFiles missing(dir.path + "/nowhere");
        BOOST_FAIL("a missing files_dir was accepted");
    } catch (const std::runtime_error& e) {
        BOOST_TEST(std::string(e.what()) == "the files directory " + dir.path +
                                                "/nowhere (files_dir in the configuration) does "
                                                "not exist");
    }
}

BOOST_AUTO_TEST_CASE(a_page_sends_a_private_file_with_one_call) {
    FilesDir dir;
    NewPrivateFiles files(dir.path);
    files.write("invoices/2/INV-7.pdf", kPdfHead);
    files.keep();
    Response res;
    res.send_file(
        private_file(dir.path, "invoices/2/INV-7.pdf", "Invoice INV-7", Disposition::download));
    BOOST_TEST(res.sends_file());
    std::string out = res.serialise(true, false);
    for (const char* line : {
             "\r\nContent-Type: application/pdf\r\n",
             "\r\nX-Accel-Redirect: /_private/invoices/2/INV-7.pdf\r\n",
             "\r\nContent-Disposition: attachment; filename=\"Invoice_INV-7.pdf\"\r\n",
             "\r\nCache-Control: no-store\r\n",
             "\r\nX-Content-Type-Options: nosniff\r\n",
         })
        BOOST_TEST_CONTEXT(line) {
            BOOST_TEST(out.find(line) != std::string::npos);
        }
    BOOST_TEST(out.find("Cache-Control") == out.rfind("Cache-Control"));  // said once
}

BOOST_AUTO_TEST_SUITE_END()
