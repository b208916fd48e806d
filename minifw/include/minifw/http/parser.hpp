#pragma once
/// @file
/// An incremental HTTP/1.1 request parser driven by llhttp (stage 02,
/// exercises 02.2 to 02.4).

#include <cstddef>
#include <memory>
#include <string_view>

#include "minifw/http/request.hpp"

namespace minifw::http {

/// How much of a request the parser accepts before refusing it. Without
/// limits, one client can make the server buffer without end.
struct ParserLimits {
    std::size_t max_target = 8 * 1024;         ///< request-target bytes, else 414
    std::size_t max_header_bytes = 16 * 1024;  ///< all field names and values, else 431
    std::size_t max_headers = 100;             ///< number of fields, else 431
    std::size_t max_body = 1024 * 1024;        ///< decoded body bytes, else 413
};

/// Turns bytes, in pieces of any size, into Requests.
///
/// Bytes may arrive cut anywhere (one byte at a time, or several requests in
/// one read); the result is the same. feed() stops after one complete
/// request so that pipelined requests are handed out one by one.
///
/// Errors are thrown as HttpError with the status to answer: 400 for
/// malformed syntax, 413/414/431 for the limits above, 501 for a
/// Transfer-Encoding it does not implement. After an error the parser is
/// spent: the connection must be closed.
class RequestParser {
public:
    explicit RequestParser(ParserLimits limits = {});
    ~RequestParser();
    RequestParser(RequestParser&&) noexcept;
    RequestParser& operator=(RequestParser&&) noexcept;

    /// Parses bytes from `data` and returns how many it consumed. When a
    /// request completes, parsing stops there: request_ready() becomes true
    /// and the unconsumed rest belongs to the next request (feed it again
    /// after take()).
    std::size_t feed(std::string_view data);

    /// The peer closed its side. A request cut short is an HttpError(400).
    void finish();

    /// True when a complete request is waiting to be taken.
    bool request_ready() const noexcept;

    /// Hands out the complete request and readies the parser for the next.
    Request take();

    /// True when no byte of the next request has arrived yet.
    bool idle() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace minifw::http
