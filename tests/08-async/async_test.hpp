#pragma once
// Test rigs for stage 08: a coroutine run to its end, one connection served
// by serve_connection alone, and a whole Server on port 0.

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <atomic>
#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <thread>
#include <utility>

#include "loop.hpp"
#include "minifw/async/server.hpp"
#include "minifw_test/net.hpp"

namespace minifw::test {

namespace asio = boost::asio;
using asio::ip::tcp;

/// Runs `task` on a fresh io_context until it ends; returns its result or
/// throws what it threw.
template <class T>
T run_to_end(asio::awaitable<T> task) {
    asio::io_context context;
    std::optional<T> result;
    std::exception_ptr error;
    asio::co_spawn(context, std::move(task), [&](std::exception_ptr e, T value) {
        error = e;
        if (!e) {
            result.emplace(std::move(value));
        }
    });
    context.run();
    if (error) {
        std::rethrow_exception(error);
    }
    return std::move(*result);
}

/// Waits, a millisecond at a time, until `done()` or `limit` passes: for a
/// state another thread reaches (a connection closed on the server's side).
template <class F>
bool eventually(F done, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > end) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

/// serve_connection alone, without listener or Server: the test connects a
/// client, the rig accepts it and serves it on one io_context of its own.
class SessionRig {
public:
    explicit SessionRig(async::App app, async::ServerOptions options = {})
        : app_(std::move(app)), options_(std::move(options)) {
        acceptor_.open(tcp::v4());
        acceptor_.bind({asio::ip::make_address_v4("127.0.0.1"), 0});
        acceptor_.listen();
    }
    ~SessionRig() {
        if (thread_.joinable()) {
            thread_.join();
        }
        pool_.join();
    }
    SessionRig(const SessionRig&) = delete;
    SessionRig& operator=(const SessionRig&) = delete;

    /// Connects a client and starts serving it; returns the client's end.
    TestFd connect() {
        TestFd client = connect_loopback(acceptor_.local_endpoint().port());
        tcp::socket socket = acceptor_.accept();
        slots_.try_take();  // as the listener does before serve_connection
        auto control = std::make_shared<async::detail::Control>();
        control->executor = context_.get_executor();
        control_ = control;
        asio::co_spawn(context_, async::detail::serve_connection(std::move(socket), shared_, control),
                       [this](std::exception_ptr e) { failure_ = e; });
        thread_ = std::thread([this] { context_.run(); });
        return client;
    }
    /// Waits until the connection has ended on the server's side.
    bool ended() {
        return eventually([this] { return slots_.taken() == 0; });
    }
    /// What serve_connection threw, if it ended by throwing.
    std::exception_ptr failure() const { return failure_; }
    /// Socket writes the connection made.
    std::size_t writes() const { return writes_.load(); }

private:
    async::App app_;
    async::ServerOptions options_;
    asio::io_context context_{1};
    tcp::acceptor acceptor_{context_};
    asio::thread_pool pool_{2};
    async::detail::Slots slots_{10};
    async::detail::Registry registry_;
    std::atomic<bool> stopping_{false};
    std::atomic<std::size_t> writes_{0};
    async::detail::Shared shared_{app_, options_, pool_, slots_, registry_, stopping_, writes_};
    std::shared_ptr<async::detail::Control> control_;
    std::exception_ptr failure_;
    std::thread thread_;
};

/// A Server on port 0 run by a thread of the test, stopped and joined at the
/// end of the scope.
class RunningServer {
public:
    explicit RunningServer(async::App app, async::ServerOptions options = quiet())
        : server_(std::move(app), std::move(options)), thread_([this] { server_.run(); }) {}
    ~RunningServer() { finish(); }
    RunningServer(const RunningServer&) = delete;
    RunningServer& operator=(const RunningServer&) = delete;

    std::uint16_t port() const { return server_.port(); }
    async::Server& server() { return server_; }
    /// Stops the server gracefully and waits until run() has returned.
    void finish() {
        if (thread_.joinable()) {
            server_.stop();
            thread_.join();
        }
    }

    /// Options for tests: no signal handling (the test runner owns signals).
    static async::ServerOptions quiet() {
        async::ServerOptions options;
        options.handle_signals = false;
        return options;
    }

private:
    async::Server server_;
    std::thread thread_;
};

}  // namespace minifw::test
