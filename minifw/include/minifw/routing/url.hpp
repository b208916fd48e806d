#pragma once
/// @file
/// Path segments and query strings (stage 04, exercise 04.1).
///
/// Both decode with util::percent_decode (minifw/util/percent.hpp), the one
/// decoder of the framework, and throw what it refuses (a bad escape, a NUL,
/// invalid UTF-8) as http::HttpError with status 400 and the message
/// util::describe() gives: the bytes came from the client, so the client is
/// told its request is bad.

#include <string>
#include <string_view>
#include <vector>

#include "minifw/routing/params.hpp"

namespace minifw::routing {

/// Splits a raw, still-encoded path on '/' and then decodes each segment,
/// so "/files/a%2Fb" is one segment "a/b" and never two. "/" has no
/// segments; "/a/" has two ("a" and ""). '+' stays a plus sign. Throws
/// http::HttpError(400) when `raw_path` does not start with '/' or a segment
/// does not decode.
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
