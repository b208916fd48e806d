// Fuzzes stage 03's parser of a CGI script's output: a script is another
// program, and what it prints goes to the client.
//
// Properties: output that is not a CGI response is an HttpError(502),
// nothing else; what it accepts has a status from 100 to 599, passes on no
// field that frames the message (the server writes those), keeps the body
// byte for byte, and serialises into exactly one response: one line per
// field, no CR or LF from the script anywhere in the head (no response
// splitting).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "invariant.hpp"
#include "minifw/cgi/response.hpp"
#include "minifw/http/headers.hpp"
#include "minifw/http/response.hpp"
#include "minifw/http/status.hpp"

namespace cgi = minifw::cgi;
namespace http = minifw::http;
using minifw::fuzz::require;

namespace {

// The fields the server owns (RFC 3875 6.3.4), and the CGI-only Status.
constexpr std::string_view kNotPassedOn[] = {
    "Connection", "Content-Length",    "Date",    "Keep-Alive",
    "Trailer",    "Transfer-Encoding", "Upgrade", "Status",
};

void check_response(std::string_view output, const http::Response& response) {
    require(response.status >= 100 && response.status <= 599, "the status is in 100..599");
    for (const http::Headers::Field& field : response.headers) {
        require(
            std::none_of(std::begin(kNotPassedOn), std::end(kNotPassedOn),
                         [&](std::string_view owned) { return http::iequals(field.first, owned); }),
            "no framing field and no Status is passed on");
    }
    // The body is what follows the empty line, untouched.
    const std::size_t head_size = output.size() - response.body.size();
    require(output.ends_with(response.body) && head_size > 0 && output[head_size - 1] == '\n',
            "the body is the output after the empty line, byte for byte");

    http::SerializeOptions options;
    options.date = "Sun, 06 Nov 1994 08:49:37 GMT";
    const std::string wire = http::serialize(response, options);  // throws on a bad field
    const std::size_t head_end = wire.find("\r\n\r\n");
    require(head_end != std::string::npos, "the serialised response has a head");
    const std::string_view head = std::string_view(wire).substr(0, head_end + 2);
    const bool has_length =
        response.status >= 200 && response.status != 204 && response.status != 304;
    // Status line, Date, Content-Length where a body is allowed, the fields.
    const std::size_t lines = 2 + (has_length ? 1 : 0) + response.headers.size();
    std::size_t line_ends = 0;
    for (std::size_t at = head.find("\r\n"); at != std::string_view::npos;
         at = head.find("\r\n", at + 2)) {
        ++line_ends;
    }
    const auto count = [&](char c) {
        return static_cast<std::size_t>(std::count(head.begin(), head.end(), c));
    };
    require(line_ends == lines && count('\n') == lines && count('\r') == lines,
            "one head line per field, and no CR or LF of the script's in the head");
    if (has_length) {
        require(wire.size() - (head_end + 4) == response.body.size(),
                "the body follows the head, Content-Length bytes long");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view output(reinterpret_cast<const char*>(data), size);
    http::Response response;
    try {
        response = cgi::parse_cgi_response(output);
    } catch (const http::HttpError& refused) {
        require(refused.status() == 502, "output that is not a CGI response is a 502");
        return 0;
    }
    check_response(output, response);
    return 0;
}
