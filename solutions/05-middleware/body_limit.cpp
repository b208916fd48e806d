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
    return [max_bytes](http::Context& context, Next& next) {
        const http::Request& request = context.request();
        // Whoever reads the body later (the endpoint, as late as it can) reads
        // no more than this: a chunked body is cut off at the limit.
        context.limit_body(max_bytes);
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
        // A body an outer layer has read already is measured as it is.
        if (context.body_read() && request.body.size() > max_bytes) {
            return too_large(std::to_string(request.body.size()), max_bytes);
        }
        return next(context);
    };
}

}  // namespace minifw::middleware
