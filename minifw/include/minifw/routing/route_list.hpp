#pragma once
/// @file
/// The first-match route list (stage 04, exercise 04.2): the simplest router
/// that works, and the baseline the route tree is measured against.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "minifw/routing/params.hpp"
#include "minifw/routing/pattern.hpp"

namespace minifw::routing {

/// Route patterns tried one after the other, in the order they were added;
/// the first that matches wins.
///
/// This is how Express and Django look routes up. It is easy to reason about
/// and fast for a dozen routes, but a general pattern added early shadows a
/// specific one added later, and the cost grows with the number of routes.
class RouteList {
public:
    /// Appends `pattern`, to be reported as route number `route` when it
    /// matches. Throws PatternError for a malformed pattern.
    void add(std::string_view pattern, std::size_t route);

    /// The first route whose pattern matches the decoded path `segments`
    /// (see split_path), with its parameters; nullopt when none does.
    std::optional<Match> match(std::span<const std::string> segments) const;

    /// Number of routes added.
    std::size_t size() const noexcept { return entries_.size(); }

private:
    struct Entry {
        std::vector<Segment> segments;
        std::size_t route = 0;
    };
    std::vector<Entry> entries_;
};

}  // namespace minifw::routing
