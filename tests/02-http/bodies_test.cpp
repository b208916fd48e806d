// Exercise 02.8, over a socketpair: the bodies a response can have, reading a
// request's body only when the handler asks for it (and 100 Continue), and
// handing the connection over after a 101.

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "minifw/http/connection.hpp"
#include "minifw/http/status.hpp"
#include "minifw/net/socket.hpp"
#include "minifw_test/bytes.hpp"
#include "served.hpp"

namespace {

using namespace minifw::http;
using namespace minifw::test;

// A temporary file holding `content`, open for reading, removed at once (the
// open descriptor keeps it alive).
std::shared_ptr<const minifw::net::UniqueFd> file_holding(std::string_view content) {
    char name[] = "/tmp/minifw-body-XXXXXX";
    const int fd = ::mkstemp(name);
    if (fd < 0) {
        throw std::runtime_error("mkstemp failed");
    }
    ::unlink(name);
    if (::write(fd, content.data(), content.size()) != static_cast<ssize_t>(content.size())) {
        ::close(fd);
        throw std::runtime_error("could not write a temporary file");
    }
    return std::make_shared<const minifw::net::UniqueFd>(fd);
}

TEST(Bodies, FileBodyIsSentFromTheFile) {
    auto file = file_holding("0123456789");
    ServedConnection connection([file](const Request&) {
        Response response;
        response.headers.set("Content-Type", "text/plain");
        response.file = FileRange{file, 2, 5};
        return response;
    });
    connection.send("GET /digits HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_BYTES_EQ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\n23456",
                    without_date(connection.read_response()));
    // HEAD: the same length, and not a byte of the file.
    connection.send("HEAD /digits HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_BYTES_EQ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\n",
                    without_date(connection.read_response(true)));
    connection.send("GET /digits HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_TRUE(without_date(connection.read_response()).ends_with("\r\n\r\n23456"))
        << "the same bytes again: the range starts where it says, each time";
    connection.close_sending();
    EXPECT_EQ(connection.result(), 3u);
}

// Pieces produced while the response is sent, framed as chunks for HTTP/1.1;
// the connection goes on after the last chunk.
TEST(Bodies, ChunkSourceIsFramedAsChunksForHttp11) {
    ServedConnection connection([](const Request&) {
        auto pieces = std::make_shared<std::vector<std::string>>(
            std::vector<std::string>{"data: one\n\n", "data: two\n\n"});
        Response response;
        response.headers.set("Content-Type", "text/event-stream");
        response.chunks = [pieces, next = std::size_t{0}]() mutable {
            return next < pieces->size() ? (*pieces)[next++] : std::string();
        };
        return response;
    });
    connection.send("GET /events HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_BYTES_EQ(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/event-stream\r\n\r\n"
        "b\r\ndata: one\n\n\r\nb\r\ndata: two\n\n\r\n0\r\n\r\n",
        without_date(connection.read_until("0\r\n\r\n")));
    connection.send("GET /events HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_NE(connection.read_until("0\r\n\r\n").find("data: two"), std::string::npos);
    connection.close_sending();
    EXPECT_EQ(connection.result(), 2u);
}

TEST(Bodies, ChunkSourceToHttp10EndsWithTheConnection) {
    ServedConnection connection([](const Request&) {
        Response response;
        response.chunks = [sent = false]() mutable {
            return std::exchange(sent, true) ? std::string() : std::string("all of it");
        };
        return response;
    });
    connection.send("GET /export HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    EXPECT_BYTES_EQ("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of it",
                    without_date(connection.read_until("all of it")));
    EXPECT_TRUE(connection.sees_end_of_stream());
    EXPECT_EQ(connection.extra_bytes(), "");
    EXPECT_EQ(connection.result(), 1u);
}

// The body is read when the handler asks: a client that expects 100-continue
// is told to send it only then (RFC 9110 section 10.1.1).
TEST(Bodies, ContinueComesOnlyWhenTheHandlerReadsTheBody) {
    ServedConnection connection([](Context& context) {
        const Request& request = context.read_body();
        return Response::text(200, "got [" + request.body + "]");
    });
    connection.send(
        "PUT /notes/1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
    EXPECT_BYTES_EQ("HTTP/1.1 100 Continue\r\n\r\n", connection.read_until("\r\n\r\n"));
    connection.send("hello");
    const std::string response = without_date(connection.read_response());
    EXPECT_EQ(response.substr(0, 17), "HTTP/1.1 200 OK\r\n");
    EXPECT_TRUE(response.ends_with("got [hello]")) << response;
    connection.close_sending();
    EXPECT_EQ(connection.result(), 1u);
}

// A handler that answers without the body: no 100, the final status at once,
// and the connection closes (the body's bytes would look like a request).
TEST(Bodies, AnswerWithoutTheBodySkipsContinueAndCloses) {
    ServedConnection connection([](Context&) { return Response::text(401, "log in first"); });
    connection.send(
        "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000\r\n"
        "Expect: 100-continue\r\n\r\n");
    const std::string response = connection.read_response();
    EXPECT_EQ(response.substr(0, 27), "HTTP/1.1 401 Unauthorized\r\n") << response;
    EXPECT_NE(response.find("\r\nConnection: close\r\n"), std::string::npos) << response;
    EXPECT_TRUE(connection.sees_end_of_stream());
    EXPECT_EQ(connection.result(), 1u);
}

// A limit set by the application (a layer) refuses a declared length before
// a byte of the body is read or asked for.
TEST(Bodies, ContextBodyLimitRefusesBeforeTheBody) {
    ServedConnection connection([](Context& context) {
        context.limit_body(100);
        const Request& request = context.read_body();
        return Response::text(200, std::to_string(request.body.size()));
    });
    connection.send(
        "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n");
    const std::string response = connection.read_response();
    EXPECT_EQ(response.substr(0, 32), "HTTP/1.1 413 Content Too Large\r\n") << response;
    EXPECT_NE(response.find("\r\nConnection: close\r\n"), std::string::npos) << response;
    EXPECT_TRUE(connection.sees_end_of_stream());
    EXPECT_EQ(connection.result(), 1u);
}

// A small body that arrived with its head and was never read is stepped over:
// the connection goes on.
TEST(Bodies, AnUnreadBodyAlreadyHereIsSteppedOver) {
    ServedConnection connection(
        [](Context& context) { return Response::text(200, context.request().target); });
    connection.send(
        "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nxyz"
        "GET /b HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_TRUE(without_date(connection.read_response()).ends_with("/a"));
    EXPECT_TRUE(without_date(connection.read_response()).ends_with("/b"));
    connection.close_sending();
    EXPECT_EQ(connection.result(), 2u);
}

// After a 101, the handler owns the byte stream, starting with the bytes the
// client sent right after its request.
TEST(Bodies, UpgradeHandsOverTheBytesAfterTheHead) {
    ServedConnection connection([](const Request&) {
        Response response;
        response.status = 101;
        response.headers.set("Connection", "Upgrade");
        response.headers.set("Upgrade", "echo");
        response.upgrade = [](Upgraded stream) {
            minifw::net::write_all(stream.fd, "echo:" + stream.already_read + "|");
        };
        return response;
    });
    connection.send(
        "GET /chat HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n"
        "first bytes");
    EXPECT_BYTES_EQ(
        "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n",
        without_date(connection.read_until("\r\n\r\n")));
    EXPECT_EQ(connection.read_until("|"), "echo:first bytes|");
    EXPECT_EQ(connection.result(), 1u);
}

TEST(Bodies, ServerErrorsTellTheClientNothing) {
    ServedConnection connection(
        [](const Request&) -> Response { throw HttpError(503, "replica 10.0.0.5 is down"); });
    connection.send("GET /report HTTP/1.1\r\nHost: a\r\n\r\n");
    const std::string response = connection.read_response();
    EXPECT_EQ(response.substr(0, 34), "HTTP/1.1 503 Service Unavailable\r\n");
    EXPECT_EQ(response.find("10.0.0.5"), std::string::npos) << response;
    EXPECT_TRUE(connection.sees_end_of_stream());
}

}  // namespace
