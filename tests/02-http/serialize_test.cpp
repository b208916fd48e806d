// Exercise 02.6: a Response turned into bytes whose framing a client can
// trust.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

#include "minifw/http/response.hpp"
#include "minifw/http/status.hpp"
#include "minifw_test/bytes.hpp"

namespace {

using namespace minifw::http;

constexpr std::string_view kDate = "Sun, 06 Nov 1994 08:49:37 GMT";

SerializeOptions at_fixed_date() {
    SerializeOptions options;
    options.date = kDate;
    return options;
}

TEST(Serialize, OkWithBody) {
    Response response = Response::text(200, "hello, world");
    response.headers.add("X-Trace", "abc");
    EXPECT_BYTES_EQ(
        "HTTP/1.1 200 OK\r\n"
        "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
        "Content-Length: 12\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "X-Trace: abc\r\n"
        "\r\n"
        "hello, world",
        serialize(response, at_fixed_date()));
}

TEST(Serialize, StatusLineUsesTheReasonPhrase) {
    Response created = Response::text(201, "{}", "application/json");
    EXPECT_BYTES_EQ(
        "HTTP/1.1 201 Created\r\n"
        "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
        "Content-Length: 2\r\n"
        "Content-Type: application/json\r\n"
        "\r\n"
        "{}",
        serialize(created, at_fixed_date()));
    Response missing;
    missing.status = 404;
    EXPECT_BYTES_EQ(
        "HTTP/1.1 404 Not Found\r\n"
        "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
        "Content-Length: 0\r\n"
        "\r\n",
        serialize(missing, at_fixed_date()));
}

TEST(Serialize, NoContentHasNeitherLengthNorBody) {
    Response response;
    response.status = 204;
    response.headers.add("X-Id", "7");
    response.body = "dropped";  // a 204 has no content (RFC 9110 section 15.3.5)
    EXPECT_BYTES_EQ(
        "HTTP/1.1 204 No Content\r\n"
        "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
        "X-Id: 7\r\n"
        "\r\n",
        serialize(response, at_fixed_date()));
}

TEST(Serialize, InformationalHasNeitherLengthNorBody) {
    Response response;
    response.status = 101;
    response.headers.add("Upgrade", "websocket");
    response.body = "dropped";
    EXPECT_BYTES_EQ(
        "HTTP/1.1 101 Switching Protocols\r\n"
        "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
        "Upgrade: websocket\r\n"
        "\r\n",
        serialize(response, at_fixed_date()));
}

TEST(Serialize, NotModifiedHasNoBody) {
    Response response;
    response.status = 304;
    response.headers.add("ETag", "\"v1\"");
    response.body = "the body the client already has";
    EXPECT_BYTES_EQ(
        "HTTP/1.1 304 Not Modified\r\n"
        "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
        "ETag: \"v1\"\r\n"
        "\r\n",
        serialize(response, at_fixed_date()));
}

TEST(Serialize, HeadKeepsTheLengthAndDropsTheBody) {
    Response response = Response::text(200, "<h1>index</h1>", "text/html");
    SerializeOptions options = at_fixed_date();
    options.head_request = true;
    EXPECT_BYTES_EQ(
        "HTTP/1.1 200 OK\r\n"
        "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
        "Content-Length: 14\r\n"
        "Content-Type: text/html\r\n"
        "\r\n",
        serialize(response, options));
}

TEST(Serialize, ClosingAddsConnectionClose) {
    Response response = Response::text(400, "bad\n");
    response.headers.add("Connection", "keep-alive");  // contradicts closing: dropped
    SerializeOptions options = at_fixed_date();
    options.close = true;
    EXPECT_BYTES_EQ(
        "HTTP/1.1 400 Bad Request\r\n"
        "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
        "Content-Length: 4\r\n"
        "Connection: close\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "\r\n"
        "bad\n",
        serialize(response, options));
}

TEST(Serialize, FramingFieldsAreTheSerializers) {
    Response response;
    response.headers.add("content-length", "999");
    response.headers.add("Transfer-Encoding", "chunked");
    response.headers.add("Date", "Mon, 01 Jan 1990 00:00:00 GMT");
    response.headers.add("X-Kept", "yes");
    response.body = "abc";
    EXPECT_BYTES_EQ(
        "HTTP/1.1 200 OK\r\n"
        "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
        "Content-Length: 3\r\n"
        "X-Kept: yes\r\n"
        "\r\n"
        "abc",
        serialize(response, at_fixed_date()));
}

TEST(Serialize, DateDefaultsToNow) {
    const std::string before = http_date();
    const std::string bytes = serialize(Response::text(200, "x"));
    const std::string after = http_date();
    const std::string prefix = "HTTP/1.1 200 OK\r\nDate: ";
    ASSERT_EQ(bytes.substr(0, prefix.size()), prefix);
    const std::string date =
        bytes.substr(prefix.size(), bytes.find("\r\n", prefix.size()) - prefix.size());
    EXPECT_TRUE(date == before || date == after)
        << date << " is neither " << before << " nor " << after;
}

TEST(Serialize, RefusesWhatWouldSplitTheResponse) {
    Response injected = Response::text(302, "");
    injected.headers.add("Location", "/next\r\nSet-Cookie: session=stolen");
    EXPECT_THROW(serialize(injected, at_fixed_date()), std::invalid_argument);

    Response bad_name;
    bad_name.headers.add("X Bad", "1");
    EXPECT_THROW(serialize(bad_name, at_fixed_date()), std::invalid_argument);

    Response bad_status;
    bad_status.status = 1000;
    EXPECT_THROW(serialize(bad_status, at_fixed_date()), std::invalid_argument);
    bad_status.status = 99;
    EXPECT_THROW(serialize(bad_status, at_fixed_date()), std::invalid_argument);
}

// A file body: the head says how long the range is; the bytes are the
// server's to send, not the serializer's.
TEST(Serialize, FileBodyGivesTheRangeLengthAndNoBytes) {
    Response response;
    response.headers.set("Content-Type", "text/css");
    response.file = FileRange{nullptr, 10, 4096};
    EXPECT_BYTES_EQ(
        "HTTP/1.1 200 OK\r\n"
        "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
        "Content-Length: 4096\r\n"
        "Content-Type: text/css\r\n"
        "\r\n",
        serialize(response, at_fixed_date()));
}

// Chunks: no length is known, so HTTP/1.1 gets Transfer-Encoding: chunked,
// and HTTP/1.0 no framing field at all (the close ends the body).
TEST(Serialize, ChunkedBodyIsAnnouncedOnlyWhereChunkingIsAllowed) {
    Response response;
    response.chunks = [] { return std::string(); };
    EXPECT_BYTES_EQ(
        "HTTP/1.1 200 OK\r\n"
        "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
        "Transfer-Encoding: chunked\r\n"
        "\r\n",
        serialize(response, at_fixed_date()));
    SerializeOptions http10 = at_fixed_date();
    http10.chunked = false;
    http10.close = true;
    EXPECT_BYTES_EQ(
        "HTTP/1.1 200 OK\r\n"
        "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
        "Connection: close\r\n"
        "\r\n",
        serialize(response, http10));
}

TEST(Serialize, RefusesTwoKindsOfBody) {
    const FileRange ten_bytes{std::make_shared<const minifw::net::UniqueFd>(), 0, 10};
    Response both = Response::text(200, "in memory");
    both.file = ten_bytes;
    EXPECT_THROW(serialize(both, at_fixed_date()), std::invalid_argument);
    Response chunks_and_file;
    chunks_and_file.file = ten_bytes;
    chunks_and_file.chunks = [] { return std::string(); };
    EXPECT_THROW(serialize(chunks_and_file, at_fixed_date()), std::invalid_argument);
}

}  // namespace
