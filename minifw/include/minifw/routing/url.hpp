#pragma once
/// @file
/// Percent-decoding, path segments and query strings (stage 04, exercise 04.1).
///
/// Every decoding error is thrown as http::HttpError with status 400: the
/// bytes came from the client, so the client is told its request is bad.

#include <string>
#include <string_view>
#include <vector>

#include "minifw/routing/params.hpp"

namespace minifw::routing {

/// Decodes every "%XX" escape (hex digits of either case) in `text`
/// (RFC 3986 2.1). Throws http::HttpError(400) on a '%' not followed by two
/// hex digits, on a NUL byte, and when the result is not valid UTF-8
/// (RFC 3629 3; this rejects overlong forms such as "%C0%AF" for '/').
/// '+' is left alone: it means a space only in a query string.
std::string percent_decode(std::string_view text);

/// Splits a raw, still-encoded path on '/' and then decodes each segment,
/// so "/files/a%2Fb" is one segment "a/b" and never two. "/" has no
/// segments; "/a/" has two ("a" and ""). Throws http::HttpError(400) when
/// `raw_path` does not start with '/' or a segment does not decode.
std::vector<std::string> split_path(std::string_view raw_path);

/// Parses an application/x-www-form-urlencoded query ("a=1&tag=x&tag=y"):
/// pairs split on '&', name and value on the first '=', '+' read as a space,
/// then each part percent-decoded. Repeated names are all kept, in order; a
/// pair without '=' has an empty value; empty pairs ("a=1&&b=2") are skipped.
/// Throws http::HttpError(400) when a part does not decode.
Params parse_query(std::string_view query);

/// Encodes `text` so it can stand as one path segment or one query name or
/// value: every byte except the unreserved ones (A-Z a-z 0-9 - . _ ~,
/// RFC 3986 2.3) becomes "%XX" with upper-case hex digits.
std::string percent_encode(std::string_view text);

}  // namespace minifw::routing
