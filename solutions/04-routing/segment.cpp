#include <charconv>
#include <system_error>

#include "minifw/routing/pattern.hpp"

namespace minifw::routing {

std::optional<std::int64_t> parse_int_segment(std::string_view value) {
    if (value.empty()) {
        return std::nullopt;
    }
    // std::from_chars reads exactly the grammar we want: an optional '-',
    // digits, no '+', no spaces, no locale, and it reports overflow.
    std::int64_t number = 0;
    const char* end = value.data() + value.size();
    auto [stop, error] = std::from_chars(value.data(), end, number);
    if (error != std::errc{} || stop != end) {
        return std::nullopt;
    }
    return number;
}

bool segment_matches(const Segment& segment, std::string_view value) {
    switch (segment.kind) {
        case SegmentKind::literal:
            return value == segment.text;
        case SegmentKind::integer:
            return parse_int_segment(value).has_value();
        case SegmentKind::text:
            return !value.empty();
        case SegmentKind::rest:
            return true;
    }
    return false;
}

std::string join_segments(std::span<const std::string> segments) {
    std::string joined;
    for (const std::string& segment : segments) {
        if (&segment != &segments.front()) {
            joined += '/';
        }
        joined += segment;
    }
    return joined;
}

}  // namespace minifw::routing
