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

/// Builds a complete HTTP/1.1 200 response with a text/plain body, the
/// Content-Length that matches it, and Connection: close.
std::string fixed_response(std::string_view body);

/// Accepts connections one after the other on a listening socket; for each,
/// reads the request head (up to the blank line, at most 8 KiB), writes the
/// fixed response and closes. A client that misbehaves (closes early, sends
/// too much) costs only its own connection, never the server.
class IterativeServer {
public:
    IterativeServer(UniqueFd listener, std::string response);

    /// Serves exactly `connections` connections, then returns.
    void serve(std::size_t connections);

    /// The port the server listens on.
    std::uint16_t port() const;

private:
    UniqueFd listener_;
    std::string response_;
};

}  // namespace minifw::net
