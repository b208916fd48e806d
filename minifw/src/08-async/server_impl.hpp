#pragma once
// What a Server is made of (given): the loops, the pool, the limit, the
// registry. Exercise 08.6 writes how it listens, runs and stops (server.cpp).

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <memory>
#include <optional>
#include <vector>

#include "loop.hpp"
#include "minifw/async/server.hpp"

namespace minifw::async {

/// One event loop of Threading::context_per_thread: an io_context run by
/// one thread, its own listening socket, and its listener's gate.
struct Loop {
    detail::asio::io_context context{1};  // 1: one thread runs it, fewer locks
    detail::tcp::acceptor acceptor{context};
    detail::asio::steady_timer gate{context};
};

struct Server::Impl {
    App app;
    ServerOptions options;
    detail::asio::thread_pool pool;
    detail::Slots slots;
    detail::Registry registry;
    std::atomic<bool> stopping{false};
    std::atomic<std::size_t> writes{0};
    std::atomic<std::size_t> cut{0};  ///< requests the shutdown grace cut
    detail::Shared shared{app, options, pool, slots, registry, stopping, writes};
    /// Threading::context_per_thread: one Loop per thread.
    std::vector<std::unique_ptr<Loop>> loops;
    /// Threading::shared_context: one io_context that every thread runs,
    /// one listening socket, one gate.
    detail::asio::io_context shared_context;
    detail::tcp::acceptor shared_acceptor{shared_context};
    detail::asio::steady_timer shared_gate{shared_context};
    /// On the first loop: SIGTERM and SIGINT, and the shutdown grace.
    std::optional<detail::asio::signal_set> signals;
    std::optional<detail::asio::steady_timer> grace;

    /// The loops as the options say; listens nowhere yet.
    Impl(App app, ServerOptions options);
    /// The io_context of the first thread: the shared one, or loop 0's.
    detail::asio::io_context& first_context();
    /// The port listened on.
    std::uint16_t port() const;

    /// Opens the listening socket(s) (exercise 08.6).
    void listen();
    /// Starts the accept loops and the signal handling (exercise 08.6).
    void start();
    /// Runs the loops on their threads until all is done (exercise 08.6).
    void run();
    /// Stops gracefully (exercise 08.6).
    void stop();
};

}  // namespace minifw::async
