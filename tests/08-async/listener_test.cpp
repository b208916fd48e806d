// Exercise 08.5: accepting connections, up to a limit.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <string>
#include <vector>

#include "async_test.hpp"

namespace minifw {
namespace {

using namespace std::chrono_literals;
using test::ListenerRig;

TEST(Listener, ServesManyClientsAtOnce) {
    ListenerRig server([](const http::Request& request) {
        return http::Response::text(200, "hi " + request.target);
    });
    std::vector<test::TestFd> clients;
    for (int i = 0; i < 50; ++i) {
        clients.push_back(test::connect_loopback(server.port()));
        test::send_all(
            clients.back().get(),
            "GET /" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }
    for (int i = 0; i < 50; ++i) {
        const std::string reply = test::read_until_close(clients[i].get());
        EXPECT_NE(reply.find("hi /" + std::to_string(i)), std::string::npos) << reply;
    }
}

TEST(Listener, PausesAcceptingAtTheLimitAndResumesWhenAConnectionCloses) {
    async::ServerOptions options;
    options.max_connections = 2;
    std::atomic<std::size_t> most_open{0};
    ListenerRig* running = nullptr;
    ListenerRig server(
        [&](const http::Request&) {
            const std::size_t open = running->open();
            std::size_t seen = most_open.load();
            while (open > seen && !most_open.compare_exchange_weak(seen, open)) {
            }
            return http::Response::text(200, "ok");
        },
        options);
    running = &server;
    auto first = test::connect_loopback(server.port());
    auto second = test::connect_loopback(server.port());
    for (auto* fd : {&first, &second}) {
        test::send_all(fd->get(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        EXPECT_NE(test::read_until_contains(fd->get(), "ok").find("200 OK"), std::string::npos);
    }
    // Two kept-alive connections fill the limit. A third client's connect
    // succeeds (the kernel's backlog takes it), but nobody accepts it yet.
    auto third = test::connect_loopback(server.port());
    test::send_all(third.get(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(server.open(), 2u);
    first.close();  // a slot frees: accepting resumes
    const std::string reply = test::read_until_close(third.get(), 10s);
    EXPECT_NE(reply.find("200 OK"), std::string::npos)
        << "the waiting client is served once a slot frees, not refused: " << reply;
    EXPECT_LE(most_open.load(), 2u) << "never more connections open than the limit";
}

}  // namespace
}  // namespace minifw
