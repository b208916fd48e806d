#pragma once
/// @file
/// An HTTP response and its serialisation (stage 02, exercise 02.6).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "minifw/http/body.hpp"
#include "minifw/http/headers.hpp"

namespace minifw::http {

/// One HTTP response, before it is written to the wire.
///
/// The body is one of four kinds, and at most one may be set: bytes in memory
/// (`body`, the common case), a range of a file (`file`), a source of chunks
/// produced while sending (`chunks`), or, with status 101, a hand-over of the
/// connection (`upgrade`). The serializer writes the head and the framing;
/// the server writes a file or chunked body itself.
struct Response {
    int status = 200;               ///< the status code, 100..599
    Headers headers;                ///< fields the handler set (Content-Type, ...)
    std::string body;               ///< the body in memory; its length becomes Content-Length
    std::optional<FileRange> file;  ///< instead of `body`: bytes of a file, sent with sendfile(2)
    ChunkSource chunks;             ///< instead of `body`: pieces produced while the body is sent
    UpgradeHandler upgrade;         ///< with 101: takes over the connection after the head

    /// A response with a body and a Content-Type.
    static Response text(int status, std::string body,
                         std::string_view content_type = "text/plain; charset=utf-8") {
        Response r;
        r.status = status;
        r.headers.set("Content-Type", content_type);
        r.body = std::move(body);
        return r;
    }

    /// The size of the body the server will send, when it is known before
    /// sending: the in-memory body's or the file range's; none for chunks.
    std::optional<std::uint64_t> content_length() const {
        if (file) {
            return file->length;
        }
        if (chunks) {
            return std::nullopt;
        }
        return body.size();
    }
};

/// What the connection knows that the handler does not.
struct SerializeOptions {
    bool head_request = false;  ///< answer to HEAD: headers as for GET, no body
    bool close = false;         ///< the connection closes after this response
    /// How a `chunks` body is framed: true (an HTTP/1.1 peer) for
    /// Transfer-Encoding: chunked; false (HTTP/1.0) for no framing at all, the
    /// end of the body being the close of the connection (RFC 9112 6.3).
    bool chunked = true;
    /// The Date value, kept alive by the caller (the async server renders it
    /// once a second); empty means now (http_date()).
    std::string_view date;
};

/// The bytes to send first: status line, Date, the framing field, Connection:
/// close when closing, the response's own fields, a blank line, and an
/// in-memory body (RFC 9112 section 4, 6.3; RFC 9110 6.4.1, 8.6). The framing
/// field is Content-Length for an in-memory or file body (the file range's
/// length), and Transfer-Encoding: chunked for a chunked one when
/// options.chunked is set. Never writes a Content-Length for 1xx, 204 and 304,
/// and no body for HEAD, 1xx, 204 and 304. A file or chunked body is not in
/// the result: the server sends it after these bytes.
///
/// Framing is the serializer's job: the handler's own Content-Length,
/// Transfer-Encoding and Date fields are dropped (a wrong Content-Length
/// would desynchronise the connection), and so is its Connection field when
/// options.close is set. Throws std::invalid_argument for a status outside
/// 100..599, more than one kind of body, a field name that is not a token, or
/// a field value holding CR, LF or NUL (which would let one field split the
/// response in two).
std::string serialize(const Response& response, const SerializeOptions& options = {});

}  // namespace minifw::http
