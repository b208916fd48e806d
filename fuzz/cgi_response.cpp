// Fuzzes stage 03's parser of a CGI script's output. Invariants: output
// that is not a CGI response is an HttpError(502), nothing else; what it
// accepts has a valid status and serialises (so no CR, LF or NUL from the
// script can reach the client's header block: no response splitting).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "minifw/cgi/response.hpp"
#include "minifw/http/response.hpp"
#include "minifw/http/status.hpp"

namespace cgi = minifw::cgi;
namespace http = minifw::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view output(reinterpret_cast<const char*>(data), size);
    http::Response response;
    try {
        response = cgi::parse_cgi_response(output);
    } catch (const http::HttpError& refused) {
        if (refused.status() != 502) {
            std::abort();
        }
        return 0;
    }
    if (response.status < 100 || response.status > 599) {
        std::abort();
    }
    http::SerializeOptions options;
    options.date = "Sun, 06 Nov 1994 08:49:37 GMT";
    (void)http::serialize(response, options);  // throws (and so fails) on a bad field
    return 0;
}
