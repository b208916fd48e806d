#include "minifw/middleware/request_id.hpp"

#include <sys/random.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstddef>
#include <string>
#include <system_error>

namespace minifw::middleware {
namespace {

// Letters, digits and a few marks: nothing that could end a field, a quoted
// string or a log line.
bool is_id_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("-_.:+/=").find(c) != std::string_view::npos;
}

}  // namespace

bool is_acceptable_request_id(std::string_view id, std::size_t max_length) {
    return !id.empty() && id.size() <= max_length && std::all_of(id.begin(), id.end(), is_id_char);
}

std::string generate_request_id() {
    // 128 bits: enough that two ids never collide in practice. getrandom()
    // never returns fewer than 256 bytes once the pool is ready, but a signal
    // can interrupt it, so loop.
    std::array<unsigned char, 16> bytes{};
    std::size_t filled = 0;
    while (filled < bytes.size()) {
        ssize_t n = ::getrandom(bytes.data() + filled, bytes.size() - filled, 0);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw std::system_error(errno, std::generic_category(), "getrandom for a request id");
        }
        filled += static_cast<std::size_t>(n);
    }
    static constexpr char digits[] = "0123456789abcdef";
    std::string id;
    id.reserve(bytes.size() * 2);
    for (unsigned char b : bytes) {
        id += digits[b >> 4];
        id += digits[b & 0x0f];
    }
    return id;
}

Layer request_id(RequestIdOptions options) {
    return [options = std::move(options)](http::Context& context, Next& next) {
        auto incoming = context.request().headers.get_all(options.header);
        // Missing, malformed or repeated: replace it.
        std::string id =
            incoming.size() == 1 && is_acceptable_request_id(incoming.front(), options.max_length)
                ? std::string(incoming.front())
                : generate_request_id();
        // An annotation, not a copy of the request: everything inside reads it
        // from the context, whatever field carried it in.
        context.items().set(RequestId{id});
        http::Response response = next(context);
        response.headers.set(options.header, id);
        return response;
    };
}

}  // namespace minifw::middleware
