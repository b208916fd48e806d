#pragma once
/// @file
/// Status codes, reason phrases and HTTP dates (given, not an exercise).

#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>

namespace minifw::http {

/// The reason phrase registered for `status` (RFC 9110 section 15), such as
/// "Not Found" for 404; "Unknown" for a code it does not know.
std::string_view reason_phrase(int status) noexcept;

/// An IMF-fixdate, the one date format a sender generates (RFC 9110 5.6.7):
/// "Sun, 06 Nov 1994 08:49:37 GMT".
std::string http_date(
    std::chrono::system_clock::time_point when = std::chrono::system_clock::now());

/// A request the server refuses with a 4xx or 5xx status. The parser throws
/// it for malformed or oversized input; the connection loop answers it with
/// that status and closes the connection.
class HttpError : public std::runtime_error {
public:
    HttpError(int status, const std::string& message)
        : std::runtime_error(message), status_(status) {}
    /// The status code to answer with (400, 413, 414, 431, 501, 505, ...).
    int status() const noexcept { return status_; }

private:
    int status_;
};

}  // namespace minifw::http
