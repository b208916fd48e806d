#include "minifw/http/parser.hpp"

#include <stdexcept>

#include "parser_state.hpp"

namespace minifw::http {

RequestParser::RequestParser(ParserLimits limits) : impl_(std::make_unique<Impl>(limits)) {}

RequestParser::~RequestParser() = default;
RequestParser::RequestParser(RequestParser&&) noexcept = default;
RequestParser& RequestParser::operator=(RequestParser&&) noexcept = default;

std::size_t RequestParser::feed(std::string_view data) {
    Impl& self = *impl_;
    if (self.error) {
        std::rethrow_exception(self.error);  // a spent parser stays spent
    }
    if (self.ready || self.at_head) {
        return 0;  // the waiting request (or head) must be dealt with first
    }
    if (llhttp_get_errno(&self.parser) == HPE_PAUSED) {
        self.start_next_message();
    }
    // llhttp wants a pointer even for no bytes (which still let it finish a
    // request that needs no more input, such as one without a body).
    static constexpr char nothing[1] = {};
    const char* bytes = data.empty() ? nothing : data.data();
    const llhttp_errno_t code = llhttp_execute(&self.parser, bytes, data.size());
    if (code == HPE_OK) {
        return data.size();
    }
    if (code == HPE_PAUSED) {
        // Paused by on_message_complete (or after a head): the error
        // position is the first byte after the request (or the head).
        return static_cast<std::size_t>(llhttp_get_error_pos(&self.parser) - bytes);
    }
    if (!self.error) {
        // llhttp refused the bytes itself; no callback of ours stopped it.
        self.error = std::make_exception_ptr(
            detail::rejected(code, llhttp_get_error_reason(&self.parser), self.version));
    }
    std::rethrow_exception(self.error);
}

void RequestParser::finish() {
    Impl& self = *impl_;
    if (self.error) {
        std::rethrow_exception(self.error);
    }
    // A request never runs until the connection closes (RFC 9112 6.3), so an
    // end of stream is clean exactly between requests.
    if (self.in_message) {
        self.error = std::make_exception_ptr(
            HttpError(400,
                      "the connection closed in the middle of a request: send the whole "
                      "request (every byte of its Content-Length or chunked body)"));
        std::rethrow_exception(self.error);
    }
}

bool RequestParser::request_ready() const { return impl_->ready; }

Request RequestParser::take() {
    Impl& self = *impl_;
    if (!self.ready) {
        throw std::logic_error(
            "RequestParser::take() with no complete request: call it only when "
            "request_ready() is true");
    }
    self.ready = false;
    return std::move(self.request);
}

bool RequestParser::idle() const { return !impl_->in_message; }

void RequestParser::stop_after_heads() { impl_->stop_at_heads = true; }

bool RequestParser::head_ready() const { return impl_->at_head; }

Request& RequestParser::head() { return impl_->request; }

}  // namespace minifw::http
