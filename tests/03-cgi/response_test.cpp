// Exercise 03.4: reading a CGI response (RFC 3875 section 6).

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "minifw/cgi/response.hpp"
#include "minifw/http/status.hpp"
#include "minifw_test/bytes.hpp"

namespace {

using minifw::cgi::parse_cgi_response;
using minifw::http::HttpError;
using minifw::http::Response;

// The 502 parse_cgi_response() throws for `output`, with its message; 0 if
// it threw nothing.
std::pair<int, std::string> rejection(std::string_view output) {
    try {
        parse_cgi_response(output);
    } catch (const HttpError& error) {
        return {error.status(), error.what()};
    }
    return {0, ""};
}

void expect_rejected(const std::vector<std::string>& outputs) {
    for (const std::string& output : outputs) {
        auto [status, message] = rejection(output);
        EXPECT_EQ(status, 502) << "output: \"" << minifw::test::escape_bytes(output) << "\"";
        if (status == 502) {
            EXPECT_FALSE(message.empty());
        }
    }
}

TEST(CgiResponse, DocumentResponseWithLfLines) {
    Response response = parse_cgi_response("Content-Type: text/html\n\n<p>hi</p>\n");
    EXPECT_EQ(response.status, 200) << "no Status means 200 (RFC 3875 6.2.1)";
    EXPECT_EQ(response.headers.get("Content-Type"), "text/html");
    EXPECT_BYTES_EQ("<p>hi</p>\n", response.body);
}

TEST(CgiResponse, AcceptsCrLfAndKeepsTheBodyByteForByte) {
    constexpr char raw[] = "line one\r\n\r\nline two\n\0binary\xff";
    std::string body(raw, sizeof raw - 1);
    Response response =
        parse_cgi_response("Content-Type: application/octet-stream\r\nX-Id:   7  \r\n\r\n" + body);
    EXPECT_EQ(response.headers.get("Content-Type"), "application/octet-stream");
    EXPECT_EQ(response.headers.get("X-Id"), "7") << "whitespace around a value is not part of it";
    EXPECT_BYTES_EQ(body, response.body);
}

TEST(CgiResponse, StatusFieldSetsTheCode) {
    Response not_found =
        parse_cgi_response("Status: 404 Not Found\nContent-Type: text/plain\n\nno such order");
    EXPECT_EQ(not_found.status, 404);
    EXPECT_FALSE(not_found.headers.contains("Status"))
        << "Status is for the server, not the client";
    EXPECT_BYTES_EQ("no such order", not_found.body);

    EXPECT_EQ(parse_cgi_response("Status: 201\nContent-Type: text/plain\n\n").status, 201);
    EXPECT_EQ(parse_cgi_response("status:  418 I'm a teapot\n\n").status, 418);
}

TEST(CgiResponse, LocationWithoutStatusIsARedirect) {
    Response away = parse_cgi_response("Location: https://example.org/next\n\n");
    EXPECT_EQ(away.status, 302) << "RFC 3875 6.2.3";
    EXPECT_EQ(away.headers.get("Location"), "https://example.org/next");

    Response local = parse_cgi_response("Location: /login?next=%2Forders\r\n\r\n");
    EXPECT_EQ(local.status, 302) << "a local redirect is answered as a client redirect";
    EXPECT_EQ(local.headers.get("Location"), "/login?next=%2Forders");

    Response moved = parse_cgi_response(
        "Status: 301 Moved Permanently\nLocation: /new\nContent-Type: text/plain\n\nmoved");
    EXPECT_EQ(moved.status, 301);
    EXPECT_EQ(moved.headers.get("Location"), "/new");
}

TEST(CgiResponse, DropsFieldsThatFrameTheMessage) {
    Response response = parse_cgi_response(
        "Content-Type: text/plain\n"
        "Content-Length: 999\n"
        "Transfer-Encoding: chunked\n"
        "Connection: keep-alive\n"
        "Date: Sun, 06 Nov 1994 08:49:37 GMT\n"
        "Set-Cookie: a=1\n"
        "Cache-Control: no-store\n"
        "set-cookie: b=2\n"
        "\n"
        "ok");
    EXPECT_FALSE(response.headers.contains("Content-Length"));
    EXPECT_FALSE(response.headers.contains("Transfer-Encoding"));
    EXPECT_FALSE(response.headers.contains("Connection"));
    EXPECT_FALSE(response.headers.contains("Date"));
    EXPECT_EQ(response.headers.get_all("Set-Cookie"),
              (std::vector<std::string_view>{"a=1", "b=2"}));
    EXPECT_EQ(response.headers.get("Cache-Control"), "no-store");
    EXPECT_BYTES_EQ("ok", response.body);
}

TEST(CgiResponse, RejectsOutputWithoutAHeaderBlockAs502) {
    expect_rejected({
        "",
        "hello world\n",
        "<html><body>hi</body></html>",
        "Content-Type: text/plain\n",
        "Content-Type: text/plain",
        "X-Only: 1\n\nbody",
        "\nbody after an empty header block",
    });
}

TEST(CgiResponse, RejectsMalformedFieldsAs502) {
    expect_rejected({
        "Content-Type : text/plain\n\n",
        "Content-Type: text/plain\n continued\n\n",
        ": no name\nContent-Type: text/plain\n\n",
        "Status: 2000 Big\nContent-Type: text/plain\n\n",
        "Status: abc\nContent-Type: text/plain\n\n",
        "Status: 99 Too Low\nContent-Type: text/plain\n\n",
        "Status: 200 OK\nStatus: 404 Not Found\nContent-Type: text/plain\n\n",
        "Content-Type: text/plain\nContent-Type: text/html\n\n",
    });
}

TEST(CgiResponse, ErrorMessagesNameTheOffendingLine) {
    auto [status, message] = rejection("Content-Type: text/plain\nthis is not a header\n\nbody");
    EXPECT_EQ(status, 502);
    EXPECT_NE(message.find("line 2"), std::string::npos) << message;
    EXPECT_NE(message.find("this is not a header"), std::string::npos) << message;
}

}  // namespace
