#pragma once
/// @file
/// An incremental HTTP/1.1 request parser driven by llhttp (stage 02,
/// exercises 02.2 to 02.5).

#include <cstddef>
#include <memory>
#include <string_view>

#include "minifw/http/request.hpp"

namespace minifw::http {

/// How much of one request the parser accepts before refusing it. Without
/// limits, one client can make the server buffer without end.
struct ParserLimits {
    std::size_t max_target = 8 * 1024;         ///< request-target bytes, else 414
    std::size_t max_header_bytes = 16 * 1024;  ///< bytes of field names and values, else 431
    std::size_t max_headers = 100;             ///< number of fields (trailers too), else 431
    std::size_t max_body = 1024 * 1024;        ///< decoded body bytes, else 413
};

/// Turns bytes, in pieces of any size, into Requests.
///
/// Bytes may arrive cut anywhere (one byte at a time, or several requests in
/// one read); the result is the same. feed() stops after one complete
/// request so that pipelined requests are handed out one by one.
///
/// Errors are thrown as HttpError with the status to answer: 400 for
/// malformed syntax or a request cut short, 413/414/431 for the limits above
/// (checked as the bytes arrive, so nothing over a limit is ever buffered),
/// 501 for a transfer coding other than chunked, 505 for an HTTP version
/// other than 1.x. After an error the parser is spent: every later feed()
/// throws the same error, and the connection must be closed.
class RequestParser {
public:
    /// A parser that refuses requests beyond `limits`.
    explicit RequestParser(ParserLimits limits = {});
    /// Frees the parser and whatever request it holds.
    ~RequestParser();
    /// Moves the parser; the moved-from one may only be destroyed or assigned to.
    RequestParser(RequestParser&&) noexcept;
    /// Moves the parser; the moved-from one may only be destroyed or assigned to.
    RequestParser& operator=(RequestParser&&) noexcept;

    /// Parses bytes from `data` and returns how many it consumed. When a
    /// request completes, parsing stops there: request_ready() becomes true
    /// and the unconsumed rest belongs to the next request (feed it again
    /// after take()). While a request waits to be taken, consumes nothing.
    std::size_t feed(std::string_view data);

    /// The peer closed its side. Between requests that is a clean end; a
    /// request cut short is an HttpError(400).
    void finish();

    /// True when a complete request is waiting to be taken.
    bool request_ready() const;

    /// Hands out the complete request and readies the parser for the next.
    /// Throws std::logic_error when no request is ready.
    Request take();

    /// True when no byte of the next request has arrived yet (empty lines
    /// before a request do not count, RFC 9112 section 2.2).
    bool idle() const;

    /// From now on, feed() stops also at the end of every head, before the
    /// body: head_ready() becomes true, head() holds the request line and the
    /// fields, and nothing more is consumed until continue_body(). A server
    /// uses this to decide about a body before reading it (exercise 02.4).
    void stop_after_heads();

    /// True when a head is complete and its body waits for continue_body().
    bool head_ready() const;

    /// The request being parsed: after head_ready(), its head is complete;
    /// its body grows as the body is parsed. Its owner may annotate it (the
    /// peer's address) before taking it.
    Request& head();

    /// Lets the parser go on into the body of the head it stopped at,
    /// refusing more than `max_body` decoded bytes (the smaller of this and
    /// ParserLimits::max_body). A Content-Length over the limit is refused at
    /// once: throws HttpError(413), and the parser is spent. Throws
    /// std::logic_error when head_ready() is false.
    void continue_body(std::size_t max_body);

    /// The parser's state, defined privately by the stage that implements it.
    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace minifw::http
