#include "minifw/cgi/program.hpp"

#include <charconv>
#include <exception>
#include <optional>
#include <stdexcept>

#include "minifw/http/status.hpp"
#include "minifw/util/ascii.hpp"

namespace minifw::cgi {
namespace {

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

constexpr bool is_alnum(char c) noexcept {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

constexpr char lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

std::optional<std::string_view> lookup(const Environment& environment, std::string_view name) {
    auto found = environment.find(name);
    if (found == environment.end()) {
        return std::nullopt;
    }
    return found->second;
}

// Characters a path keeps as they are: RFC 3986's pchar and '/', less ';'
// and '=', which RFC 3875 3.3 keeps reserved in SCRIPT_NAME and PATH_INFO.
// Everything else is escaped, so decoding the target gives back exactly the
// meta-variables.
bool keeps(char c) noexcept {
    return is_alnum(c) || std::string_view("-._~!$&'()*+,:@/").find(c) != std::string_view::npos;
}

std::string encode_path(std::string_view path) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string encoded;
    encoded.reserve(path.size());
    for (char c : path) {
        if (keeps(c)) {
            encoded += c;
        } else {
            auto byte = static_cast<unsigned char>(c);
            encoded += '%';
            encoded += kHex[byte >> 4];
            encoded += kHex[byte & 0x0f];
        }
    }
    return encoded;
}

// "X_TRACE_ID" -> "X-Trace-Id". The original spelling is gone (names are
// case-insensitive, RFC 9110 5.1); this is the one people write.
std::string field_name(std::string_view variable) {
    std::string name;
    name.reserve(variable.size());
    bool word_start = true;
    for (char c : variable) {
        if (c == '_') {
            name += '-';
            word_start = true;
        } else {
            name += word_start ? c : lower(c);
            word_start = false;
        }
    }
    return name;
}

// The body is exactly CONTENT_LENGTH bytes; without it there is none, and
// whatever follows on stdin is not the script's to read (RFC 3875 4.2).
std::string request_body(const Environment& environment, std::string_view input) {
    auto text = lookup(environment, "CONTENT_LENGTH");
    if (!text || text->empty()) {
        return {};
    }
    std::size_t length = 0;
    auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), length);
    if (error != std::errc{} || end != text->data() + text->size()) {
        throw http::HttpError(
            400, "CONTENT_LENGTH \"" + std::string(*text) + "\" is not a number of bytes");
    }
    if (input.size() < length) {
        throw http::HttpError(400, "the body ended after " + std::to_string(input.size()) +
                                       " of the " + std::to_string(length) +
                                       " bytes CONTENT_LENGTH announced");
    }
    return std::string(input.substr(0, length));
}

http::Response failure(int status) {
    return http::Response::text(status, std::string(http::reason_phrase(status)) + "\n");
}

}  // namespace

http::Request request_from_environment(const Environment& environment, std::string body) {
    auto method = lookup(environment, "REQUEST_METHOD");
    if (!method || method->empty()) {
        throw std::invalid_argument(
            "REQUEST_METHOD is not set: this program is a CGI script; a web server must start "
            "it (try the course's example server)");
    }
    http::Request request;
    request.method = *method;
    std::string path(lookup(environment, "SCRIPT_NAME").value_or(""));
    path += lookup(environment, "PATH_INFO").value_or("");
    request.target = path.empty() ? std::string("/") : encode_path(path);
    if (auto query = lookup(environment, "QUERY_STRING"); query && !query->empty()) {
        request.target += '?';
        request.target += *query;
    }
    // "HTTP/1.0": anything else leaves the default, HTTP/1.1.
    if (auto protocol = lookup(environment, "SERVER_PROTOCOL");
        protocol && protocol->size() == 8 && protocol->starts_with("HTTP/") &&
        is_digit((*protocol)[5]) && (*protocol)[6] == '.' && is_digit((*protocol)[7])) {
        request.version_major = (*protocol)[5] - '0';
        request.version_minor = (*protocol)[7] - '0';
    }
    if (auto type = lookup(environment, "CONTENT_TYPE")) {
        request.headers.add("Content-Type", *type);
    }
    if (auto length = lookup(environment, "CONTENT_LENGTH"); length && !length->empty()) {
        request.headers.add("Content-Length", *length);
    }
    for (const auto& [name, value] : environment) {
        if (name.size() > 5 && name.starts_with("HTTP_")) {
            request.headers.add(field_name(std::string_view(name).substr(5)), value);
        }
    }
    request.body = std::move(body);
    request.remote_address = lookup(environment, "REMOTE_ADDR").value_or("");
    return request;
}

std::string to_cgi_output(const http::Response& response) {
    if (response.status < 100 || response.status > 599) {
        throw std::invalid_argument("response status " + std::to_string(response.status) +
                                    " is outside 100..599");
    }
    std::string output = "Status: " + std::to_string(response.status) + " " +
                         std::string(http::reason_phrase(response.status)) + "\n";
    for (const auto& [name, value] : response.headers) {
        if (!util::is_token(name)) {
            throw std::invalid_argument("header name \"" + name +
                                        "\" is not a token (RFC 9110 5.1)");
        }
        if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
            // A line break would end the field early and let the rest of the
            // value pose as fields of its own, or as the body.
            throw std::invalid_argument("header " + name +
                                        " holds CR, LF or NUL in its value; that would split "
                                        "the response");
        }
        output += name;
        output += ": ";
        output += value;
        output += '\n';
    }
    output += '\n';
    output += response.body;
    return output;
}

std::string serve_cgi(const http::Handler& handler, const Environment& environment,
                      std::string_view input, std::ostream& errors) {
    try {
        http::Request request =
            request_from_environment(environment, request_body(environment, input));
        http::Response response = handler(request);
        if (request.method == "HEAD") {
            response.body.clear();  // a script sends no body for HEAD (RFC 3875 4.3.3)
        }
        return to_cgi_output(response);
    } catch (const http::HttpError& error) {
        errors << error.what() << '\n';
        int status = error.status();
        return to_cgi_output(failure(status >= 400 && status <= 599 ? status : 500));
    } catch (const std::exception& error) {
        errors << error.what() << '\n';
    } catch (...) {
        errors << "the handler threw something that is not a std::exception\n";
    }
    return to_cgi_output(failure(500));
}

}  // namespace minifw::cgi
