#include "minifw/http/connection.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <exception>
#include <string>
#include <system_error>
#include <vector>

#include "minifw/http/headers.hpp"
#include "minifw/http/response.hpp"
#include "minifw/http/status.hpp"
#include "minifw/net/socket.hpp"

namespace minifw::http {
namespace {

// One read into `buffer`; 0 when the peer has closed (or reset) the connection.
std::size_t read_some(int fd, std::vector<char>& buffer) {
    for (;;) {
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n >= 0) {
            return static_cast<std::size_t>(n);
        }
        if (errno == ECONNRESET) {
            return 0;
        }
        if (errno != EINTR) {
            throw std::system_error(errno, std::system_category(),
                                    "read from fd " + std::to_string(fd));
        }
    }
}

// Writes all of `bytes`; false when the peer has gone and will never read them.
bool deliver(int fd, std::string_view bytes) {
    try {
        net::write_all(fd, bytes);
        return true;
    } catch (const std::system_error& e) {
        if (e.code() == std::errc::broken_pipe || e.code() == std::errc::connection_reset) {
            return false;
        }
        throw;
    }
}

// Reads and feeds until `parser` holds a complete request. `unparsed` is
// what the last read left over: a pipelined request is parsed from it before
// anything new is read. False when the peer closed cleanly between requests.
bool read_request(int fd, RequestParser& parser, std::vector<char>& buffer,
                  std::string_view& unparsed) {
    while (!parser.request_ready()) {
        if (unparsed.empty()) {
            const std::size_t n = read_some(fd, buffer);
            if (n == 0) {
                parser.finish();  // a request cut short throws 400
                return false;
            }
            unparsed = std::string_view(buffer.data(), n);
        }
        unparsed.remove_prefix(parser.feed(unparsed));
    }
    return true;
}

// An error response whose body says why: the message of HttpError is
// written for the client.
Response error_response(int status, std::string_view why) {
    return Response::text(status,
                          std::string(reason_phrase(status)) + ": " + std::string(why) + "\n");
}

// The bytes that answer `request`. `close` comes in as the connection's
// decision so far; the handler can add to it (Connection: close), and a
// handler that fails always does: after an exception nothing about the
// handler's state can be trusted.
std::string answer(const Handler& handler, const Request& request, bool& close) {
    SerializeOptions how;
    how.head_request = request.method == "HEAD";
    try {
        Response response = handler(request);
        auto connection = response.headers.combined("Connection");
        close = close || (connection && has_token(*connection, "close"));
        if (!close && request.version_minor == 0) {
            // An HTTP/1.0 client assumes the server closes unless told otherwise.
            response.headers.set("Connection", "keep-alive");
        }
        how.close = close;
        return serialize(response, how);
    } catch (const HttpError& e) {
        close = how.close = true;
        const bool is_error = e.status() >= 400 && e.status() <= 599;
        return serialize(error_response(is_error ? e.status() : 500, e.what()), how);
    } catch (const std::exception& e) {
        // The client learns nothing about the server's insides; the log does.
        std::fprintf(stderr, "minifw: handler failed on %s %s: %s\n", request.method.c_str(),
                     request.target.c_str(), e.what());
    } catch (...) {
        std::fprintf(stderr, "minifw: handler failed on %s %s with an unknown exception\n",
                     request.method.c_str(), request.target.c_str());
    }
    close = how.close = true;
    return serialize(Response::text(500, "Internal Server Error\n"), how);
}

}  // namespace

std::size_t serve_connection(int fd, const Handler& handler, const ConnectionOptions& options) {
    RequestParser parser(options.limits);
    std::vector<char> buffer(std::max<std::size_t>(options.read_buffer_size, 1));
    std::string_view unparsed;
    std::size_t answered = 0;
    for (;;) {
        Request request;
        try {
            if (!read_request(fd, parser, buffer, unparsed)) {
                return answered;
            }
            request = parser.take();
            request.remote_address = options.remote_address;
        } catch (const HttpError& refused) {
            // After bytes that did not parse, nothing says where a next
            // request would start: answer, and close.
            SerializeOptions how;
            how.close = true;
            if (deliver(fd, serialize(error_response(refused.status(), refused.what()), how))) {
                ++answered;
                half_close_and_drain(fd, options.linger);
            }
            return answered;
        }

        bool close = !keep_alive(request) || answered + 1 >= options.max_requests;
        if (!deliver(fd, answer(handler, request, close))) {
            return answered;
        }
        ++answered;
        if (close) {
            half_close_and_drain(fd, options.linger);
            return answered;
        }
    }
}

}  // namespace minifw::http
