#pragma once
/// @file
/// The simplest server that works: one connection at a time (stage 01,
/// exercise 01.5).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "minifw/net/unique_fd.hpp"

namespace minifw::net {

/// Builds a complete HTTP/1.1 200 response with a text/plain (UTF-8) body,
/// the Content-Length that matches it, and Connection: close.
std::string fixed_response(std::string_view body);

/// Accepts connections one after the other on a listening socket; for each,
/// reads the request head (up to the blank line, at most 8 KiB), writes the
/// same response bytes and closes. A client that misbehaves (closes early,
/// sends too much, resets) costs only its own connection, never the server.
class IterativeServer {
public:
    /// The largest request head read before a client is dropped.
    static constexpr std::size_t max_head_bytes = 8 * 1024;

    /// Serves on `listener` (from listen_tcp) with `response`, the exact bytes
    /// every client gets. An empty listener throws std::invalid_argument.
    IterativeServer(UniqueFd listener, std::string response);

    /// Serves exactly `connections` connections, then returns. A client's
    /// failure is logged to stderr and skipped; a failing accept() throws.
    void serve(std::size_t connections);

    /// The port the server listens on.
    std::uint16_t port() const;

private:
    UniqueFd listener_;
    std::string response_;
};

}  // namespace minifw::net
