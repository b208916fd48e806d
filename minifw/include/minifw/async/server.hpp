#pragma once
/// @file
/// The async HTTP server of stage 08: Boost.Asio's event loop and C++20
/// coroutines around the same http::Session the blocking server of stages
/// 02-05 drives, so the connection policy is written once.
///
/// No Asio in this header: its implementation lives in the stage's sources.

#include <cstddef>
#include <cstdint>
#include <memory>

#include "minifw/async/handler.hpp"
#include "minifw/async/options.hpp"

namespace minifw::async {

/// Serves an App over HTTP/1.1 on one port with a few threads.
///
///     listener ──accept (pauses at max_connections)──▶ connection coroutine
///                                                       (one per client:
///     signals ──SIGTERM/SIGINT──▶ stop(): no more       read ▸ handle ▸ write
///                accepting; idle connections closed;    on its Session, with
///                in-flight ones finish within the grace a deadline per phase)
class Server {
public:
    /// Listens at once (so port() is known), serving nothing until run().
    /// Throws std::system_error when it cannot listen.
    Server(App app, ServerOptions options);
    /// Closes the listening sockets. Call it once run() has returned (or
    /// was never called).
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// The port it listens on (the kernel's choice when options.port was 0).
    std::uint16_t port() const noexcept;

    /// Serves on options.threads threads (this one among them) until stop()
    /// or a handled signal, then until every connection has finished or the
    /// shutdown grace has passed.
    void run();

    /// Stops gracefully: from any thread, any number of times.
    void stop();

    /// Connections open now (for tests and metrics).
    std::size_t open_connections() const noexcept;

    /// Socket writes that made progress since the start: pipelined responses
    /// answered together take one (for tests and metrics).
    std::size_t writes() const noexcept;

    /// Requests in flight that the shutdown grace cut: 0 after a stop in
    /// which every started request finished.
    std::size_t requests_cut() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Runs a Server for a lesson example: `--port N` (default 8080, 0 lets the
/// kernel choose), `--host ADDRESS`, `--threads N`; prints "listening on
/// http://127.0.0.1:PORT" first; returns the exit code (0 after a graceful
/// stop on SIGTERM or SIGINT, 2 after printing usage for a bad argument).
int run_example_server(int argc, char** argv, App app, ServerOptions options = {});

}  // namespace minifw::async
