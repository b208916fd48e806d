// Exercise 05.3: request ids, access logs and body limits.

#include <gtest/gtest.h>

#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <set>
#include <string>
#include <vector>

#include "middleware_test.hpp"
#include "minifw/http/connection.hpp"
#include "minifw/middleware/access_log.hpp"
#include "minifw/middleware/body_limit.hpp"
#include "minifw/middleware/pipeline.hpp"
#include "minifw/middleware/request_id.hpp"
#include "minifw_test/net.hpp"

namespace {

using minifw::http::Request;
using minifw::http::Response;
using minifw::middleware::access_log;
using minifw::middleware::body_limit;
using minifw::middleware::Pipeline;
using minifw::middleware::request_id;
using minifw::middleware::RequestIdOptions;
using minifw::test::make_request;

bool is_hex_id(std::string_view id) {
    return id.size() == 32 && std::all_of(id.begin(), id.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

// True when `line` is `before`, then one or more digits, then `after`.
bool digits_between(std::string_view line, std::string_view before, std::string_view after) {
    if (line.size() <= before.size() + after.size() || !line.starts_with(before) ||
        !line.ends_with(after)) {
        return false;
    }
    auto digits = line.substr(before.size(), line.size() - before.size() - after.size());
    return std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// An endpoint that answers with the id the context carries to it.
Response echo_id(minifw::http::Context& context) {
    return Response::text(200, std::string(minifw::middleware::request_id_of(context)));
}

TEST(RequestId, KeepsAnAcceptableIncomingId) {
    Pipeline pipeline;
    pipeline.use("request_id", request_id());
    auto handler = pipeline.build(echo_id);

    Response response =
        handler(make_request("GET", "/", {{"X-Request-Id", "edge-7f3a.2024:11/22+x="}}));

    EXPECT_EQ(response.body, "edge-7f3a.2024:11/22+x=") << "the endpoint saw the id unchanged";
    EXPECT_EQ(response.headers.get("X-Request-Id").value_or(""), "edge-7f3a.2024:11/22+x=");
}

TEST(RequestId, GeneratesAnUnpredictableHexIdWhenNoneCame) {
    Pipeline pipeline;
    pipeline.use("request_id", request_id());
    auto handler = pipeline.build(echo_id);

    Response first = handler(make_request("GET", "/"));
    Response second = handler(make_request("GET", "/"));

    EXPECT_TRUE(is_hex_id(first.body)) << "endpoint saw: " << first.body;
    EXPECT_EQ(first.headers.get("X-Request-Id").value_or(""), first.body);
    EXPECT_NE(first.body, second.body);

    std::set<std::string> ids;
    for (int i = 0; i < 1000; ++i) {
        std::string id = minifw::middleware::generate_request_id();
        ASSERT_TRUE(is_hex_id(id)) << id;
        ids.insert(id);
    }
    EXPECT_EQ(ids.size(), 1000u);
}

TEST(RequestId, ReplacesAnUnsafeOverlongOrRepeatedId) {
    RequestIdOptions options;
    options.header = "X-Trace-Id";
    options.max_length = 16;
    Pipeline pipeline;
    pipeline.use("request_id", request_id(options));
    auto handler = pipeline.build(echo_id);

    std::vector<Request> bad = {
        make_request("GET", "/", {{"X-Trace-Id", "has space"}}),
        make_request("GET", "/", {{"X-Trace-Id", "quote\"d"}}),
        make_request("GET", "/", {{"X-Trace-Id", "new\nline"}}),
        make_request("GET", "/", {{"X-Trace-Id", ""}}),
        make_request("GET", "/", {{"X-Trace-Id", "0123456789abcdefX"}}),
        make_request("GET", "/", {{"X-Trace-Id", "one"}, {"X-Trace-Id", "two"}}),
    };
    for (const Request& request : bad) {
        Response response = handler(request);
        EXPECT_TRUE(is_hex_id(response.body))
            << "incoming '" << request.headers.combined("X-Trace-Id").value_or("")
            << "' reached the endpoint as '" << response.body << "'";
        EXPECT_EQ(response.headers.get("X-Trace-Id").value_or(""), response.body);
    }
    EXPECT_TRUE(minifw::middleware::is_acceptable_request_id("0123456789abcdef", 16));
    EXPECT_FALSE(minifw::middleware::is_acceptable_request_id("0123456789abcdef", 15));
}

// Collects the lines an access log writes.
struct Lines {
    std::vector<std::string> lines;
    minifw::middleware::LogSink sink() {
        return [this](std::string_view line) { lines.emplace_back(line); };
    }
};

TEST(AccessLog, WritesOneLineWithRequestLineStatusSizeAndTime) {
    Lines log;
    Pipeline pipeline;
    pipeline.use("access_log", access_log(log.sink()));
    auto handler = pipeline.build([](const Request&) { return Response::text(201, "hello"); });

    Request request = make_request("POST", "/items?page=2");
    request.remote_address = "192.0.2.7";
    handler(request);

    ASSERT_EQ(log.lines.size(), 1u);
    EXPECT_TRUE(
        digits_between(log.lines[0], R"(192.0.2.7 "POST /items?page=2 HTTP/1.1" 201 5 )", "us -"))
        << "line: " << log.lines[0];
}

TEST(AccessLog, LogsTheStatusAFailingEndpointWasAnsweredWith) {
    Lines log;
    Pipeline pipeline;
    pipeline.on_error([](const Request&, std::exception_ptr) { return Response::text(500, ""); });
    pipeline.use("access_log", access_log(log.sink()));
    auto handler =
        pipeline.build([](const Request&) -> Response { throw std::runtime_error("boom"); });

    handler(make_request("GET", "/crash"));

    ASSERT_EQ(log.lines.size(), 1u);
    EXPECT_TRUE(digits_between(log.lines[0], R"(- "GET /crash HTTP/1.1" 500 0 )", "us -"))
        << "line: " << log.lines[0];
}

TEST(AccessLog, EscapesBytesThatCouldForgeALine) {
    Lines log;
    Pipeline pipeline;
    pipeline.use("access_log", access_log(log.sink()));
    auto handler = pipeline.build([](const Request&) { return Response::text(200, ""); });

    // A target that tries to end the line and start a fake entry.
    Request request = make_request("GET", "/x\"\n10.0.0.1 \"GET /admin\\ HTTP/1.1\" 200 0");
    request.remote_address = "10.9.8.7";
    handler(request);

    ASSERT_EQ(log.lines.size(), 1u);
    const std::string& line = log.lines[0];
    EXPECT_EQ(line.find('\n'), std::string::npos) << line;
    EXPECT_EQ(
        line.rfind(
            R"(10.9.8.7 "GET /x\"\x0a10.0.0.1 \"GET /admin\\ HTTP/1.1\" 200 0 HTTP/1.1" 200 0 )",
            0),
        0u)
        << "line: " << line;
}

TEST(AccessLog, CarriesTheRequestIdWhereverRequestIdRuns) {
    auto ok = [](const Request&) { return Response::text(200, "ok"); };

    Lines inside;
    Pipeline id_first;
    id_first.use("request_id", request_id()).use("access_log", access_log(inside.sink()));
    Response response = id_first.build(ok)(make_request("GET", "/"));
    ASSERT_EQ(inside.lines.size(), 1u);
    std::string id(response.headers.get("X-Request-Id").value_or("missing"));
    EXPECT_TRUE(inside.lines[0].ends_with(" " + id)) << "line: " << inside.lines[0];

    // Inside the log, the id layer annotates the same context: the log reads
    // it once next() has returned.
    Lines outside;
    Pipeline log_first;
    log_first.use("access_log", access_log(outside.sink())).use("request_id", request_id());
    Response later = log_first.build(ok)(make_request("GET", "/"));
    ASSERT_EQ(outside.lines.size(), 1u);
    std::string later_id(later.headers.get("X-Request-Id").value_or("missing"));
    EXPECT_TRUE(outside.lines[0].ends_with(" " + later_id)) << "line: " << outside.lines[0];

    // Whatever field carries it: the id comes from the context, not a header.
    Lines traced;
    RequestIdOptions options;
    options.header = "X-Trace-Id";
    Pipeline custom;
    custom.use("request_id", request_id(options)).use("access_log", access_log(traced.sink()));
    custom.build(ok)(make_request("GET", "/", {{"X-Trace-Id", "trace-42"}}));
    ASSERT_EQ(traced.lines.size(), 1u);
    EXPECT_TRUE(traced.lines[0].ends_with(" trace-42")) << "line: " << traced.lines[0];

    Lines none;
    Pipeline no_id;
    no_id.use("access_log", access_log(none.sink()));
    no_id.build(ok)(make_request("GET", "/", {{"X-Request-Id", "unchecked"}}));
    ASSERT_EQ(none.lines.size(), 1u);
    EXPECT_TRUE(none.lines[0].ends_with("us -"))
        << "an id no request_id layer checked is not logged: " << none.lines[0];
}

// An endpoint that counts its calls.
struct Counter {
    int calls = 0;
    minifw::http::Handler handler() {
        return [this](const Request&) {
            ++calls;
            return Response::text(200, "stored");
        };
    }
};

TEST(BodyLimit, RefusesADeclaredLengthOverTheLimitBeforeTheEndpoint) {
    Counter endpoint;
    Pipeline pipeline;
    pipeline.use("body_limit", body_limit(10));
    auto handler = pipeline.build(endpoint.handler());

    // The body has not been read: the header alone must decide.
    Response response =
        handler(make_request("POST", "/upload", {{"Content-Length", "5000000000"}}));

    EXPECT_EQ(response.status, 413);
    EXPECT_CONTAINS(response.body, "10");
    EXPECT_EQ(endpoint.calls, 0);
}

TEST(BodyLimit, RefusesADecodedBodyOverTheLimit) {
    Counter endpoint;
    Pipeline pipeline;
    pipeline.use("body_limit", body_limit(10));
    auto handler = pipeline.build(endpoint.handler());

    // Chunked: no Content-Length, only the decoded body tells the size.
    Response response = handler(
        make_request("POST", "/upload", {{"Transfer-Encoding", "chunked"}}, std::string(11, 'x')));

    EXPECT_EQ(response.status, 413);
    EXPECT_EQ(endpoint.calls, 0);
}

TEST(BodyLimit, LetsABodyAtTheLimitThrough) {
    Counter endpoint;
    Pipeline pipeline;
    pipeline.use("body_limit", body_limit(10));
    auto handler = pipeline.build(endpoint.handler());

    EXPECT_EQ(
        handler(make_request("POST", "/upload", {{"Content-Length", "10"}}, std::string(10, 'x')))
            .status,
        200);
    EXPECT_EQ(handler(make_request("GET", "/")).status, 200);
    EXPECT_EQ(endpoint.calls, 2);
}

TEST(BodyLimit, AnswersAContentLengthThatIsNotANumberWith400) {
    Counter endpoint;
    Pipeline pipeline;
    pipeline.use("body_limit", body_limit(10));
    auto handler = pipeline.build(endpoint.handler());

    for (const char* bad : {"ten", "-1", "5 5", ""}) {
        Response response = handler(make_request("POST", "/", {{"Content-Length", bad}}));
        EXPECT_EQ(response.status, 400) << "Content-Length: '" << bad << "'";
    }
    EXPECT_EQ(endpoint.calls, 0);
}

// Over a connection, where the body really is read later: the layer answers
// 413 from the head alone, so the client that waits for 100 Continue is never
// told to send its megabyte; a chunked body is cut off where it passes the
// limit, not read to its end.
TEST(BodyLimit, RefusesOverAConnectionBeforeTheBodyIsRead) {
    Counter endpoint;
    Pipeline pipeline;
    pipeline.use("body_limit", body_limit(10));
    const minifw::http::Handler handler = pipeline.build(endpoint.handler());

    auto serve = [&handler](std::string_view wire) {
        auto [server, client] = minifw::test::socket_pair();
        const int server_fd = server.get();
        auto served = std::async(std::launch::async, [&handler, server_fd] {
            return minifw::http::serve_connection(server_fd, handler);
        });
        minifw::test::send_all(client.get(), wire);
        std::string answer = minifw::test::read_until_contains(client.get(), "\r\n\r\n");
        ::shutdown(client.get(), SHUT_WR);
        EXPECT_EQ(served.wait_for(std::chrono::seconds(5)), std::future_status::ready);
        return answer;
    };

    std::string declared = serve(
        "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n"
        "Expect: 100-continue\r\n\r\n");
    EXPECT_EQ(declared.substr(0, 32), "HTTP/1.1 413 Content Too Large\r\n") << declared;
    EXPECT_CONTAINS(declared, "\r\nConnection: close\r\n");

    std::string chunked = serve(
        "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        "8\r\n12345678\r\n8\r\n12345678\r\n");  // and more would follow
    EXPECT_EQ(chunked.substr(0, 32), "HTTP/1.1 413 Content Too Large\r\n") << chunked;
    EXPECT_EQ(endpoint.calls, 0);
}

}  // namespace
