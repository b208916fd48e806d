#pragma once
/// @file
/// The settings of the async server (given, not an exercise). No Asio here:
/// a program that only configures a server does not pay for its headers.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "minifw/http/session.hpp"

namespace minifw::async {

using std::chrono_literals::operator""ms;
using std::chrono_literals::operator""s;

/// How long the server waits for a client, phase by phase. A connection past
/// one of them is closed; the other connections never notice.
///
/// Each one stops a different way of holding a connection open for free:
///
///     idle  ─first byte─▶ head ─head complete─▶ (handler) ─▶ write ─▶ idle ...
///                          │                       │
///                          └─ body, if read ───────┘
struct Deadlines {
    /// From the first byte of a request to its complete head: the whole head,
    /// not the time between two reads, or a client that sends one byte a
    /// second (slowloris) would keep a connection forever.
    std::chrono::milliseconds head = 10s;
    /// The longest pause between two reads of a body. A large upload that
    /// keeps moving is never cut; one that stops is.
    std::chrono::milliseconds body = 30s;
    /// Between the end of a response and the first byte of the next request.
    std::chrono::milliseconds idle = 60s;
    /// The longest pause between two writes that make progress: a client
    /// that does not read cannot hold the response's buffers forever.
    std::chrono::milliseconds write = 30s;
    /// After the last response, how long to read and discard what the client
    /// still sends before closing: closing with unread input sends a reset,
    /// which can destroy the response before the client has read it.
    std::chrono::milliseconds linger = 1s;
};

/// How the server uses its threads (see the chapter's "Threads" section).
enum class Threading {
    /// One io_context per thread, each with its own listening socket on the
    /// same port (SO_REUSEPORT): the kernel spreads connections, and a
    /// connection stays on one thread with no locks.
    context_per_thread,
    /// One io_context that every thread runs, one listening socket: each
    /// connection's work is serialised by a strand.
    shared_context,
};

/// What the server is and how it behaves.
struct ServerOptions {
    std::string host = "127.0.0.1";  ///< the IPv4 address to listen on
    std::uint16_t port = 0;          ///< 0: the kernel picks one (see Server::port())
    unsigned threads = 1;            ///< threads that run the event loop(s)
    Threading threading = Threading::context_per_thread;  ///< how they share the work
    /// Open connections at most; past it, accepting pauses until one closes
    /// (new clients wait in the kernel's backlog: nothing is refused or dropped).
    std::size_t max_connections = 10'000;
    Deadlines deadlines;  ///< per-phase deadlines of every connection
    /// After stop() (or SIGTERM/SIGINT): how long requests in flight may take
    /// to finish before their connections are closed anyway.
    std::chrono::milliseconds shutdown_grace = 10s;
    /// Threads for blocking work: plain handlers, and what offload() runs.
    unsigned pool_threads = 4;
    /// Stop gracefully on SIGTERM and SIGINT (run() then returns).
    bool handle_signals = true;
    http::SessionOptions session;  ///< limits and keep-alive of every connection
};

}  // namespace minifw::async
