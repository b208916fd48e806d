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

    /// The path part of the target (before any '?'), not decoded.
    std::string_view path() const noexcept {
        std::string_view t = target;
        return t.substr(0, t.find('?'));
    }
    /// The query part of the target (after the first '?'), or empty.
    std::string_view query() const noexcept {
        std::string_view t = target;
        auto at = t.find('?');
        return at == std::string_view::npos ? std::string_view{} : t.substr(at + 1);
    }
};

}  // namespace minifw::http
