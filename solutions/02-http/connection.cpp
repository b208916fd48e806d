#include "minifw/http/connection.hpp"

#include <exception>
#include <string>

#include "minifw/http/headers.hpp"
#include "minifw/http/status.hpp"
#include "minifw/log.hpp"

namespace minifw::http {
namespace {

Response reason_only(int status) {
    return Response::text(status, std::string(reason_phrase(status)) + "\n");
}

void report(const Request& request, std::string_view what) {
    log_line("minifw: " + request.method + " " + request.target + " failed: " + std::string(what));
}

}  // namespace

SerializeOptions prepare_response(const Request& request, Response& response,
                                  const Exchange& exchange) {
    SerializeOptions how;
    how.head_request = request.method == "HEAD";
    const bool http10 = request.version_major == 1 && request.version_minor == 0;
    how.chunked = !http10;
    if (response.status == 101 && response.upgrade) {
        return how;  // the connection goes on, as another protocol
    }
    auto connection = response.headers.combined("Connection");
    how.close = !keep_alive(request) || exchange.answered + 1 >= exchange.max_requests ||
                (connection && has_token(*connection, "close")) ||
                // Unread body bytes would be parsed as the next request.
                exchange.body_unread ||
                // After an error, nothing about the handler's state can be trusted.
                exchange.failed ||
                // To HTTP/1.0, a body of unknown length ends where the connection does.
                (http10 && response.chunks && !how.head_request);
    if (!how.close && http10) {
        // An HTTP/1.0 client assumes the server closes unless told otherwise.
        response.headers.set("Connection", "keep-alive");
    }
    return how;
}

Response error_response(const Request& request, std::exception_ptr error) {
    if (!error) {
        return reason_only(500);  // rethrowing a null exception_ptr is undefined
    }
    try {
        std::rethrow_exception(error);
    } catch (const HttpError& e) {
        const int status = e.status();
        if (status >= 400 && status <= 499) {
            // A 4xx is the client's to fix, and the message says how.
            return Response::text(status, std::string(e.what()) + "\n");
        }
        // A 5xx is ours: what went wrong is for our log, not the client.
        report(request, e.what());
        return reason_only(status >= 500 && status <= 599 ? status : 500);
    } catch (const std::exception& e) {
        // The message may hold paths, SQL or secrets: log it, never send it.
        report(request, e.what());
    } catch (...) {
        report(request, "an exception that is not a std::exception");
    }
    return reason_only(500);
}

}  // namespace minifw::http
