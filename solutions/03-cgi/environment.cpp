#include "minifw/cgi/environment.hpp"

#include "minifw/util/percent.hpp"

#include <stdexcept>

#include "minifw/http/status.hpp"

namespace minifw::cgi {
namespace {

constexpr bool is_letter_or_digit(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

constexpr char upper(char c) noexcept {
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
}

// Header fields that never become HTTP_* variables, and why.
constexpr std::string_view kWithheldFields[] = {
    "Authorization",        // the client's password: the server checks it (RFC 3875 9.2)
    "Proxy-Authorization",  // the same, meant for a proxy
    "Content-Length",       // the script gets CONTENT_LENGTH instead (4.1.18)
    "Content-Type",         // and CONTENT_TYPE
    "Proxy",                // HTTP_PROXY would tell the script's HTTP client to use the
                            // attacker's proxy ("httpoxy")
};

// PATH_INFO reaches the script decoded (RFC 3875 4.1.5), by the framework's
// one decoder: a bad escape, a NUL (which would silently cut the environment
// string short) or invalid UTF-8 makes the request unusable: 400.
std::string decode_path(std::string_view encoded) {
    util::PercentDecoded decoded = util::percent_decode(encoded);
    if (!decoded) {
        throw http::HttpError(400, "PATH_INFO: " + util::describe(decoded));
    }
    return std::move(decoded.text);
}

}  // namespace

std::optional<std::string> header_variable(std::string_view name) {
    if (name.empty()) {
        return std::nullopt;
    }
    for (std::string_view withheld : kWithheldFields) {
        if (http::iequals(name, withheld)) {
            return std::nullopt;
        }
    }
    std::string variable = "HTTP_";
    variable.reserve(variable.size() + name.size());
    for (char c : name) {
        // '_' is refused rather than kept: "X_User" and "X-User" would both
        // become HTTP_X_USER, and a script trusting the one a front proxy
        // sets could be handed the other by the client.
        if (c == '-') {
            variable += '_';
        } else if (is_letter_or_digit(c)) {
            variable += upper(c);
        } else {
            return std::nullopt;
        }
    }
    return variable;
}

bool is_mounted_at(std::string_view path, std::string_view script_name) {
    return path.starts_with(script_name) &&
           (path.size() == script_name.size() || path[script_name.size()] == '/');
}

Environment meta_variables(const http::Request& request, const ServerInfo& server) {
    std::string_view path = request.path();
    if (!is_mounted_at(path, server.script_name)) {
        throw std::invalid_argument("request path \"" + std::string(path) +
                                    "\" is not under SCRIPT_NAME \"" + server.script_name +
                                    "\": check is_mounted_at() before building meta-variables");
    }

    Environment env;
    env["GATEWAY_INTERFACE"] = "CGI/1.1";
    env["SERVER_SOFTWARE"] = server.server_software;
    env["SERVER_NAME"] = server.server_name;
    env["SERVER_PORT"] = std::to_string(server.server_port);
    env["SERVER_PROTOCOL"] = "HTTP/" + std::to_string(request.version_major) + "." +
                             std::to_string(request.version_minor);
    env["REQUEST_METHOD"] = request.method;
    env["SCRIPT_NAME"] = server.script_name;
    env["PATH_INFO"] = decode_path(path.substr(server.script_name.size()));
    env["QUERY_STRING"] = request.query();  // stays encoded: '&' and '=' still mean something
    env["REMOTE_ADDR"] = request.remote_address;
    // 4.1.9 lets the address stand in for the host name; a reverse DNS
    // lookup on every request would cost more than the script itself.
    env["REMOTE_HOST"] = request.remote_address;
    if (!request.body.empty()) {
        // The decoded length: a chunked body has been de-chunked (4.1.2).
        env["CONTENT_LENGTH"] = std::to_string(request.body.size());
    }
    if (auto type = request.headers.get("Content-Type")) {
        env["CONTENT_TYPE"] = *type;
    }

    for (const auto& [name, value] : request.headers) {
        auto variable = header_variable(name);
        if (!variable || env.contains(*variable)) {
            continue;  // withheld, or a repeat already joined below
        }
        // One variable per name (4.1.18): repeated fields are joined. Cookie
        // pairs are separated by "; ", never by ", " (RFC 6265 5.4).
        if (http::iequals(name, "Cookie")) {
            std::string joined;
            for (std::string_view part : request.headers.get_all(name)) {
                if (!joined.empty()) {
                    joined += "; ";
                }
                joined += part;
            }
            env[*variable] = std::move(joined);
        } else {
            env[*variable] = request.headers.combined(name).value_or(value);
        }
    }
    return env;
}

}  // namespace minifw::cgi
