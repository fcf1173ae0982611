// The gate's uploads (Route::uploads): multipart forms through a real page program, run as CGI
// against the test stack's database (tests/programs/upload_echo.cc echoes what it was given).
#define BOOST_TEST_DYN_LINK
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "csrf.h"
#include "fixtures.h"
#include "tokens.h"

using namespace itest;

namespace {

const std::string kBoundary = kMultipartBoundary;
const std::string kJpeg = std::string("\xFF\xD8\xFF\xE0", 4) + std::string(2000, 'j');

// Runs the echo program once as CGI: POST /echo with `body`; its whole CGI answer.
std::string post(const std::string& body, const std::string& pre,
                 const std::string& content_type = "multipart/form-data; boundary=" + kBoundary) {
    std::string file = stack_dir() + "/upload-body";
    std::ofstream(file, std::ios::binary) << body;
    // As the stack's own user (root runs the stack as portal), like the workers.
    std::string as_owner = ::geteuid() == 0 ? "runuser -u portal -- " : "";
    return shell(as_owner + "env -i PORTAL_CONF='" + stack_dir() +
                 "/portal.conf' REQUEST_METHOD=POST REQUEST_URI=/echo SERVER_NAME=smiths.localhost"
                 " HTTP_HOST=smiths.localhost CONTENT_TYPE='" +
                 content_type + "' CONTENT_LENGTH=" + std::to_string(body.size()) +
                 " HTTP_COOKIE='portal_pre=" + pre + "' '" + repo_dir() +
                 "/build/tests/upload-echo' < '" + file + "' 2>/dev/null");
}

int status_of(const std::string& cgi) {
    return std::stoi(cgi.substr(8, 3));
}  // "Status: 200"

size_t leftovers() {
    std::string dir = stack_dir() + "/files/.uploads";
    if (!std::filesystem::exists(dir)) return 0;
    return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(dir), {}));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(uploads)

BOOST_AUTO_TEST_CASE(fields_and_files_arrive_and_the_files_are_gone_after_the_request) {
    std::string pre = portal::random_token();
    std::string out = post(multipart({{"csrf", portal::csrf_token(pre), "", ""},
                                      {"note", "Warning light, Zoë's car", "", ""},
                                      {"photo", kJpeg, "dash.jpg", "image/jpeg"},
                                      {"photo", "", "", "application/octet-stream"}}),
                           pre);
    BOOST_TEST(status_of(out) == 200, out);
    BOOST_TEST(out.find("note=Warning light, Zoë's car\n") != std::string::npos, out);
    BOOST_TEST(out.find("file photo name=dash.jpg type=image/jpeg bytes=2004 on_disk=2004 "
                        "mode=600 head=ffd8") != std::string::npos,
               out);
    BOOST_TEST(count(out, "file photo") == 1u);  // the empty second input sent no file
    BOOST_TEST(leftovers() == 0u);

    // The same route still takes an urlencoded form.
    std::string plain = post("csrf=" + url_encode(portal::csrf_token(pre)) + "&note=hi", pre,
                             "application/x-www-form-urlencoded");
    BOOST_TEST(status_of(plain) == 200, plain);
    BOOST_TEST(plain.find("note=hi\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(no_file_reaches_the_disk_before_the_forms_token_is_checked) {
    std::string pre = portal::random_token();
    // The token after the file: refused when the file begins, nothing written.
    std::string late = post(multipart({{"photo", kJpeg, "dash.jpg", "image/jpeg"},
                                       {"csrf", portal::csrf_token(pre), "", ""}}),
                            pre);
    BOOST_TEST(status_of(late) == 403, late);
    std::string wrong = post(multipart({{"csrf", portal::csrf_token("x" + pre.substr(1)), "", ""},
                                        {"photo", kJpeg, "dash.jpg", "image/jpeg"}}),
                             pre);
    BOOST_TEST(status_of(wrong) == 403, wrong);
    BOOST_TEST(leftovers() == 0u);
}

BOOST_AUTO_TEST_CASE(limits_unknown_inputs_and_malformed_bodies_are_refused) {
    std::string pre = portal::random_token();
    std::string csrf = portal::csrf_token(pre);
    std::string big(1024 * 1024 + 1, 'x');
    BOOST_TEST(
        status_of(post(multipart({{"csrf", csrf, "", ""}, {"photo", big, "big.jpg", "image/jpeg"}}),
                       pre)) == 413);
    BOOST_TEST(status_of(post(multipart({{"csrf", csrf, "", ""},
                                         {"photo", "1", "a.jpg", "image/jpeg"},
                                         {"photo", "2", "b.jpg", "image/jpeg"},
                                         {"photo", "3", "c.jpg", "image/jpeg"}}),
                              pre)) == 413);  // three files where two are allowed
    BOOST_TEST(status_of(post(
                   multipart({{"csrf", csrf, "", ""}, {"avatar", kJpeg, "me.jpg", "image/jpeg"}}),
                   pre)) == 400);  // a file input the route doesn't name
    BOOST_TEST(status_of(post(multipart({{"csrf", csrf, "", ""}, {"admin", "1", "", ""}}),
                              pre)) == 400);  // an unknown plain field, as in any form
    // A file name with a path (browsers send the name alone) is refused, not cut.
    for (const char* name : {"C:\\phone\\dash.jpg", "../dash.jpg"})
        BOOST_TEST(status_of(post(
                       multipart({{"csrf", csrf, "", ""}, {"photo", kJpeg, name, "image/jpeg"}}),
                       pre)) == 400);
    std::string body = multipart({{"csrf", csrf, "", ""}, {"photo", kJpeg, "a.jpg", "image/jpeg"}});
    BOOST_TEST(status_of(post(body.substr(0, body.size() - 10), pre)) == 400);  // cut short
    BOOST_TEST(status_of(post(body, pre, "multipart/form-data")) == 415);       // no boundary
    BOOST_TEST(leftovers() == 0u);

    // A route that takes no uploads refuses multipart outright.
    Call call;
    call.method = "POST";
    call.path = "/login/link";
    call.headers = {"Content-Type: multipart/form-data; boundary=" + kBoundary};
    call.body = multipart({{"email", "ann@example.com", "", ""}});
    BOOST_TEST(http(call).status == 415);
}

BOOST_AUTO_TEST_SUITE_END()
