#include "minifw/routing/route_list.hpp"

#include <utility>

namespace minifw::routing {
namespace {

// Checks without capturing: most patterns in the list fail, and a failed
// pattern should cost no allocation.
bool matches(const std::vector<Segment>& pattern, std::span<const std::string> segments) {
    bool ends_in_rest = !pattern.empty() && pattern.back().kind == SegmentKind::rest;
    if (ends_in_rest ? segments.size() < pattern.size() : segments.size() != pattern.size()) {
        return false;
    }
    for (std::size_t at = 0; at < pattern.size(); ++at) {
        if (!segment_matches(pattern[at], segments[at])) {
            return false;
        }
    }
    return true;
}

Params capture(const std::vector<Segment>& pattern, std::span<const std::string> segments) {
    Params params;
    for (std::size_t at = 0; at < pattern.size(); ++at) {
        const Segment& segment = pattern[at];
        if (segment.kind == SegmentKind::rest) {
            params.add(segment.text, join_segments(segments.subspan(at)));
        } else if (segment.kind != SegmentKind::literal) {
            params.add(segment.text, segments[at]);
        }
    }
    return params;
}

}  // namespace

void RouteList::add(std::string_view pattern, std::size_t route) {
    entries_.push_back({parse_pattern(pattern), route});
}

std::optional<Match> RouteList::match(std::span<const std::string> segments) const {
    for (const Entry& entry : entries_) {
        if (matches(entry.segments, segments)) {
            return Match{entry.route, capture(entry.segments, segments)};
        }
    }
    return std::nullopt;
}

}  // namespace minifw::routing
