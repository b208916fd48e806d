#include <gtest/gtest.h>

#include "async_test.hpp"
#include "minifw_test/net.hpp"

namespace minifw {
namespace {

using test::RunningServer;

http::Response hello(const http::Request& request) {
    return http::Response::text(200, "hello " + request.target);
}

TEST(AsyncSession, AnswersAPlainHandlerOnThePool) {
    RunningServer server(hello);
    auto fd = test::connect_loopback(server.port());
    test::send_all(fd.get(), "GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const std::string reply = test::read_until_close(fd.get());
    EXPECT_NE(reply.find("HTTP/1.1 200 OK\r\n"), std::string::npos) << reply;
    EXPECT_NE(reply.find("hello /a"), std::string::npos) << reply;
}

TEST(AsyncSession, AnswersPipelinedRequestsInOrder) {
    RunningServer server(hello);
    auto fd = test::connect_loopback(server.port());
    std::string requests;
    for (int i = 0; i < 20; ++i) {
        requests += "GET /" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\n\r\n";
    }
    requests += "GET /last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    test::send_all(fd.get(), requests);
    const std::string reply = test::read_until_close(fd.get());
    std::size_t at = 0;
    for (int i = 0; i < 20; ++i) {
        const auto found = reply.find("hello /" + std::to_string(i) + "", at);
        ASSERT_NE(found, std::string::npos) << i << "\n" << reply;
        at = found;
    }
    EXPECT_NE(reply.find("hello /last", at), std::string::npos);
}

}  // namespace
}  // namespace minifw
