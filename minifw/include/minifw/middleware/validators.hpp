#pragma once
/// @file
/// Entity tags and If-None-Match (RFC 9110 8.8.3 and 13.1.2; stage 05,
/// exercise 05.6).

#include <cstdint>
#include <string>
#include <string_view>

namespace minifw::middleware {

/// A strong entity tag for a file, quoted as it goes on the wire, built from
/// its size and modification time (nanoseconds since the epoch), such as
/// "\"1f4-17a0c3e5b2d4c000\"". Both come from one fstat(2), where a hash
/// of the content would need the whole file read for every request.
std::string make_etag(std::uint64_t size, std::int64_t mtime_ns);

/// True when the If-None-Match field value `if_none_match` matches `etag`
/// under the weak comparison that RFC 9110 13.1.2 requires: "*" matches any
/// tag, and a listed tag matches when its quoted part equals `etag`'s, with
/// any "W/" prefix ignored on both sides. A malformed list matches nothing.
bool none_match(std::string_view if_none_match, std::string_view etag);

}  // namespace minifw::middleware
