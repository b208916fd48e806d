#pragma once
/// @file
/// The connection policy (stage 02, exercises 02.7 and 02.8) and the blocking
/// loop that serves one connection with it (given).

#include <chrono>
#include <cstddef>
#include <exception>
#include <string>

#include "minifw/http/handler.hpp"
#include "minifw/http/parser.hpp"
#include "minifw/http/request.hpp"
#include "minifw/http/response.hpp"

namespace minifw::http {

/// Whether the connection stays open after answering `request`
/// (RFC 9112 9.3): HTTP/1.1 persists unless "close" is in Connection;
/// HTTP/1.0 closes unless "keep-alive" is in Connection. (Exercise 02.7.)
bool keep_alive(const Request& request);

/// What the connection knows about a response that neither the request nor
/// the handler says.
struct Exchange {
    std::size_t answered = 0;         ///< responses already sent on this connection
    std::size_t max_requests = 1000;  ///< the response that reaches it is the last
    bool body_unread = false;  ///< some of the request's body was never read (or could not be)
    bool failed = false;       ///< the response answers an error, not the handler
};

/// How `response`, the answer to `request`, goes on the wire, and whether the
/// connection ends after it (exercise 02.8). The connection closes when:
/// keep_alive(request) says so; this is the max_requests-th response; the
/// response's own Connection field holds "close"; the request's body was left
/// unread (its bytes would be read as the next request); the response answers
/// an error; or a chunked body goes to an HTTP/1.0 client, which learns where
/// it ends only by the close. It never closes after a 101 that hands the
/// connection over. An HTTP/1.0 client whose connection stays is told so with
/// Connection: keep-alive. Returns the SerializeOptions for serialize():
/// head_request for HEAD, close as decided, chunked for HTTP/1.1.
SerializeOptions prepare_response(const Request& request, Response& response,
                                  const Exchange& exchange);

/// The one error policy, for every server and the error layer of stage 05
/// (exercise 02.8): the response to an exception that a handler threw, or
/// that the parser threw for `request` (then only partly known). An HttpError
/// with a 4xx status answers with that status and the error's message, which
/// tells the client what to fix. A 5xx HttpError answers with its status and
/// only the reason phrase; any other exception with 500 and the reason
/// phrase. What went wrong inside is for the log (log_line: "minifw: METHOD
/// TARGET failed: what"), never for the client: it may hold paths, SQL or
/// secrets.
Response error_response(const Request& request, std::exception_ptr error);

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
/// request asks to close, max_requests is reached, or an error occurs: a
/// blocking loop around a Session, which makes every decision (given).
///
/// Writes an in-memory body with the head, a file body with sendfile(2), and
/// a chunked body piece by piece as its source produces it. After a 101 with
/// an upgrade handler, calls it with the socket and the bytes read past the
/// head, and returns when it does. Returns the number of responses written;
/// a peer that resets the connection just ends it. Does not close `fd`: the
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
