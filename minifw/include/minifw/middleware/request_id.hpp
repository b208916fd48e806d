#pragma once
/// @file
/// A request id that follows a request through every log line (stage 05,
/// exercise 05.3).

#include <cstddef>
#include <string>
#include <string_view>

#include "minifw/http/context.hpp"
#include "minifw/middleware/pipeline.hpp"

namespace minifw::middleware {

/// Settings of the request-id layer.
struct RequestIdOptions {
    std::string header = "X-Request-Id";  ///< the field read from requests and set on responses
    std::size_t max_length = 128;         ///< a longer incoming id is replaced
};

/// True when an incoming id may be passed on as it is: 1 to `max_length`
/// characters, each an ASCII letter, a digit or one of `-_.:+/=`. Anything
/// else (spaces, quotes, control bytes) could forge or split a log line.
bool is_acceptable_request_id(std::string_view id, std::size_t max_length);

/// A fresh id: 16 bytes from the kernel's random source (getrandom(2)) as 32
/// lower-case hex digits. Unpredictable, so an id says nothing about other
/// requests; throws std::system_error if the kernel refuses.
std::string generate_request_id();

/// The id of a request, kept in its context as an item.
struct RequestId {
    std::string value;  ///< the id, as the response's field carries it
};

/// The id the request_id layer gave the request in `context`; empty when no
/// request_id layer ran outside the caller.
inline std::string_view request_id_of(const http::Context& context) {
    const RequestId* id = context.items().get<RequestId>();
    return id != nullptr ? std::string_view(id->value) : std::string_view{};
}

/// A layer that gives every request an id. It keeps an acceptable incoming id
/// (a proxy in front may have assigned it), or else generates one, and puts
/// it in the context as a RequestId item, where the layers inside (the
/// access log) and the handler read it with request_id_of(); the request is
/// not copied. The response carries the same id in `options.header`.
Layer request_id(RequestIdOptions options = {});

}  // namespace minifw::middleware
