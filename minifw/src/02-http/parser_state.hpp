#pragma once
/// @file
/// What RequestParser keeps between feeds (private to stage 02, given: the
/// exercise and the solution files of the stage both include this one). One
/// struct, written in four files, one per exercise:
///
///   parser_head.cpp  02.2  llhttp's callbacks for the request line and the
///                          header fields, and pointing llhttp at them
///   parser.cpp       02.3  driving llhttp: one request per feed(), take(),
///                          idle(), finish(), stopping after a head
///   parser_body.cpp  02.4  the body, continue_body(), and going on to the
///                          next pipelined request
///   limits.cpp       02.5  the errors that refuse a request: 400, 413, 414,
///                          431, 501, 505
///
/// Each callback returns 0 to let llhttp go on, or refuse()/fail() to stop
/// it. Callbacks must not throw: llhttp is C, and an exception must not
/// unwind through its frames. parser_head.cpp catches whatever a callback
/// throws and hands it to fail(); feed() rethrows it.

#include <llhttp.h>

#include <cstddef>
#include <exception>
#include <string>
#include <string_view>
#include <utility>

#include "minifw/http/parser.hpp"
#include "minifw/http/request.hpp"
#include "minifw/http/status.hpp"

namespace minifw::http {

struct RequestParser::Impl {
    /// Sets up llhttp for requests, with this object as its callbacks' target.
    explicit Impl(ParserLimits parser_limits);
    // llhttp keeps pointers to `settings` and to this object: it must stay put.
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    // --- parser_head.cpp (exercise 02.2): llhttp's callbacks for the head ---

    /// First byte of a request: forget everything about the previous one.
    int on_message_begin();
    /// A piece of the method (the method may arrive in several pieces).
    int on_method(std::string_view piece);
    /// A piece of the request-target.
    int on_target(std::string_view piece);
    /// A piece of the version, such as "1.1".
    int on_version(std::string_view piece);
    /// The version is known: refuse anything but HTTP/1.x.
    int on_version_complete();
    /// A piece of a field name.
    int on_field_name(std::string_view piece);
    /// A piece of a field value.
    int on_field_value(std::string_view piece);
    /// One field is complete: add it to the request (or drop it, if it is a trailer).
    int on_field_complete();
    /// The blank line after the fields: the head is complete.
    int on_headers_complete();
    /// The request is complete: hold it, and stop parsing until it is taken.
    int on_message_complete();

    // --- parser_body.cpp (exercise 02.4): the body and the next request ---

    /// Called at the end of a head that announces a body (Content-Length or
    /// Transfer-Encoding): refuses a body this parser cannot or will not read.
    int on_body_announced();
    /// A piece of the decoded body (llhttp has removed any chunked framing).
    int on_body(std::string_view piece);
    /// Lets llhttp go on after the request it paused at, which has been taken.
    void start_next_message();

    // --- given helpers ---

    /// Stops parsing with `failure`, which feed() will throw from now on.
    /// Returns the code that tells llhttp to stop.
    int fail(std::exception_ptr failure) noexcept {
        error = std::move(failure);
        return HPE_USER;
    }
    /// Stops parsing with `refusal`: the status to answer.
    int refuse(HttpError refusal) { return fail(std::make_exception_ptr(std::move(refusal))); }

    llhttp_settings_t settings{};  ///< the callbacks; llhttp keeps a pointer to it
    llhttp_t parser{};             ///< llhttp's own state
    ParserLimits limits;           ///< what this parser accepts

    Request request;              ///< the request being parsed (or waiting to be taken)
    std::string field_name;       ///< the name of the field being parsed, so far
    std::string field_value;      ///< the value of the field being parsed, so far
    std::string version;          ///< the version as sent ("1.1"), for error messages
    std::size_t field_count = 0;  ///< fields completed in this request, trailers too
    std::size_t field_bytes = 0;  ///< bytes of names and values in this request so far
    bool in_message = false;      ///< a byte of the current request has been parsed
    bool in_trailers = false;     ///< past the head: fields now are trailers
    bool ready = false;           ///< a complete request waits for take()
    bool stop_at_heads = false;   ///< pause after each head (stop_after_heads())
    bool at_head = false;         ///< paused after a head, until continue_body()
    std::size_t body_limit = 0;   ///< the most body bytes this request may have
    std::exception_ptr error;     ///< why parsing stopped for good, if it did
};

namespace detail {

// --- limits.cpp (exercise 02.5): the errors that refuse a request ---

/// The bounds of ParserLimits.
enum class Limit {
    target,        ///< max_target
    header_count,  ///< max_headers
    header_bytes,  ///< max_header_bytes
    body,          ///< max_body
};

/// The refusal of a request that would pass `limit`: 414 for the target,
/// 431 for the fields, 413 for the body; the message names the limit.
HttpError too_large(Limit limit, const ParserLimits& limits);

/// The refusal of a field whose name is empty or has whitespace in it (as in
/// "Host : x", which RFC 9112 section 5.1 requires a server to reject).
HttpError bad_field_name(std::string_view name);

/// The refusal of a request with `count` Host fields where RFC 9112 section
/// 3.2 requires exactly one (HTTP/1.1), or at most one (HTTP/1.0).
HttpError bad_host_count(std::size_t count);

/// The refusal of a request whose HTTP version, such as "2.0", is not 1.x.
HttpError unsupported_version(std::string_view version);

/// The refusal of a request whose Transfer-Encoding `codings` is anything
/// but "chunked" alone: 400 when chunked is not the last coding or comes
/// twice, else 501 for the coding not implemented (RFC 9112 6.1, 6.3).
HttpError unsupported_coding(std::string_view codings);

/// The refusal of bytes llhttp rejected with `code` and `reason`: 400, or
/// 505 for a well-formed version other than 1.0 and 1.1. `version` is the
/// version text received so far.
HttpError rejected(llhttp_errno_t code, const char* reason, std::string_view version);

}  // namespace detail
}  // namespace minifw::http
