// Fuzzes stage 04's route patterns, the route tree and reverse routing. The
// input is lines: route patterns up to the first empty line, then request
// paths as a client sends them.
//
// Properties: a bad pattern is a PatternError, nothing else, and the tree
// refuses it too; a good one spells back exactly as written; the tree
// refuses a route exactly when one of the same shape came before; for each
// path, the tree finds a route whenever some route matches it on its own,
// its choice is the most specific of those (literal, then {name:int}, then
// {name}, then {*name}, segment by segment), and it captures what that
// route alone captures; and url_for() with those values builds a path that
// the route matches with the same values.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "invariant.hpp"
#include "minifw/http/request.hpp"
#include "minifw/http/response.hpp"
#include "minifw/http/status.hpp"
#include "minifw/routing/params.hpp"
#include "minifw/routing/pattern.hpp"
#include "minifw/routing/route_list.hpp"
#include "minifw/routing/route_tree.hpp"
#include "minifw/routing/router.hpp"
#include "minifw/routing/url.hpp"

namespace http = minifw::http;
namespace routing = minifw::routing;
using minifw::fuzz::require;
using routing::Segment;
using routing::SegmentKind;

namespace {

// Enough routes to build branches and conflicts; a bound keeps a run fast.
constexpr std::size_t kMaxRoutes = 8;
constexpr std::size_t kMaxPaths = 16;

// A route the tree accepted.
struct Route {
    std::string_view pattern;
    std::size_t number = 0;
    std::vector<Segment> segments;
};

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        lines.push_back(text.substr(0, end));
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    }
    return lines;
}

// The pattern text that `segments` came from: each segment has one spelling.
std::string spell(const std::vector<Segment>& segments) {
    if (segments.empty()) {
        return "/";
    }
    std::string pattern;
    for (const Segment& segment : segments) {
        switch (segment.kind) {
            case SegmentKind::literal:
                pattern += "/" + segment.text;
                break;
            case SegmentKind::integer:
                pattern += "/{" + segment.text + ":int}";
                break;
            case SegmentKind::text:
                pattern += "/{" + segment.text + "}";
                break;
            case SegmentKind::rest:
                pattern += "/{*" + segment.text + "}";
                break;
        }
    }
    return pattern;
}

// What makes two routes match the same paths: literals and parameter kinds.
std::vector<Segment> shape(std::vector<Segment> segments) {
    for (Segment& segment : segments) {
        if (segment.kind != SegmentKind::literal) {
            segment.text.clear();
        }
    }
    return segments;
}

// The order the tree prefers: the kinds of the segments, compared in turn.
bool more_specific(const Route& a, const Route& b) {
    return std::lexicographical_compare(
        a.segments.begin(), a.segments.end(), b.segments.begin(), b.segments.end(),
        [](const Segment& x, const Segment& y) { return x.kind < y.kind; });
}

std::optional<routing::Match> match_alone(const Route& route,
                                          const std::vector<std::string>& segments) {
    routing::RouteList alone;
    alone.add(route.pattern, route.number);
    return alone.match(segments);
}

// Adds `pattern` to the tree and the router, which must agree; returns the
// route when both accepted it.
std::optional<Route> add_route(routing::RouteTree& tree, routing::Router& router,
                               const std::vector<Route>& routes, std::string_view pattern,
                               std::size_t number) {
    std::vector<Segment> segments;
    try {
        segments = routing::parse_pattern(pattern);
    } catch (const routing::PatternError&) {
        try {
            tree.insert(pattern, number);
        } catch (const routing::PatternError&) {
            return std::nullopt;
        }
        require(false, "the tree refuses a pattern parse_pattern refuses");
    }
    require(spell(segments) == pattern, "a pattern spells back exactly as written");
    require(routing::pattern_param_count(pattern) ==
                static_cast<std::size_t>(
                    std::count_if(segments.begin(), segments.end(),
                                  [](const Segment& s) { return s.kind != SegmentKind::literal; })),
            "pattern_param_count counts the parameters");

    const bool clashes = std::any_of(routes.begin(), routes.end(), [&](const Route& earlier) {
        return shape(earlier.segments) == shape(segments);
    });
    try {
        tree.insert(pattern, number);
    } catch (const routing::RouteConflict&) {
        require(clashes, "a route conflicts only with one of the same shape");
        return std::nullopt;
    }
    require(!clashes, "a route of the same shape as an earlier one is refused");
    router.add(
        "GET", pattern,
        [](const http::Request&, const routing::Params&) { return http::Response{}; },
        "r" + std::to_string(number));
    return Route{pattern, number, std::move(segments)};
}

void check_path(const routing::RouteTree& tree, const routing::Router& router,
                const std::vector<Route>& routes, const std::vector<std::string>& segments) {
    const std::optional<routing::Match> found = tree.match(segments);
    const Route* chosen = nullptr;
    bool any_matches = false;
    for (const Route& route : routes) {
        const auto alone = match_alone(route, segments);
        any_matches = any_matches || alone.has_value();
        if (found && found->route == route.number) {
            require(alone && alone->params == found->params,
                    "the tree captures what its chosen route captures alone");
            chosen = &route;
        }
    }
    require(found.has_value() == any_matches, "the tree finds a route whenever one matches");
    if (!found) {
        return;
    }
    require(chosen != nullptr, "the tree answers with a route it holds");
    for (const Route& route : routes) {
        require(!match_alone(route, segments) || !more_specific(route, *chosen),
                "no matching route is more specific than the tree's choice");
    }

    routing::UrlParams values;
    for (const auto& [name, value] : found->params) {
        values.emplace_back(name, value);
    }
    const std::string url = router.url_for("r" + std::to_string(chosen->number), values);
    require(url.find('?') == std::string::npos, "url_for uses every captured value in the path");
    const auto again = match_alone(*chosen, routing::split_path(url));
    require(again && again->params == found->params,
            "url_for builds a path its route matches with the same values");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::string_view> lines =
        split_lines(std::string_view(reinterpret_cast<const char*>(data), size));
    const auto blank = std::find(lines.begin(), lines.end(), std::string_view{});

    routing::RouteTree tree;
    routing::Router router;
    std::vector<Route> routes;
    const auto pattern_count = static_cast<std::size_t>(blank - lines.begin());
    for (std::size_t number = 0; number < std::min(pattern_count, kMaxRoutes); ++number) {
        if (auto route = add_route(tree, router, routes, lines[number], number)) {
            routes.push_back(std::move(*route));
        }
    }
    require(tree.size() == routes.size(), "the tree counts the routes it accepted");

    if (blank == lines.end()) {
        return 0;
    }
    std::size_t paths = 0;
    for (auto line = blank + 1; line != lines.end() && paths < kMaxPaths; ++line, ++paths) {
        std::vector<std::string> segments;
        try {
            segments = routing::split_path(*line);
        } catch (const http::HttpError& refused) {
            require(refused.status() == 400, "a path that does not decode is a 400");
            continue;
        }
        check_path(tree, router, routes, segments);
    }
    return 0;
}
