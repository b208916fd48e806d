#pragma once
/// @file
/// The keep-alive connection loop (stage 02, exercises 02.6 and 02.7).

#include <chrono>
#include <cstddef>
#include <string>

#include "minifw/http/handler.hpp"
#include "minifw/http/parser.hpp"

namespace minifw::http {

/// Whether the connection stays open after answering `request`
/// (RFC 9112 9.3): HTTP/1.1 persists unless "close" is in Connection;
/// HTTP/1.0 closes unless "keep-alive" is in Connection.
bool keep_alive(const Request& request);

/// Settings of one connection.
struct ConnectionOptions {
    ParserLimits limits;                       ///< passed to the parser
    std::size_t max_requests = 1000;           ///< close after this many requests
    std::size_t read_buffer_size = 16 * 1024;  ///< bytes per read()
    /// After the last response, how long to keep reading (and discarding)
    /// what the peer still sends before returning; see half_close_and_drain.
    std::chrono::milliseconds linger{1000};
    /// The peer's address ("127.0.0.1"), copied into every Request's
    /// remote_address; the accept loop knows it, the byte stream does not.
    std::string remote_address;
};

/// Serves requests on the connected socket `fd` until the peer closes, a
/// request asks to close, max_requests is reached, or an error occurs.
///
/// Pipelined requests are answered in order. A malformed or oversized
/// request is answered with its 4xx/5xx status and Connection: close, then
/// the connection is closed (after the error, the byte stream cannot be
/// trusted). A handler that throws is answered 500 (or the status of an
/// HttpError it throws) and the connection closed. HEAD is answered without
/// a body. An HTTP/1.0 client that asked to keep the connection is told
/// Connection: keep-alive. Returns the number of responses written; a peer
/// that resets the connection just ends it. Does not close `fd`: the
/// caller owns it.
std::size_t serve_connection(int fd, const Handler& handler, const ConnectionOptions& options = {});

/// Ends our side of a connection the way RFC 9112 section 9.6 asks: shuts
/// down sending (the peer reads end of stream after our last response),
/// then reads and discards what the peer still sends until it closes or
/// `limit` passes. Closing a socket that still has unread input makes the
/// kernel send a reset, which can destroy a response the client has not
/// read yet. Does not close `fd`. (Given, not an exercise.)
void half_close_and_drain(int fd, std::chrono::milliseconds limit);

}  // namespace minifw::http
