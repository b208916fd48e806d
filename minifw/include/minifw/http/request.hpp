#pragma once
/// @file
/// A parsed HTTP request.

#include <string>
#include <string_view>

#include "minifw/http/headers.hpp"

namespace minifw::http {

/// One HTTP request, as the parser delivers it.
struct Request {
    std::string method;          ///< "GET", "POST", ... (case-sensitive, RFC 9110 9.1)
    std::string target;          ///< the request-target as sent: "/path?query"
    int version_major = 1;       ///< 1 for HTTP/1.x
    int version_minor = 1;       ///< 0 or 1
    Headers headers;             ///< the header fields, in order
    std::string body;            ///< the body, decoded if it was chunked
    std::string remote_address;  ///< the peer's address, when known ("127.0.0.1")

    /// The path part of the target (before any '?'), not decoded. For an
    /// absolute-form target ("http://host/a?b", which RFC 9112 section 3.2.2
    /// says a server MUST accept), the path after the authority: "/a" ("/"
    /// when there is none).
    std::string_view path() const noexcept {
        std::string_view t = origin_form();
        t = t.substr(0, t.find('?'));
        return t.empty() && t.data() != target.data() ? std::string_view("/") : t;
    }
    /// The query part of the target (after the first '?'), or empty.
    std::string_view query() const noexcept {
        std::string_view t = origin_form();
        auto at = t.find('?');
        return at == std::string_view::npos ? std::string_view{} : t.substr(at + 1);
    }

private:
    // The target without "scheme://authority" in front, when it has them
    // (RFC 9112 3.2.2); the target itself otherwise.
    std::string_view origin_form() const noexcept {
        std::string_view t = target;
        if (t.empty() || t.front() == '/') {
            return t;
        }
        const auto scheme_end = t.find("://");
        if (scheme_end == std::string_view::npos || scheme_end == 0 ||
            t.find_first_of("/?") < scheme_end) {
            return t;  // "*", or an authority-form: not ours to rewrite
        }
        t.remove_prefix(scheme_end + 3);
        const auto path_start = t.find_first_of("/?");
        return path_start == std::string_view::npos ? t.substr(t.size()) : t.substr(path_start);
    }
};

}  // namespace minifw::http
