#include "minifw/http/session.hpp"

#include <stdexcept>
#include <utility>

#include "minifw/http/connection.hpp"
#include "minifw/http/headers.hpp"

namespace minifw::http {
namespace {

// RFC 9110 section 10.1.1: a client that sends "Expect: 100-continue" waits
// for the 100 before it sends the body. A server MUST ignore the expectation
// in an HTTP/1.0 request.
bool expects_continue(const Request& request) {
    if (request.version_major == 1 && request.version_minor == 0) {
        return false;
    }
    auto expect = request.headers.combined("Expect");
    return expect && has_token(*expect, "100-continue");
}

// 1xx, 204 and 304 never carry content (RFC 9110 6.4.1); neither does the
// answer to HEAD (9.3.2).
bool sends_body(const Response& response, const SerializeOptions& how) {
    const int status = response.status;
    return !how.head_request && status >= 200 && status != 204 && status != 304;
}

}  // namespace

Session::Session(SessionOptions options) : options_(std::move(options)), parser_(options_.limits) {
    parser_.stop_after_heads();
}

Step Session::next() {
    if (phase_ == Phase::reading) {
        parse_head();
    }
    switch (phase_) {
        case Phase::reading:
            return Step::read;
        case Phase::handling:
            return Step::handle;
        case Phase::writing:
            return Step::write;
        case Phase::done:
            break;
    }
    return Step::done;
}

void Session::receive(std::string_view bytes) {
    if (bytes.empty()) {
        peer_closed_ = true;
        return;
    }
    input_.append(bytes);
}

void Session::parse_buffered() {
    consumed_ += parser_.feed(std::string_view(input_).substr(consumed_));
    if (consumed_ == input_.size()) {
        input_.clear();  // keeps its capacity for the next read
        consumed_ = 0;
    }
}

void Session::parse_head() {
    try {
        parse_buffered();
        if (parser_.head_ready()) {
            current_ = &parser_.head();
            current_->remote_address = options_.remote_address;
            body_started_ = body_failed_ = continue_sent_ = false;
            interim_.clear();
            phase_ = Phase::handling;
            return;
        }
        if (peer_closed_) {
            parser_.finish();  // a request cut short throws 400
            phase_ = Phase::done;
        }
    } catch (...) {
        // After bytes that do not parse, nothing says where a next request
        // would start: answer, and close.
        body_failed_ = true;
        finish_response(error_response(parser_.head(), std::current_exception()), true);
    }
}

const Request& Session::request() const {
    if (phase_ != Phase::handling) {
        throw std::logic_error("Session::request() outside Step::handle: call next() first");
    }
    return *current_;
}

bool Session::read_body(std::size_t max_body) {
    if (phase_ != Phase::handling) {
        throw std::logic_error("Session::read_body() outside Step::handle");
    }
    try {
        if (!body_started_) {
            body_started_ = true;
            parser_.continue_body(max_body);  // a Content-Length over it is a 413 now
        }
        parse_buffered();
        if (parser_.request_ready()) {
            return true;
        }
        if (peer_closed_) {
            parser_.finish();  // the body was cut short: 400
        }
        // Only now, when the application asked for the body and it is not
        // all here, is the client told to send it.
        if (!continue_sent_ && expects_continue(parser_.head())) {
            continue_sent_ = true;
            interim_ = "HTTP/1.1 100 Continue\r\n\r\n";
        }
        return false;
    } catch (...) {
        body_failed_ = true;
        throw;
    }
}

std::string Session::take_interim() { return std::exchange(interim_, {}); }

void Session::respond(Response response) {
    if (phase_ != Phase::handling) {
        throw std::logic_error("Session::respond() outside Step::handle");
    }
    finish_response(std::move(response), false);
}

void Session::respond_error(std::exception_ptr error) {
    if (phase_ != Phase::handling) {
        throw std::logic_error("Session::respond_error() outside Step::handle");
    }
    finish_response(error_response(parser_.head(), std::move(error)), true);
}

void Session::finish_response(Response response, bool failed) {
    Request& request = parser_.head();
    if (!body_started_ && !body_failed_) {
        // The application answered without the body. One that was never
        // announced, or has already arrived whole, costs nothing to step
        // over; any other is left unread, and the connection must close.
        body_started_ = true;
        try {
            parser_.continue_body(options_.limits.max_body);
            parse_buffered();
        } catch (...) {
            body_failed_ = true;
        }
    }
    if (response.status == 101 && !response.upgrade) {
        response = error_response(
            request, std::make_exception_ptr(std::logic_error(
                         "a 101 response needs an upgrade handler (Response::upgrade) to take "
                         "the connection")));
        failed = true;
    }

    Exchange exchange;
    exchange.answered = answered_;
    // A session told to close makes this response the last one allowed.
    exchange.max_requests = closing_ ? answered_ + 1 : options_.max_requests;
    exchange.body_unread = body_failed_ || !parser_.request_ready();
    exchange.failed = failed;
    SerializeOptions how = prepare_response(request, response, exchange);
    if (options_.date) {
        how.date = options_.date();
    }

    Outgoing out;
    out.head = serialize(response, how);
    out.close = how.close;
    if (sends_body(response, how)) {
        out.file = std::move(response.file);
        out.chunks = std::move(response.chunks);
        out.chunked = how.chunked;
    }
    if (response.status == 101) {
        out.upgrade = std::move(response.upgrade);
    }
    done_after_output_ = out.close || static_cast<bool>(out.upgrade);
    if (!done_after_output_) {
        (void)parser_.take();  // the parser goes on to the next request
    }
    output_ = std::move(out);
    ++answered_;
    phase_ = Phase::writing;
}

Outgoing Session::take_output() {
    if (phase_ != Phase::writing) {
        throw std::logic_error("Session::take_output() outside Step::write");
    }
    phase_ = done_after_output_ ? Phase::done : Phase::reading;
    return std::move(output_);
}

bool Session::idle() const { return phase_ == Phase::reading && parser_.idle(); }

std::string Session::take_unparsed() {
    std::string rest = input_.substr(consumed_);
    input_.clear();
    consumed_ = 0;
    return rest;
}

}  // namespace minifw::http
