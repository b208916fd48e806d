#include <stdexcept>
#include <string>

#include "minifw/http/headers.hpp"
#include "parser_state.hpp"

namespace minifw::http::detail {
namespace {

// Quoted for an error message: a name or value with its length kept short.
std::string quoted(std::string_view text) {
    constexpr std::size_t shown = 64;
    std::string out = "\"" + std::string(text.substr(0, shown));
    out += text.size() > shown ? "...\"" : "\"";
    return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

HttpError too_large(Limit limit, const ParserLimits& limits) {
    // Each message names the bound and the setting that raises it: the
    // client learns what to shorten, the server's author what to configure.
    switch (limit) {
        case Limit::target:
            return HttpError(414, "request-target longer than " +
                                      std::to_string(limits.max_target) +
                                      " bytes (ParserLimits::max_target)");
        case Limit::header_count:
            return HttpError(431, "more than " + std::to_string(limits.max_headers) +
                                      " header fields (ParserLimits::max_headers)");
        case Limit::header_bytes:
            return HttpError(431, "header fields larger than " +
                                      std::to_string(limits.max_header_bytes) +
                                      " bytes (ParserLimits::max_header_bytes)");
        case Limit::body:
            return HttpError(413, "body larger than " + std::to_string(limits.max_body) +
                                      " bytes (ParserLimits::max_body)");
    }
    throw std::invalid_argument("too_large: unknown Limit " +
                                std::to_string(static_cast<int>(limit)));
}

HttpError bad_field_name(std::string_view name) {
    return HttpError(400, "header field name " + quoted(name) +
                              " is empty or holds whitespace: write \"Name: value\", a name "
                              "without spaces, then the colon (RFC 9112 section 5.1)");
}

HttpError bad_host_count(std::size_t count) {
    if (count == 0) {
        return HttpError(400, "an HTTP/1.1 request needs a Host field: add \"Host: name[:port]\"");
    }
    return HttpError(400,
                     std::to_string(count) +
                         " Host fields in one request: send exactly one (RFC 9112 section 3.2)");
}

HttpError unsupported_version(std::string_view version) {
    return HttpError(505, "HTTP/" + std::string(version) +
                              " is not supported: send the request as HTTP/1.1 or HTTP/1.0");
}

HttpError unsupported_coding(std::string_view codings) {
    // Only chunked framing tells where a request's body ends, so it must be
    // the last coding (RFC 9112 6.3), and applied once (RFC 9112 7). Those
    // are broken requests; anything else is a coding we did not implement.
    const auto last_comma = codings.rfind(',');
    const bool has_earlier = last_comma != std::string_view::npos;
    const std::string_view last = has_earlier ? codings.substr(last_comma + 1) : codings;
    const std::string_view earlier = has_earlier ? codings.substr(0, last_comma) : "";
    if (!has_token(last, "chunked")) {
        return HttpError(400, "Transfer-Encoding " + quoted(codings) +
                                  " does not end in chunked, so the body's end cannot be "
                                  "found: make chunked the last coding");
    }
    if (has_token(earlier, "chunked")) {
        return HttpError(400, "Transfer-Encoding " + quoted(codings) +
                                  " applies chunked more than once: send it once, last");
    }
    return HttpError(501, "Transfer-Encoding " + quoted(codings) +
                              ": only chunked is implemented; send the body without the "
                              "other codings");
}

HttpError rejected(llhttp_errno_t code, const char* reason, std::string_view version) {
    // llhttp calls any version but 0.9, 1.0, 1.1 and 2.0 invalid. A version
    // that is well formed ("3.0") is one we do not speak (RFC 9110 15.6.6);
    // anything else in that place is bad syntax.
    const bool well_formed_version =
        version.size() == 3 && is_digit(version[0]) && version[1] == '.' && is_digit(version[2]);
    if (code == HPE_INVALID_VERSION && well_formed_version && version != "1.0" &&
        version != "1.1") {
        return unsupported_version(version);
    }
    return HttpError(400, std::string("malformed request: ") + (reason ? reason : "") + " (" +
                              llhttp_errno_name(code) + ")");
}

}  // namespace minifw::http::detail
