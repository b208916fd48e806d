// Exercise 02.8: the connection loop, over a socketpair: keep-alive,
// pipelining, closing, and errors answered before the connection ends.

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>

#include "minifw/http/connection.hpp"
#include "minifw/http/status.hpp"
#include "minifw_test/bytes.hpp"
#include "served.hpp"

namespace {

using namespace minifw::http;
using namespace minifw::test;

// Answers with what it was asked, so each response names its request.
Response echo(const Request& request) {
    return Response::text(200, request.method + " " + request.target + " [" + request.body + "]");
}

// The response echo() gives, as bytes without the Date line. The server's
// Connection: close comes before the handler's fields; the keep-alive that
// answers an HTTP/1.0 client is added to them, after.
std::string echoed(std::string_view what, std::string_view connection = "") {
    std::string out = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(what.size()) + "\r\n";
    if (connection == "close") {
        out += "Connection: close\r\n";
    }
    out += "Content-Type: text/plain; charset=utf-8\r\n";
    if (connection == "keep-alive") {
        out += "Connection: keep-alive\r\n";
    }
    return out + "\r\n" + std::string(what);
}

TEST(Connection, TwoKeepAliveRequestsThenThePeerCloses) {
    ServedConnection connection(echo);
    connection.send("GET /one HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_BYTES_EQ(echoed("GET /one []"), without_date(connection.read_response()));
    connection.send("POST /two HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nbody");
    EXPECT_BYTES_EQ(echoed("POST /two [body]"), without_date(connection.read_response()));
    connection.close_sending();
    EXPECT_EQ(connection.result(), 2u);
    EXPECT_TRUE(connection.sees_end_of_stream());
    EXPECT_EQ(connection.extra_bytes(), "");
}

TEST(Connection, AnswersPipelinedRequestsInOrder) {
    ServedConnection connection(echo);
    connection.send(
        "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
        "POST /2 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
        "GET /3 HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_BYTES_EQ(echoed("GET /1 []"), without_date(connection.read_response()));
    EXPECT_BYTES_EQ(echoed("POST /2 [abc]"), without_date(connection.read_response()));
    EXPECT_BYTES_EQ(echoed("GET /3 []"), without_date(connection.read_response()));
    connection.close_sending();
    EXPECT_EQ(connection.result(), 3u);
}

TEST(Connection, ReadsOfAnySizeMakeTheSameRequests) {
    ConnectionOptions options;
    options.read_buffer_size = 5;  // every request arrives in many reads
    ServedConnection connection(echo, options);
    connection.send(
        "PUT /long/path?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789"
        "GET /after HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_BYTES_EQ(echoed("PUT /long/path?x=1 [0123456789]"),
                    without_date(connection.read_response()));
    EXPECT_BYTES_EQ(echoed("GET /after []"), without_date(connection.read_response()));
    connection.close_sending();
    EXPECT_EQ(connection.result(), 2u);
}

TEST(Connection, Http10ClosesAfterOneResponse) {
    ServedConnection connection(echo);
    // The second request is never answered: the first one closes.
    connection.send("GET /old HTTP/1.0\r\n\r\nGET /ignored HTTP/1.0\r\n\r\n");
    EXPECT_BYTES_EQ(echoed("GET /old []", "close"), without_date(connection.read_response()));
    EXPECT_TRUE(connection.sees_end_of_stream());
    EXPECT_EQ(connection.extra_bytes(), "");
    EXPECT_EQ(connection.result(), 1u);
}

TEST(Connection, Http10KeepAliveIsConfirmedAndKept) {
    ServedConnection connection(echo);
    connection.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    // An HTTP/1.0 client closes unless told the connection stays.
    EXPECT_BYTES_EQ(echoed("GET /a []", "keep-alive"), without_date(connection.read_response()));
    connection.send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    EXPECT_BYTES_EQ(echoed("GET /b []", "keep-alive"), without_date(connection.read_response()));
    connection.close_sending();
    EXPECT_EQ(connection.result(), 2u);
}

TEST(Connection, ConnectionCloseIsTheLastResponse) {
    ServedConnection connection(echo);
    connection.send(
        "GET /bye HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
        "GET /never HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_BYTES_EQ(echoed("GET /bye []", "close"), without_date(connection.read_response()));
    EXPECT_TRUE(connection.sees_end_of_stream());
    EXPECT_EQ(connection.extra_bytes(), "");
    EXPECT_EQ(connection.result(), 1u);
}

TEST(Connection, MaxRequestsClosesAfterTheLast) {
    ConnectionOptions options;
    options.max_requests = 2;
    ServedConnection connection(echo, options);
    connection.send(
        "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\nGET /3 "
        "HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_BYTES_EQ(echoed("GET /1 []"), without_date(connection.read_response()));
    EXPECT_BYTES_EQ(echoed("GET /2 []", "close"), without_date(connection.read_response()));
    EXPECT_TRUE(connection.sees_end_of_stream());
    EXPECT_EQ(connection.extra_bytes(), "");
    EXPECT_EQ(connection.result(), 2u);
}

TEST(Connection, HeadIsAnsweredWithoutABody) {
    ServedConnection connection(echo);
    connection.send("HEAD /page HTTP/1.1\r\nHost: a\r\n\r\n");
    const std::string head = without_date(connection.read_response(true));
    EXPECT_BYTES_EQ(
        "HTTP/1.1 200 OK\r\nContent-Length: 13\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n",
        head);
    // Had a body been sent, it would now stand in front of this response.
    connection.send("GET /next HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_BYTES_EQ(echoed("GET /next []"), without_date(connection.read_response()));
    connection.close_sending();
    EXPECT_EQ(connection.result(), 2u);
}

TEST(Connection, MalformedRequestGets400AndTheEnd) {
    std::atomic<int> calls = 0;
    ServedConnection connection([&](const Request& request) {
        ++calls;
        return echo(request);
    });
    connection.send("GET / HTTP/1.1\r\nHost a\r\n\r\nGET /next HTTP/1.1\r\nHost: a\r\n\r\n");
    const std::string response = connection.read_response();
    EXPECT_EQ(response.substr(0, 26), "HTTP/1.1 400 Bad Request\r\n");
    EXPECT_NE(response.find("\r\nConnection: close\r\n"), std::string::npos) << response;
    EXPECT_TRUE(connection.sees_end_of_stream());
    EXPECT_EQ(connection.extra_bytes(), "");
    EXPECT_EQ(connection.result(), 1u);
    EXPECT_EQ(calls, 0);
}

TEST(Connection, RequestCutShortGets400) {
    ServedConnection connection(echo);
    connection.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nonly part");
    connection.close_sending();
    const std::string response = connection.read_response();
    EXPECT_EQ(response.substr(0, 26), "HTTP/1.1 400 Bad Request\r\n");
    EXPECT_TRUE(connection.sees_end_of_stream());
    EXPECT_EQ(connection.result(), 1u);
}

TEST(Connection, HandlerThatThrowsGets500AndTheEnd) {
    ServedConnection connection([](const Request& request) -> Response {
        if (request.target == "/boom") {
            throw std::runtime_error("database password is hunter2");
        }
        return echo(request);
    });
    connection.send(
        "GET /fine HTTP/1.1\r\nHost: a\r\n\r\nGET /boom HTTP/1.1\r\nHost: a\r\n\r\nGET /after "
        "HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_BYTES_EQ(echoed("GET /fine []"), without_date(connection.read_response()));
    const std::string response = connection.read_response();
    EXPECT_EQ(response.substr(0, 36), "HTTP/1.1 500 Internal Server Error\r\n");
    EXPECT_NE(response.find("\r\nConnection: close\r\n"), std::string::npos) << response;
    // What went wrong inside is for the log, not for the client.
    EXPECT_EQ(response.find("hunter2"), std::string::npos) << response;
    EXPECT_TRUE(connection.sees_end_of_stream());
    EXPECT_EQ(connection.result(), 2u);
}

TEST(Connection, HandlerHttpErrorGivesItsStatus) {
    ServedConnection connection(
        [](const Request&) -> Response { throw HttpError(404, "no note 7"); });
    connection.send("GET /notes/7 HTTP/1.1\r\nHost: a\r\n\r\n");
    const std::string response = connection.read_response();
    EXPECT_EQ(response.substr(0, 24), "HTTP/1.1 404 Not Found\r\n");
    EXPECT_NE(response.find("no note 7"), std::string::npos) << response;
    EXPECT_TRUE(connection.sees_end_of_stream());
    EXPECT_EQ(connection.result(), 1u);
}

TEST(Connection, OversizedBodyGets413BeforeItIsAllSent) {
    ConnectionOptions options;
    options.limits.max_body = 1000;
    ServedConnection connection(echo, options);
    // 1200 bytes of a chunked body that would go on: the server must not
    // wait for the end of it.
    connection.send("POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
    connection.send("258\r\n" + std::string(600, 'x') + "\r\n258\r\n" + std::string(600, 'y'));
    const std::string response = connection.read_response();
    EXPECT_EQ(response.substr(0, 32), "HTTP/1.1 413 Content Too Large\r\n");
    EXPECT_NE(response.find("\r\nConnection: close\r\n"), std::string::npos) << response;
    EXPECT_TRUE(connection.sees_end_of_stream());
    EXPECT_EQ(connection.result(), 1u);
}

TEST(Connection, DeclaredLengthOverMaxBodyGets413AtOnce) {
    ConnectionOptions options;
    options.limits.max_body = 1000;
    ServedConnection connection(echo, options);
    connection.send(
        "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 50000000\r\n\r\nfirst bytes");
    const std::string response = connection.read_response();
    EXPECT_EQ(response.substr(0, 32), "HTTP/1.1 413 Content Too Large\r\n");
    EXPECT_TRUE(connection.sees_end_of_stream());
    EXPECT_EQ(connection.result(), 1u);
}

}  // namespace
