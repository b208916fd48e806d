#pragma once
/// @file
/// An HTTP response and its serialisation (stage 02, exercise 02.5).

#include <string>
#include <string_view>
#include <utility>

#include "minifw/http/headers.hpp"

namespace minifw::http {

/// One HTTP response, before it is written to the wire.
struct Response {
    int status = 200;  ///< the status code, 100..599
    Headers headers;   ///< fields the handler set (Content-Type, ...)
    std::string body;  ///< the body; its length becomes Content-Length

    /// A response with a body and a Content-Type.
    static Response text(int status, std::string body,
                         std::string_view content_type = "text/plain; charset=utf-8") {
        Response r;
        r.status = status;
        r.headers.set("Content-Type", content_type);
        r.body = std::move(body);
        return r;
    }
};

/// What the connection knows that the handler does not.
struct SerializeOptions {
    bool head_request = false;  ///< answer to HEAD: headers as for GET, no body
    bool close = false;         ///< the connection closes after this response
    std::string date;           ///< the Date value; empty means now (http_date())
};

/// The bytes to send: status line, Date, Content-Length (when the status
/// allows a body), Connection: close when closing, the response's own
/// fields, a blank line and the body (RFC 9112 section 4, 6.3; RFC 9110
/// 6.4.1, 8.6). Never writes a Content-Length for 1xx, 204 and 304, and no
/// body for HEAD, 1xx, 204 and 304.
///
/// Framing is the serializer's job: the handler's own Content-Length,
/// Transfer-Encoding and Date fields are dropped (a wrong Content-Length
/// would desynchronise the connection), and so is its Connection field when
/// options.close is set. Throws std::invalid_argument for a status outside
/// 100..599, a field name that is not a token, or a field value holding CR,
/// LF or NUL (which would let one field split the response in two).
std::string serialize(const Response& response, const SerializeOptions& options = {});

}  // namespace minifw::http
