#include "minifw/cgi/program.hpp"

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

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

}  // namespace minifw::cgi
