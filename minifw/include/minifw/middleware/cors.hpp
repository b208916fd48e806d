#pragma once
/// @file
/// Cross-origin resource sharing, as the Fetch standard defines it (stage 05,
/// exercise 05.4).

#include <chrono>
#include <string>
#include <vector>

#include "minifw/middleware/pipeline.hpp"

namespace minifw::middleware {

/// Which other origins may read this server's responses from a browser.
struct CorsOptions {
    /// Origins compared byte for byte with the Origin field, such as
    /// "https://app.example.com"; {"*"} allows every origin.
    std::vector<std::string> allowed_origins;
    /// Methods a preflight may ask for (GET, HEAD and POST never need one).
    std::vector<std::string> allowed_methods = {"GET", "HEAD", "POST"};
    /// Request fields a preflight may ask for, ignoring case; {"*"} allows any.
    std::vector<std::string> allowed_headers;
    /// Response fields that scripts on the other origin may read.
    std::vector<std::string> exposed_headers;
    /// Allow cookies and HTTP authentication; not allowed with the "*" origin.
    bool allow_credentials = false;
    /// How long a browser may cache a preflight's answer; 0 sends no Max-Age.
    std::chrono::seconds max_age{0};
};

/// A CORS layer.
///
/// A preflight (OPTIONS with Origin and Access-Control-Request-Method) is
/// answered here, never passed on: 204 with the Access-Control-Allow-* fields
/// when the origin, the method and every requested header are allowed, else
/// 403 without them and with a body that names what was refused. Any other
/// request goes to the layers inside; when its Origin is allowed the response
/// gets Access-Control-Allow-Origin (and -Credentials, -Expose-Headers). When
/// the answer depends on Origin, every response carries Vary: Origin so a
/// cache cannot serve one origin's answer to another.
///
/// Throws std::invalid_argument for an empty origin list, or for "*" together
/// with allow_credentials (the Fetch standard forbids that combination).
Layer cors(CorsOptions options);

}  // namespace minifw::middleware
