// Exercise 08.6: threads, and stopping gracefully.

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "async_test.hpp"

namespace minifw {
namespace {

using namespace std::chrono_literals;
using test::RunningServer;

// A one-shot event a test thread and a handler can wait on, bounded.
class Event {
public:
    void set() {
        std::lock_guard lock(mutex_);
        set_ = true;
        changed_.notify_all();
    }
    bool wait(std::chrono::milliseconds limit = 10s) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, limit, [this] { return set_; });
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    bool set_ = false;
};

TEST(Server, StopLetsARequestInFlightFinishAndClosesAfterIt) {
    Event entered, release;
    RunningServer server([&](const http::Request&) {
        entered.set();
        release.wait();
        return http::Response::text(200, "finished");
    });
    auto busy = test::connect_loopback(server.port());
    test::send_all(busy.get(), "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_TRUE(entered.wait());
    const auto port = server.port();
    std::thread stopping([&] { server.finish(); });  // returns when run() does
    // Once nothing listens, the connections have been told (stop() tells
    // them first): only then may the request finish.
    ASSERT_TRUE(test::eventually([&] {
        try {
            test::connect_loopback(port);
            return false;
        } catch (const std::exception&) {
            return true;
        }
    }));
    release.set();
    const std::string reply = test::read_until_close(busy.get(), 10s);
    stopping.join();
    EXPECT_NE(reply.find("200 OK"), std::string::npos) << "the request that had started is "
                                                          "answered, not cut: "
                                                       << reply;
    EXPECT_NE(reply.find("finished"), std::string::npos) << reply;
    EXPECT_NE(reply.find("Connection: close\r\n"), std::string::npos)
        << "its response says the connection ends: " << reply;
    EXPECT_EQ(server.server().requests_cut(), 0u);
}

TEST(Server, StopClosesIdleConnectionsAtOnceAndStopsAccepting) {
    async::ServerOptions options = RunningServer::quiet();
    options.deadlines.idle = std::chrono::hours(1);
    options.shutdown_grace = std::chrono::hours(1);  // only idle closes can end this test
    RunningServer server([](const http::Request&) { return http::Response::text(200, "ok"); },
                         options);
    auto idle = test::connect_loopback(server.port());
    test::send_all(idle.get(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_NE(test::read_until_contains(idle.get(), "ok").find("200"), std::string::npos);
    const auto port = server.port();
    server.finish();  // returns only once every connection has ended
    EXPECT_TRUE(test::peer_closed(idle.get()));
    EXPECT_THROW(test::connect_loopback(port), std::exception)
        << "after stop nothing listens on the port";
}

TEST(Server, AfterTheGraceRequestsStillRunningAreCut) {
    async::ServerOptions options = RunningServer::quiet();
    options.shutdown_grace = 100ms;
    Event entered;
    RunningServer server(
        [&](http::Context&) -> async::Task<http::Response> {
            entered.set();
            boost::asio::steady_timer forever(co_await boost::asio::this_coro::executor,
                                              std::chrono::hours(1));
            co_await forever.async_wait(boost::asio::use_awaitable);
            co_return http::Response::text(200, "too late");
        },
        options);
    auto stuck = test::connect_loopback(server.port());
    test::send_all(stuck.get(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_TRUE(entered.wait());
    server.finish();  // would take an hour without the grace
    EXPECT_TRUE(test::peer_closed(stuck.get()));
    EXPECT_EQ(server.server().requests_cut(), 1u) << "the one request still running was cut";
}

TEST(Server, AContextPerThreadSpreadsConnectionsOverItsThreads) {
    async::ServerOptions options = RunningServer::quiet();
    options.threads = 4;
    options.threading = async::Threading::context_per_thread;
    std::mutex mutex;
    std::set<std::thread::id> threads;
    RunningServer server(async::App(
                             [&](const http::Request&) {
                                 std::lock_guard lock(mutex);
                                 threads.insert(std::this_thread::get_id());
                                 return http::Response::text(200, "ok");
                             },
                             async::RunOn::loop),
                         options);
    // With 64 connections hashed over 4 listening sockets by the kernel, the
    // chance that all land on one thread is 4 * 4^-64.
    std::vector<test::TestFd> clients;
    for (int i = 0; i < 64; ++i) {
        clients.push_back(test::connect_loopback(server.port()));
        test::send_all(clients.back().get(),
                       "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }
    for (auto& client : clients) {
        EXPECT_NE(test::read_until_close(client.get()).find("200 OK"), std::string::npos);
    }
    std::lock_guard lock(mutex);
    EXPECT_GE(threads.size(), 2u) << "SO_REUSEPORT: every thread listens and serves";
}

TEST(Server, ASharedContextRunsConnectionsOnEveryThread) {
    async::ServerOptions options = RunningServer::quiet();
    options.threads = 2;
    options.threading = async::Threading::shared_context;
    // Each handler blocks its loop thread until the other has started: with
    // one thread the second could never run (each gives up after 10 s).
    Event first_in, second_in;
    std::atomic<int> arrivals{0};
    RunningServer server(async::App(
                             [&](const http::Request&) {
                                 const bool first = arrivals.fetch_add(1) == 0;
                                 (first ? first_in : second_in).set();
                                 const bool met = (first ? second_in : first_in).wait();
                                 return http::Response::text(200, met ? "together" : "alone");
                             },
                             async::RunOn::loop),
                         options);
    auto a = test::connect_loopback(server.port());
    auto b = test::connect_loopback(server.port());
    test::send_all(a.get(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    test::send_all(b.get(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_NE(test::read_until_close(a.get(), 20s).find("together"), std::string::npos);
    EXPECT_NE(test::read_until_close(b.get(), 20s).find("together"), std::string::npos);
}

TEST(Server, SigtermStopsItGracefully) {
    async::ServerOptions options;  // handles SIGTERM and SIGINT
    async::Server server([](const http::Request&) { return http::Response::text(200, "ok"); },
                         options);
    auto finished = std::async(std::launch::async, [&] { server.run(); });
    // Once a request is answered, run() has set up its signal handling.
    auto client = test::connect_loopback(server.port());
    test::send_all(client.get(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_NE(test::read_until_contains(client.get(), "ok").find("200"), std::string::npos);
    ::kill(::getpid(), SIGTERM);
    EXPECT_EQ(finished.wait_for(20s), std::future_status::ready)
        << "SIGTERM must make run() return (the process then exits 0)";
    EXPECT_TRUE(test::peer_closed(client.get()));
}

}  // namespace
}  // namespace minifw
