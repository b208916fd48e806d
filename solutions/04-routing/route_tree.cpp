#include "minifw/routing/route_tree.hpp"

#include <algorithm>

namespace minifw::routing {
namespace {

// Orders a node's literal children by text, for binary search.
constexpr auto by_text = [](const auto& child, std::string_view text) {
    return child.first < text;
};

template <class Leaf>
Match make_match(const Leaf& leaf, const std::vector<std::string>& values) {
    Match match{leaf.route, {}};
    for (std::size_t at = 0; at < values.size(); ++at) {
        match.params.add(leaf.names[at], values[at]);
    }
    return match;
}

}  // namespace

void RouteTree::insert(std::string_view pattern, std::size_t route) {
    std::vector<Segment> segments = parse_pattern(pattern);
    Leaf leaf{route, std::string(pattern), {}};
    bool ends_in_rest = false;

    // Walk down, creating the nodes that are missing. Children are reached
    // by index and nodes_ may grow (and move) on every emplace_back, so no
    // reference into nodes_ is held across one.
    std::size_t node = 0;
    for (const Segment& segment : segments) {
        if (segment.kind != SegmentKind::literal) {
            leaf.names.push_back(segment.text);
        }
        std::size_t fresh = nodes_.size();
        switch (segment.kind) {
            case SegmentKind::literal: {
                auto& literals = nodes_[node].literals;
                auto at = std::lower_bound(literals.begin(), literals.end(), segment.text, by_text);
                if (at != literals.end() && at->first == segment.text) {
                    node = at->second;
                    continue;
                }
                literals.insert(at, {segment.text, fresh});
                break;
            }
            case SegmentKind::integer:
            case SegmentKind::text: {
                auto& child =
                    segment.kind == SegmentKind::integer ? nodes_[node].integer : nodes_[node].text;
                if (child) {
                    node = *child;
                    continue;
                }
                child = fresh;
                break;
            }
            case SegmentKind::rest:
                // The last segment (the pattern syntax guarantees it): the
                // route hangs on the node where the rest begins.
                ends_in_rest = true;
                continue;
        }
        nodes_.emplace_back();
        node = fresh;
    }

    // Only a route of the same shape can already sit here, and it created
    // every node on the way, so a conflict leaves the tree untouched.
    std::optional<Leaf>& slot = ends_in_rest ? nodes_[node].rest : nodes_[node].leaf;
    if (slot) {
        throw RouteConflict(slot->pattern, leaf.pattern);
    }
    slot = std::move(leaf);
    ++routes_;
}

std::optional<Match> RouteTree::match(std::span<const std::string> segments) const {
    std::vector<std::string> values;
    return match_from(0, segments, values);
}

std::optional<Match> RouteTree::match_from(std::size_t index, std::span<const std::string> segments,
                                           std::vector<std::string>& values) const {
    const Node& node = nodes_[index];
    if (segments.empty()) {
        return node.leaf ? std::optional(make_match(*node.leaf, values)) : std::nullopt;
    }
    const std::string& segment = segments.front();
    auto below = segments.subspan(1);

    // Most specific first. A branch that dead-ends further down returns
    // nullopt, and the next kind gets its turn: that is the backtracking.
    auto literal = std::lower_bound(node.literals.begin(), node.literals.end(), segment, by_text);
    if (literal != node.literals.end() && literal->first == segment) {
        if (auto found = match_from(literal->second, below, values)) {
            return found;
        }
    }
    auto capture_and_descend = [&](std::size_t child) {
        values.push_back(segment);
        auto found = match_from(child, below, values);
        values.pop_back();
        return found;
    };
    if (node.integer && parse_int_segment(segment)) {
        if (auto found = capture_and_descend(*node.integer)) {
            return found;
        }
    }
    if (node.text && !segment.empty()) {
        if (auto found = capture_and_descend(*node.text)) {
            return found;
        }
    }
    if (node.rest) {
        values.push_back(join_segments(segments));
        auto found = make_match(*node.rest, values);
        values.pop_back();
        return found;
    }
    return std::nullopt;
}

}  // namespace minifw::routing
