// Exercise 02.8: the connection policy, without a socket: when a connection
// ends, how a response is framed, and what a client learns of an error.

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "minifw/http/connection.hpp"
#include "minifw/http/status.hpp"
#include "minifw/log.hpp"

namespace {

using namespace minifw::http;

Request request(std::string method, int minor, std::string_view connection = "") {
    Request r;
    r.method = std::move(method);
    r.target = "/things/7";
    r.version_minor = minor;
    r.headers.add("Host", "example.test");
    if (!connection.empty()) {
        r.headers.add("Connection", connection);
    }
    return r;
}

// Captures the process's log for the life of a test.
class CapturedLog {
public:
    CapturedLog() {
        minifw::set_log_sink([this](std::string_view line) { lines.emplace_back(line); });
    }
    ~CapturedLog() { minifw::set_log_sink(minifw::stderr_sink()); }
    CapturedLog(const CapturedLog&) = delete;
    CapturedLog& operator=(const CapturedLog&) = delete;
    std::vector<std::string> lines;
};

TEST(Policy, KeepsAHealthyConnectionOpen) {
    Response response = Response::text(200, "ok");
    const SerializeOptions how = prepare_response(request("GET", 1), response, Exchange{});
    EXPECT_FALSE(how.close);
    EXPECT_FALSE(how.head_request);
    EXPECT_TRUE(how.chunked) << "an HTTP/1.1 client reads chunked bodies";
    EXPECT_FALSE(response.headers.contains("Connection"));

    Response to_head = Response::text(200, "ok");
    EXPECT_TRUE(prepare_response(request("HEAD", 1), to_head, Exchange{}).head_request);
}

TEST(Policy, ClosesWhenTheRequestTheCountOrTheResponseSaysSo) {
    Response response = Response::text(200, "ok");
    EXPECT_TRUE(prepare_response(request("GET", 1, "close"), response, Exchange{}).close);
    EXPECT_TRUE(prepare_response(request("GET", 0), response, Exchange{}).close);

    Exchange last;
    last.answered = 9;
    last.max_requests = 10;
    EXPECT_TRUE(prepare_response(request("GET", 1), response, last).close);
    last.answered = 8;
    EXPECT_FALSE(prepare_response(request("GET", 1), response, last).close);

    Response closing = Response::text(200, "bye");
    closing.headers.set("Connection", "Close");
    EXPECT_TRUE(prepare_response(request("GET", 1), closing, Exchange{}).close);
}

TEST(Policy, ClosesAfterAnUnreadBodyOrAnError) {
    Response response = Response::text(413, "too large");
    Exchange unread;
    unread.body_unread = true;
    EXPECT_TRUE(prepare_response(request("POST", 1), response, unread).close)
        << "the unread body would be parsed as the next request";
    Exchange failed;
    failed.failed = true;
    EXPECT_TRUE(prepare_response(request("GET", 1), response, failed).close);
}

TEST(Policy, Http10KeepAliveIsConfirmedButChunksEndWithTheConnection) {
    Response response = Response::text(200, "ok");
    const SerializeOptions how =
        prepare_response(request("GET", 0, "keep-alive"), response, Exchange{});
    EXPECT_FALSE(how.close);
    EXPECT_FALSE(how.chunked) << "HTTP/1.0 has no chunked coding";
    EXPECT_EQ(response.headers.get("Connection").value_or(""), "keep-alive");

    Response streamed;
    streamed.chunks = [] { return std::string(); };
    const SerializeOptions stream_how =
        prepare_response(request("GET", 0, "keep-alive"), streamed, Exchange{});
    EXPECT_TRUE(stream_how.close) << "only the close tells an HTTP/1.0 client where the body ends";
    EXPECT_FALSE(stream_how.chunked);
}

TEST(Policy, AnUpgradeKeepsTheConnection) {
    Response switching;
    switching.status = 101;
    switching.headers.set("Connection", "Upgrade");
    switching.headers.set("Upgrade", "websocket");
    switching.upgrade = [](Upgraded) {};
    Exchange last;
    last.answered = 0;
    last.max_requests = 1;
    EXPECT_FALSE(prepare_response(request("GET", 1, "Upgrade"), switching, last).close)
        << "after a 101 the connection belongs to the upgrade handler";
}

TEST(Policy, ClientErrorsSayWhyServerErrorsSayNothing) {
    CapturedLog log;
    const Request asked = request("GET", 1);

    Response missing = error_response(asked, std::make_exception_ptr(HttpError(404, "no thing 7")));
    EXPECT_EQ(missing.status, 404);
    EXPECT_NE(missing.body.find("no thing 7"), std::string::npos) << missing.body;

    Response down =
        error_response(asked, std::make_exception_ptr(HttpError(503, "db at 10.0.0.5 is down")));
    EXPECT_EQ(down.status, 503);
    EXPECT_EQ(down.body.find("10.0.0.5"), std::string::npos) << down.body;

    Response broken =
        error_response(asked, std::make_exception_ptr(std::runtime_error("password hunter2")));
    EXPECT_EQ(broken.status, 500);
    EXPECT_EQ(broken.body.find("hunter2"), std::string::npos) << broken.body;

    Response odd = error_response(asked, std::make_exception_ptr(HttpError(302, "not an error")));
    EXPECT_EQ(odd.status, 500) << "an HttpError needs a 4xx or 5xx status";
    EXPECT_EQ(error_response(asked, std::make_exception_ptr(42)).status, 500);

    // What the client was not told, the log was: one line per server error.
    ASSERT_EQ(log.lines.size(), 4u);
    EXPECT_EQ(log.lines[0], "minifw: GET /things/7 failed: db at 10.0.0.5 is down");
    EXPECT_EQ(log.lines[1], "minifw: GET /things/7 failed: password hunter2");
}

}  // namespace
