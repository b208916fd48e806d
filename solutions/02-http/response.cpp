#include "minifw/http/response.hpp"

#include <stdexcept>
#include <string>

#include "minifw/http/status.hpp"
#include "minifw/util/ascii.hpp"

namespace minifw::http {
namespace {

// The fields that frame the message are the serializer's to write: a
// handler's Content-Length that disagrees with the body would make the client
// read the next response from the wrong byte.
bool framing_field(std::string_view name) {
    return iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") ||
           iequals(name, "Date");
}

void check_field(std::string_view name, std::string_view value) {
    if (name.empty()) {
        throw std::invalid_argument("response has a header field with an empty name");
    }
    for (char c : name) {
        if (!util::is_tchar(c)) {  // a field name is a token (RFC 9110 5.6.2)
            throw std::invalid_argument("response header name \"" + std::string(name) +
                                        "\" is not a token: use letters, digits and "
                                        "!#$%&'*+-.^_`|~ only");
        }
    }
    // A CR or LF copied from user input (say, into a Location) would end the
    // field early and let the rest pose as more fields, or a second response.
    if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) {
        throw std::invalid_argument("response header " + std::string(name) +
                                    " has CR, LF or NUL in its value: remove them (or "
                                    "percent-encode them) before setting the field");
    }
}

}  // namespace

std::string serialize(const Response& response, const SerializeOptions& options) {
    const int status = response.status;
    if (status < 100 || status > 599) {
        throw std::invalid_argument("response status " + std::to_string(status) +
                                    " is not in 100..599: use a registered status code");
    }
    // 1xx and 204 never have content (RFC 9110 6.4.1), so no Content-Length
    // either (8.6). A 304 stands for a body the client already has; its
    // Content-Length would have to be that body's size, which only the
    // handler knows, so it is left out too (8.6, 15.4.5).
    const int kinds = (response.body.empty() ? 0 : 1) + (response.file ? 1 : 0) +
                      (response.chunks ? 1 : 0) + (response.upgrade ? 1 : 0);
    if (kinds > 1) {
        throw std::invalid_argument(
            "response sets more than one kind of body (body, file, chunks, upgrade): set one");
    }
    const bool never_has_body = status < 200 || status == 204 || status == 304;
    const bool writes_body = !never_has_body && !options.head_request;

    const std::string_view reason = reason_phrase(status);
    std::string out;
    out.reserve(128 + response.headers.size() * 32 + (writes_body ? response.body.size() : 0));
    out += "HTTP/1.1 ";
    out += std::to_string(status);
    out += ' ';
    out += reason;
    out += "\r\n";

    out += "Date: ";
    out += options.date.empty() ? http_date() : options.date;
    out += "\r\n";
    if (!never_has_body) {
        if (auto length = response.content_length()) {
            // For HEAD too: the length the GET body has (RFC 9110 9.3.2).
            out += "Content-Length: ";
            out += std::to_string(*length);
            out += "\r\n";
        } else if (options.chunked) {
            // A length unknown until the end: each chunk says its own
            // (RFC 9112 7.1). Without chunking, the close ends the body (6.3).
            out += "Transfer-Encoding: chunked\r\n";
        }
    }
    if (options.close) {
        out += "Connection: close\r\n";
    }

    for (const auto& [name, value] : response.headers) {
        if (framing_field(name) || (options.close && iequals(name, "Connection"))) {
            continue;
        }
        check_field(name, value);
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    out += "\r\n";
    if (writes_body) {
        out += response.body;
    }
    return out;
}

}  // namespace minifw::http
