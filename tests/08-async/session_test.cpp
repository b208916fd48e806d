// Exercise 08.4: the session coroutine, the loop of stage 02 with co_await.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "async_test.hpp"
#include "minifw/net/unique_fd.hpp"

namespace minifw {
namespace {

using namespace std::chrono_literals;
using test::SessionRig;

http::Response echo_target(const http::Request& request) {
    return http::Response::text(200, "at " + request.target);
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

TEST(AsyncSession, AnswersRequestsOnOneKeptAliveConnection) {
    SessionRig rig(echo_target);
    auto client = rig.connect();
    test::send_all(client.get(), "GET /one HTTP/1.1\r\nHost: x\r\n\r\n");
    const std::string first = test::read_until_contains(client.get(), "at /one");
    EXPECT_NE(first.find("HTTP/1.1 200 OK\r\n"), std::string::npos) << first;
    EXPECT_NE(first.find("Date: "), std::string::npos) << "every response has a Date: " << first;
    test::send_all(client.get(), "GET /two HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const std::string second = test::read_until_close(client.get());
    EXPECT_NE(second.find("at /two"), std::string::npos)
        << "the connection stays open between requests: " << second;
    EXPECT_TRUE(rig.ended());
}

TEST(AsyncSession, AnswersPipelinedRequestsInOrderInOneWrite) {
    SessionRig rig(echo_target);
    auto client = rig.connect();
    std::string requests;
    for (int i = 0; i < 20; ++i) {
        requests += "GET /" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\n\r\n";
    }
    requests += "GET /last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    test::send_all(client.get(), requests);
    const std::string replies = test::read_until_close(client.get());
    std::size_t at = 0;
    for (int i = 0; i < 20; ++i) {
        at = replies.find("at /" + std::to_string(i), at);
        ASSERT_NE(at, std::string::npos) << "response " << i << " missing or out of order";
    }
    EXPECT_EQ(count(replies, "HTTP/1.1 200 OK"), 21u) << replies;
    ASSERT_TRUE(rig.ended());
    // The 21 requests arrived together; one write per response would be 21.
    EXPECT_LE(rig.writes(), 3u) << "responses to requests that arrived together go out together";
}

TEST(AsyncSession, ReadsABodyOnlyAfterSaying100Continue) {
    SessionRig rig([](http::Context& context) {
        return http::Response::text(200, "got " + context.read_body().body);
    });
    auto client = rig.connect();
    test::send_all(client.get(),
                   "POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                   "Expect: 100-continue\r\nConnection: close\r\n\r\n");
    const std::string interim = test::read_until_contains(client.get(), "\r\n\r\n");
    EXPECT_EQ(interim, "HTTP/1.1 100 Continue\r\n\r\n");
    test::send_all(client.get(), "hello");
    const std::string reply = test::read_until_close(client.get());
    EXPECT_NE(reply.find("got hello"), std::string::npos) << reply;
}

TEST(AsyncSession, SendsAFileBodyWithoutReadingItIntoMemory) {
    char path[] = "/tmp/minifw-08-file-XXXXXX";
    const int fd = ::mkstemp(path);
    ASSERT_GE(fd, 0);
    ::unlink(path);
    const std::string block(1 << 20, 'x');
    for (int i = 0; i < 4; ++i) {  // 4 MiB, far more than a socket buffer
        ASSERT_EQ(::write(fd, block.data(), block.size()), static_cast<ssize_t>(block.size()));
    }
    auto file = std::make_shared<const net::UniqueFd>(fd);
    SessionRig rig([file](const http::Request&) {
        http::Response response;
        response.status = 200;
        response.file = http::FileRange{file, 0, 4u << 20};
        return response;
    });
    auto client = rig.connect();
    test::send_all(client.get(), "GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const std::string reply = test::read_until_close(client.get(), 30s);
    const auto head_end = reply.find("\r\n\r\n");
    ASSERT_NE(head_end, std::string::npos);
    EXPECT_NE(reply.find("Content-Length: 4194304\r\n"), std::string::npos);
    EXPECT_EQ(reply.size() - head_end - 4, 4u << 20) << "the whole file, then the end";
}

TEST(AsyncSession, StreamsChunksAndEndsWithTheLastChunk) {
    SessionRig rig([](const http::Request&) {
        auto left = std::make_shared<int>(3);
        http::Response response;
        response.status = 200;
        response.chunks = [left]() -> std::string {
            return (*left)-- > 0 ? "piece" + std::to_string(*left) : "";
        };
        return response;
    });
    auto client = rig.connect();
    test::send_all(client.get(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const std::string reply = test::read_until_close(client.get());
    EXPECT_NE(reply.find("Transfer-Encoding: chunked\r\n"), std::string::npos) << reply;
    EXPECT_NE(reply.find("6\r\npiece2\r\n6\r\npiece1\r\n6\r\npiece0\r\n0\r\n\r\n"),
              std::string::npos)
        << reply;
}

TEST(AsyncSession, AnswersMalformedBytesWith400AndCloses) {
    SessionRig rig(echo_target);
    auto client = rig.connect();
    test::send_all(client.get(), "GET / HTTP/1.1\r\nHo st: x\r\n\r\n");
    const std::string reply = test::read_until_close(client.get());
    EXPECT_EQ(reply.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << reply;
    EXPECT_NE(reply.find("Connection: close\r\n"), std::string::npos) << reply;
    EXPECT_TRUE(rig.ended());
}

TEST(AsyncSession, ClosesAHeadThatIsNotCompleteInTime) {
    async::ServerOptions options;
    options.deadlines.head = 100ms;
    SessionRig rig(echo_target, options);
    auto client = rig.connect();
    test::send_all(client.get(), "GET / HTTP/1.1\r\nHost: x\r\n");  // and never the blank line
    EXPECT_TRUE(test::peer_closed(client.get(), 10s)) << "the head deadline (100 ms) passed";
    EXPECT_TRUE(rig.ended());
    EXPECT_FALSE(rig.failed()) << "a deadline is a normal end, not an error to log";
}

TEST(AsyncSession, ClosesAKeptAliveConnectionAfterTheIdleDeadline) {
    async::ServerOptions options;
    options.deadlines.idle = 100ms;
    SessionRig rig(echo_target, options);
    auto client = rig.connect();
    test::send_all(client.get(), "GET /once HTTP/1.1\r\nHost: x\r\n\r\n");
    const std::string reply = test::read_until_close(client.get(), 10s);
    EXPECT_NE(reply.find("at /once"), std::string::npos)
        << "answered first, then closed when no next request came: " << reply;
    EXPECT_TRUE(rig.ended());
}

TEST(AsyncSession, ClosesAClientThatDoesNotRead) {
    async::ServerOptions options;
    options.deadlines.write = 200ms;
    SessionRig rig(
        [](const http::Request&) {
            http::Response response;
            response.status = 200;
            const auto piece = std::make_shared<const std::string>(1 << 20, 'z');
            response.chunks = [piece] { return *piece; };  // without end
            return response;
        },
        options);
    auto client = rig.connect();
    test::send_all(client.get(), "GET /forever HTTP/1.1\r\nHost: x\r\n\r\n");
    // The client reads nothing: the socket buffers fill, the server's writes
    // stop making progress, and the write deadline ends the connection.
    EXPECT_TRUE(rig.ended()) << "a client that does not read must not hold the connection";
}

}  // namespace
}  // namespace minifw
