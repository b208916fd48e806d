#include "minifw/middleware/validators.hpp"

#include <cstdio>

namespace minifw::middleware {
namespace {

constexpr bool is_list_space(char c) noexcept { return c == ' ' || c == '\t' || c == ','; }

std::string_view trim_list(std::string_view s) noexcept {
    while (!s.empty() && is_list_space(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_list_space(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

// The quoted part of an entity tag: weak comparison ignores "W/".
std::string_view opaque_part(std::string_view tag) noexcept {
    return tag.starts_with("W/") ? tag.substr(2) : tag;
}

}  // namespace

std::string make_etag(std::uint64_t size, std::int64_t mtime_ns) {
    // Hex keeps it short; the quotes belong to the entity-tag syntax (RFC 9110
    // 8.8.3). Writing to a file moves its mtime, so the tag changes whenever
    // the bytes do, which is what makes a validator strong.
    char tag[48];
    std::snprintf(tag, sizeof tag, "\"%llx-%llx\"", static_cast<unsigned long long>(size),
                  static_cast<unsigned long long>(mtime_ns));
    return tag;
}

bool none_match(std::string_view if_none_match, std::string_view etag) {
    std::string_view rest = trim_list(if_none_match);
    if (rest == "*") {
        return true;
    }
    const std::string_view wanted = opaque_part(etag);
    // The value is "*" or a list of entity tags (RFC 9110 13.1.2). A tag may
    // hold a comma inside its quotes, so walk from quote to quote rather than
    // splitting on commas. Read the whole list: a malformed one matches nothing.
    bool matched = false;
    while (!rest.empty()) {
        std::string_view tag = opaque_part(rest);
        if (tag.empty() || tag.front() != '"') {
            return false;
        }
        auto close = tag.find('"', 1);
        if (close == std::string_view::npos) {
            return false;
        }
        matched = matched || tag.substr(0, close + 1) == wanted;
        rest = trim_list(tag.substr(close + 1));
    }
    return matched;
}

}  // namespace minifw::middleware
