#pragma once
/// @file
/// The keep-alive connection loop (stage 02, exercise 02.6 and 02.7).

#include <cstddef>

#include "minifw/http/handler.hpp"
#include "minifw/http/parser.hpp"

namespace minifw::http {

/// Whether the connection stays open after answering `request`
/// (RFC 9112 9.3): HTTP/1.1 persists unless "close" is in Connection;
/// HTTP/1.0 closes unless "keep-alive" is in Connection.
bool keep_alive(const Request& request) noexcept;

/// Settings of one connection.
struct ConnectionOptions {
    ParserLimits limits;                       ///< passed to the parser
    std::size_t max_requests = 1000;           ///< close after this many requests
    std::size_t read_buffer_size = 16 * 1024;  ///< bytes per read()
};

/// Serves requests on the connected socket `fd` until the peer closes, a
/// request asks to close, max_requests is reached, or an error occurs.
///
/// Pipelined requests are answered in order. A malformed or oversized
/// request is answered with its 4xx status and Connection: close, then the
/// connection is closed (after the error, the byte stream cannot be trusted).
/// A handler that throws is answered 500 and the connection closed. HEAD is
/// answered without a body. Returns the number of responses written.
/// Does not close `fd`: the caller owns it.
std::size_t serve_connection(int fd, const Handler& handler, const ConnectionOptions& options = {});

}  // namespace minifw::http
