#pragma once
// Test rigs for stage 08: a coroutine run to its end, one connection served
// by serve_connection alone, and a whole Server on port 0.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
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

/// What serve_connection and accept_loop are given, without a Server.
class Rig {
public:
    Rig(async::App app, async::ServerOptions options)
        : app_(std::move(app)), options_(std::move(options)), slots_(options_.max_connections) {
        acceptor_.open(tcp::v4());
        acceptor_.bind({asio::ip::make_address_v4("127.0.0.1"), 0});
        acceptor_.listen();
    }
    ~Rig() {
        if (thread_.joinable()) {
            thread_.join();
        }
        pool_.join();
    }
    Rig(const Rig&) = delete;
    Rig& operator=(const Rig&) = delete;

    /// Socket writes the connections made.
    std::size_t writes() const { return writes_.load(); }
    /// Connections open now.
    std::size_t open() const { return slots_.taken(); }
    /// Waits until no connection is open any more (or the coroutine under
    /// test has failed: then false at once).
    bool ended() {
        eventually([this] { return slots_.taken() == 0 || failed_.load(); });
        return slots_.taken() == 0;
    }
    std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

protected:
    void run_in_background() {
        thread_ = std::thread([this] { context_.run(); });
    }

    async::App app_;
    async::ServerOptions options_;
    asio::io_context context_{1};
    tcp::acceptor acceptor_{context_};
    asio::steady_timer gate_{context_};
    asio::thread_pool pool_{2};
    async::detail::Slots slots_;
    async::detail::Registry registry_;
    std::atomic<bool> stopping_{false};
    std::atomic<std::size_t> writes_{0};
    std::atomic<bool> failed_{false};  // the coroutine under test threw
    async::detail::Shared shared_{app_, options_, pool_, slots_, registry_, stopping_, writes_};
    std::thread thread_;
};

/// serve_connection alone, without listener or Server: the test connects a
/// client, the rig accepts it and serves it on one io_context of its own.
class SessionRig : public Rig {
public:
    explicit SessionRig(async::App app, async::ServerOptions options = {})
        : Rig(std::move(app), std::move(options)) {}

    /// Connects a client and starts serving it; returns the client's end.
    TestFd connect() {
        TestFd client = connect_loopback(port());
        tcp::socket socket = acceptor_.accept();
        slots_.try_take();  // as the listener does before serve_connection
        auto control = std::make_shared<async::detail::Control>();
        control->executor = context_.get_executor();
        asio::co_spawn(context_,
                       async::detail::serve_connection(std::move(socket), shared_, control),
                       [this](std::exception_ptr e) {
                           failure_ = e;
                           failed_ = e != nullptr;
                       });
        run_in_background();
        return client;
    }
    /// True when serve_connection ended by throwing.
    bool failed() const { return failed_.load(); }

private:
    std::exception_ptr failure_;
};

/// accept_loop on one io_context, without a Server; close() ends it.
class ListenerRig : public Rig {
public:
    explicit ListenerRig(async::App app, async::ServerOptions options = {})
        : Rig(std::move(app), std::move(options)) {
        slots_.add_gate(gate_);
        asio::co_spawn(context_, async::detail::accept_loop(acceptor_, gate_, shared_),
                       [this](std::exception_ptr e) {
                           failure_ = e;
                           failed_ = e != nullptr;
                           if (e) {
                               // Nobody accepts any more: refuse the waiting
                               // clients now rather than let them time out.
                               boost::system::error_code ignored;
                               acceptor_.close(ignored);
                           }
                       });
        run_in_background();
    }
    ~ListenerRig() { close(); }
    /// Closes the listening socket and every connection, as stop() would.
    void close() {
        asio::post(context_, [this] {
            boost::system::error_code ignored;
            acceptor_.close(ignored);
            gate_.cancel();
        });
        stopping_ = true;
        registry_.for_each([](async::detail::Control& c) { c.stop(); });
    }
    /// What accept_loop threw, if it ended by throwing.
    std::exception_ptr failure() const { return failure_; }

private:
    std::exception_ptr failure_;
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
