#include <algorithm>
#include <stdexcept>

#include "minifw/http/headers.hpp"
#include "parser_state.hpp"

namespace minifw::http {

int RequestParser::Impl::on_body_announced() {
    // CONNECT has no content (RFC 9110 9.3.6), so llhttp reads none: the
    // bytes would be parsed as the next request, while a proxy in front
    // took them for this one's body. That is request smuggling; refuse it.
    if (llhttp_get_method(&parser) == HTTP_CONNECT &&
        (request.headers.contains("Transfer-Encoding") || parser.content_length > 0)) {
        return refuse(HttpError(400,
                                "a CONNECT request has no body (RFC 9110 section 9.3.6): "
                                "send it with no Transfer-Encoding and no Content-Length but 0"));
    }
    if (auto codings = request.headers.combined("Transfer-Encoding")) {
        // llhttp decodes chunked framing and nothing else; any other coding
        // would hand the application bytes it cannot read.
        if (codings->find(',') != std::string::npos || !has_token(*codings, "chunked")) {
            return refuse(detail::unsupported_coding(*codings));
        }
        return 0;  // the size is unknown until the last chunk: on_body counts
    }
    // Refuse before the body arrives rather than read and discard it.
    // (llhttp has validated Content-Length; with Transfer-Encoding too, it
    // has refused the request already: RFC 9112 6.3.)
    if (parser.content_length > limits.max_body) {
        return refuse(detail::too_large(detail::Limit::body, limits));
    }
    return 0;
}

int RequestParser::Impl::on_body(std::string_view piece) {
    // A chunked body announces no size: count it as it grows, and stop at
    // the limit rather than after buffering it all.
    if (piece.size() > body_limit - request.body.size()) {
        ParserLimits applied = limits;
        applied.max_body = body_limit;  // continue_body() may have lowered it
        return refuse(detail::too_large(detail::Limit::body, applied));
    }
    request.body += piece;
    return 0;
}

void RequestParser::Impl::start_next_message() {
    llhttp_resume(&parser);
    // After CONNECT, or a request with Upgrade, llhttp pauses once more where
    // the bytes of the new protocol would begin. This server answers such
    // requests as plain HTTP (RFC 9110 7.8 lets a server ignore Upgrade), so
    // let llhttp reach that pause without input, and step over it.
    if (llhttp_get_upgrade(&parser) != 0) {
        static constexpr char nothing[1] = {};
        if (llhttp_execute(&parser, nothing, 0) == HPE_PAUSED_UPGRADE) {
            llhttp_resume_after_upgrade(&parser);
        }
    }
}

void RequestParser::continue_body(std::size_t max_body) {
    Impl& self = *impl_;
    if (!self.at_head) {
        throw std::logic_error(
            "RequestParser::continue_body() with no head waiting: call it only when "
            "head_ready() is true");
    }
    self.at_head = false;
    self.body_limit = std::min(self.body_limit, max_body);
    // A declared length over the limit is refused before a byte of the body
    // is read; a chunked body is counted by on_body as it arrives.
    if (self.parser.content_length > self.body_limit) {
        ParserLimits applied = self.limits;
        applied.max_body = self.body_limit;
        self.refuse(detail::too_large(detail::Limit::body, applied));
        std::rethrow_exception(self.error);
    }
    llhttp_resume(&self.parser);
}

}  // namespace minifw::http
