#include "minifw/middleware/body_limit.hpp"

#include <charconv>
#include <cstdint>
#include <string>

namespace minifw::middleware {
namespace {

http::Response too_large(std::string_view size, std::size_t max_bytes) {
    return http::Response::text(413, "request body of " + std::string(size) +
                                         " bytes is over the limit of " +
                                         std::to_string(max_bytes) + " bytes\n");
}

}  // namespace

Layer body_limit(std::size_t max_bytes) {
    return [max_bytes](const http::Request& request, Next& next) {
        if (auto field = request.headers.get("Content-Length")) {
            // The declared size is known before any byte of the body, so a
            // server that checks it this early need not read the body at all.
            const char* first = field->data();
            const char* last = first + field->size();
            std::uint64_t declared = 0;
            auto [end, error] = std::from_chars(first, last, declared);
            // Out of range still means digits only: a size too large to hold.
            if (end != last || error == std::errc::invalid_argument) {
                return http::Response::text(
                    400, "Content-Length '" + std::string(*field) + "' is not a number of bytes\n");
            }
            if (error == std::errc::result_out_of_range || declared > max_bytes) {
                return too_large(*field, max_bytes);
            }
        }
        // A chunked body declares no size: only its decoded length tells.
        if (request.body.size() > max_bytes) {
            return too_large(std::to_string(request.body.size()), max_bytes);
        }
        return next(request);
    };
}

}  // namespace minifw::middleware
