// Exercise 04.4: the router as the Handler of a real connection.

#include <gtest/gtest.h>

#include <sys/socket.h>

#include <chrono>
#include <cstddef>
#include <future>
#include <string>
#include <string_view>

#include "minifw/http/connection.hpp"
#include "minifw/routing/router.hpp"
#include "minifw_test/bytes.hpp"
#include "minifw_test/net.hpp"
#include "routing_test.hpp"

namespace {

using minifw::http::Request;
using minifw::http::Response;
using minifw::routing::Params;
using minifw::routing::Router;
using minifw::test::TestFd;

// The value of header `name` in the response head `head`, or "(absent)".
std::string header_value(std::string_view head, std::string_view name) {
    std::string lower_head(head);
    std::string lower_name = "\r\n" + std::string(name) + ":";
    for (auto* text : {&lower_head, &lower_name}) {
        for (char& c : *text) {
            c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
    }
    auto at = lower_head.find(lower_name);
    if (at == std::string::npos) {
        return "(absent)";
    }
    auto begin = head.find_first_not_of(' ', at + lower_name.size());
    auto end = head.find("\r\n", begin);
    return std::string(head.substr(begin, end - begin));
}

TEST(Router, ServesARealConnectionAndHeadSendsNoBody) {
    Router router;
    router.get("/hello/{name}", [](const Request&, const Params& params) {
        return Response::text(200, "hello " + std::string(params.at("name")));
    });
    router.post("/hello/{name}", [](const Request&, const Params&) { return Response{}; });
    auto handler = router.to_handler();
    router = Router();  // the Handler owns its own copy of the routes

    // Declared before the sockets so that it is destroyed after them: if an
    // assertion returns early, closing the client lets the server finish.
    std::future<std::size_t> served;
    auto [server, client] = minifw::test::socket_pair();
    served = std::async(std::launch::async, [&handler, fd = std::move(server)]() mutable {
        std::size_t answered = minifw::http::serve_connection(fd.get(), handler);
        fd.close();
        return answered;
    });
    minifw::test::send_all(client.get(),
                           "HEAD /hello/ann HTTP/1.1\r\nHost: t\r\n\r\n"
                           "DELETE /hello/ann HTTP/1.1\r\nHost: t\r\n\r\n"
                           "GET /hello/ann HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    // Done sending: the server's closing handshake need not wait for us.
    ::shutdown(client.get(), SHUT_WR);
    std::string reply = minifw::test::read_until_close(client.get());
    ASSERT_EQ(std::future_status::ready, served.wait_for(std::chrono::seconds(5)));
    EXPECT_EQ(3u, served.get());

    // HEAD: the GET's status and Content-Length, then straight to the next
    // response: not one byte of body.
    auto head_end = reply.find("\r\n\r\n");
    ASSERT_NE(std::string::npos, head_end) << minifw::test::escape_bytes(reply);
    std::string_view head = std::string_view(reply).substr(0, head_end + 2);
    EXPECT_BYTES_EQ("HTTP/1.1 200", head.substr(0, 12));
    EXPECT_EQ("9", header_value(head, "Content-Length"));
    std::string_view after_head = std::string_view(reply).substr(head_end + 4);
    EXPECT_BYTES_EQ("HTTP/1.1 405", after_head.substr(0, 12));

    auto allow_end = after_head.find("\r\n\r\n");
    ASSERT_NE(std::string::npos, allow_end);
    std::string allow = header_value(after_head.substr(0, allow_end + 2), "Allow");
    for (const char* method : {"GET", "HEAD", "OPTIONS", "POST"}) {
        EXPECT_NE(std::string::npos, allow.find(method)) << "Allow: " << allow;
    }

    auto last = reply.rfind("HTTP/1.1 200");
    ASSERT_NE(std::string::npos, last);
    EXPECT_NE(0u, last);
    std::string_view get = std::string_view(reply).substr(last);
    EXPECT_BYTES_EQ("\r\n\r\nhello ann", get.substr(get.size() - 13));
}

}  // namespace
