#include "minifw/cgi/response.hpp"

#include <algorithm>
#include <iterator>
#include <optional>
#include <string>

#include "minifw/http/status.hpp"
#include "minifw/util/ascii.hpp"

namespace minifw::cgi {
namespace {

// Fields that frame the message or manage the connection. The server writes
// its own (RFC 3875 6.3.4); a script's Content-Length next to ours would make
// the response ambiguous to every client and proxy (RFC 9112 6.3).
constexpr std::string_view kServerFields[] = {
    "Connection", "Content-Length", "Date", "Keep-Alive", "Trailer", "Transfer-Encoding", "Upgrade",
};

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// A line of the script's output as an error message shows it: quoted, cut
// to 60 bytes, control bytes as '?', so a log stays one readable line.
std::string quoted(std::string_view line) {
    std::string shown = "\"";
    for (char c : line.substr(0, 60)) {
        shown += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    }
    shown += line.size() > 60 ? "...\"" : "\"";
    return shown;
}

[[noreturn]] void malformed(const std::string& problem) {
    throw http::HttpError(502, "malformed CGI response: " + problem);
}

// "Status: 404 Not Found" (RFC 3875 6.3.3): three digits, then a reason
// phrase, which we drop; the status line carries the registered one.
int parse_status(std::string_view value) {
    if (value.size() < 3 || !is_digit(value[0]) || !is_digit(value[1]) || !is_digit(value[2]) ||
        (value.size() > 3 && value[3] != ' ' && value[3] != '\t')) {
        malformed("Status " + quoted(value) +
                  " does not start with a three-digit code, as in \"Status: 404 Not Found\"");
    }
    int code = (value[0] - '0') * 100 + (value[1] - '0') * 10 + (value[2] - '0');
    if (code < 100 || code > 599) {
        malformed("Status " + std::to_string(code) + " is outside 100..599 (RFC 9110 15)");
    }
    return code;
}

bool is_server_field(std::string_view name) noexcept {
    return std::any_of(std::begin(kServerFields), std::end(kServerFields),
                       [&](std::string_view field) { return http::iequals(name, field); });
}

}  // namespace

http::Response parse_cgi_response(std::string_view output) {
    if (output.empty()) {
        malformed(
            "the script printed nothing; it must print at least a Content-Type line and an "
            "empty line (RFC 3875 6.1)");
    }
    http::Response response;
    std::optional<int> status;
    bool has_content_type = false;
    bool has_location = false;
    std::size_t at = 0;
    for (int line_number = 1;; ++line_number) {
        std::size_t end = output.find('\n', at);
        if (end == std::string_view::npos) {
            malformed("no empty line ends the header block (line " + std::to_string(line_number) +
                      " is " + quoted(output.substr(at)) +
                      "); print one between the header fields and the body");
        }
        std::string_view line = output.substr(at, end - at);
        at = end + 1;
        if (line.ends_with('\r')) {
            line.remove_suffix(1);  // the newline is LF; CR LF is accepted too (RFC 3875 7.2)
        }
        if (line.empty()) {
            break;
        }
        if (line.front() == ' ' || line.front() == '\t') {
            malformed("line " + std::to_string(line_number) + " " + quoted(line) +
                      " starts with whitespace; CGI has no continuation lines (RFC 3875 6.3)");
        }
        std::size_t colon = line.find(':');
        std::string_view name = line.substr(0, colon);
        if (colon == std::string_view::npos || !util::is_token(name)) {
            malformed("line " + std::to_string(line_number) + " " + quoted(line) +
                      " is not a header field like \"Content-Type: text/html\" (a name, ':' "
                      "right after it, a value)");
        }
        std::string_view value = util::trim_ows(line.substr(colon + 1));
        if (std::any_of(value.begin(), value.end(), [](char c) {
                return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f;
            })) {
            malformed("the value of " + std::string(name) + " holds a control character");
        }
        if (value.empty()) {
            continue;  // a field without a value counts as not sent (RFC 3875 6.3)
        }

        if (http::iequals(name, "Status")) {
            if (status) {
                malformed("Status appears twice; each CGI field may appear once (RFC 3875 6.3)");
            }
            status = parse_status(value);
            continue;
        }
        bool is_content_type = http::iequals(name, "Content-Type");
        bool is_location = http::iequals(name, "Location");
        if ((is_content_type && has_content_type) || (is_location && has_location)) {
            malformed(std::string(name) +
                      " appears twice; each CGI field may appear once (RFC 3875 6.3)");
        }
        has_content_type = has_content_type || is_content_type;
        has_location = has_location || is_location;
        if (!is_server_field(name)) {
            response.headers.add(name, value);
        }
    }

    if (!status && !has_content_type && !has_location) {
        malformed(
            "none of Content-Type, Location and Status; a CGI response needs at least one "
            "(RFC 3875 6.3)");
    }
    // A Location without a Status is a redirect (6.2.3). A local path
    // (6.2.2) is redirected too instead of being re-run inside the server:
    // one more round trip, but no second request path through the server.
    response.status = status.value_or(has_location ? 302 : 200);
    response.body = output.substr(at);
    return response;
}

}  // namespace minifw::cgi
