#pragma once
/// @file
/// RFC 3875 meta-variables: everything a CGI script learns about its request
/// arrives as environment variables (stage 03, exercise 03.1).

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "minifw/http/request.hpp"

namespace minifw::cgi {

/// Meta-variables by name, such as {"REQUEST_METHOD", "GET"}. A name appears
/// once (RFC 3875 4.1), so a sorted map; the script receives each entry as
/// one "NAME=value" string of its environment.
using Environment = std::map<std::string, std::string, std::less<>>;

/// What the server knows about a script that the request does not say.
struct ServerInfo {
    /// SCRIPT_NAME: the URL path the script is mounted at, such as
    /// "/cgi-bin/hello"; "" mounts it at the root. Not percent-encoded.
    std::string script_name;
    /// SERVER_NAME: the configured host name. Never taken from the Host
    /// header, which the client controls.
    std::string server_name = "localhost";
    /// SERVER_PORT: the port the request arrived on.
    std::uint16_t server_port = 80;
    /// SERVER_SOFTWARE: product/version of this server.
    std::string server_software = "minifw/0.1";
};

/// The meta-variable that carries the header field `name` to a script:
/// "HTTP_" + the name upper-cased with '-' turned into '_' (RFC 3875
/// 4.1.18), so "User-Agent" gives "HTTP_USER_AGENT".
///
/// nullopt for a field a script must not see this way: credentials
/// (Authorization, Proxy-Authorization: RFC 3875 9.2), fields that have
/// their own variable (Content-Length, Content-Type), Proxy (HTTP_PROXY is
/// where HTTP client libraries look for an outgoing proxy: "httpoxy"), and
/// names holding anything but letters, digits and '-' ("X_User" would pose
/// as "X-User" once mapped).
std::optional<std::string> header_variable(std::string_view name);

/// True when `path` is `script_name` itself or lies below it: "/cgi-bin/app"
/// holds "/cgi-bin/app" and "/cgi-bin/app/users", but not "/cgi-bin/apple".
bool is_mounted_at(std::string_view path, std::string_view script_name);

/// The meta-variables for running the script at `server.script_name` on
/// `request` (RFC 3875 section 4.1): GATEWAY_INTERFACE, SERVER_*,
/// REQUEST_METHOD, SCRIPT_NAME, PATH_INFO (the rest of the path, decoded),
/// QUERY_STRING (as sent, "" when absent), REMOTE_ADDR and REMOTE_HOST,
/// CONTENT_LENGTH only when there is a body, CONTENT_TYPE when the request
/// has one, and HTTP_* for the other header fields (repeated fields joined
/// into one value).
///
/// Throws std::invalid_argument when the request's path is not under
/// server.script_name (check is_mounted_at() first), and http::HttpError(400)
/// when the rest of the path holds a malformed escape or an encoded NUL.
Environment meta_variables(const http::Request& request, const ServerInfo& server);

}  // namespace minifw::cgi
