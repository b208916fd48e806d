#pragma once
/// @file
/// The route tree (stage 04, exercise 04.3): routes matched by specificity,
/// with conflicts refused when they are added.

#include <cstddef>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "minifw/routing/params.hpp"
#include "minifw/routing/pattern.hpp"

namespace minifw::routing {

/// Two routes that match exactly the same paths, so the second could never
/// be reached. Thrown when the second is added, naming both.
class RouteConflict : public std::logic_error {
public:
    /// `existing` was added first; `added` is the one refused.
    RouteConflict(std::string existing, std::string added)
        : std::logic_error("route \"" + added + "\" conflicts with \"" + existing +
                           "\", added before it: both match exactly the same paths. Remove "
                           "one, or tell them apart with a literal segment or a typed "
                           "parameter such as {id:int}"),
          existing_(std::move(existing)),
          added_(std::move(added)) {}

    /// The route that was there first.
    const std::string& existing() const noexcept { return existing_; }
    /// The route that was refused.
    const std::string& added() const noexcept { return added_; }

private:
    std::string existing_;
    std::string added_;
};

/// Routes stored as a tree of segments and matched by specificity: at each
/// segment a literal beats {name:int}, which beats {name}, which beats
/// {*name}, whatever the order in which routes were added. When a more
/// specific branch dead-ends further down, matching backs up and tries the
/// next kind, so a path matches whenever some route matches it.
///
/// Each node sits at one depth and is visited at most once per lookup, so a
/// lookup costs at most the size of the tree, and in practice the length of
/// the path: it does not grow with the number of routes the way a list does.
class RouteTree {
public:
    /// Adds `pattern` as route number `route`. Throws PatternError for a
    /// malformed pattern, and RouteConflict when a pattern of the same shape
    /// (the same literals and the same parameter kinds in the same places;
    /// parameter names do not count) was added before. A refused pattern
    /// leaves the tree as it was.
    void insert(std::string_view pattern, std::size_t route);

    /// The most specific route matching the decoded path `segments` (see
    /// split_path), with its parameters; nullopt when none does.
    std::optional<Match> match(std::span<const std::string> segments) const;

    /// Number of routes added.
    std::size_t size() const noexcept { return routes_; }

private:
    /// A route that ends at a node.
    struct Leaf {
        std::size_t route = 0;           ///< the number given to insert()
        std::string pattern;             ///< as added, for conflict messages
        std::vector<std::string> names;  ///< its parameter names, in pattern order
    };

    /// One segment position. Children are indexes into nodes_ (not pointers,
    /// which a growing vector would leave dangling), kept apart by kind so
    /// that match() can try the most specific first.
    struct Node {
        std::vector<std::pair<std::string, std::size_t>> literals;  ///< sorted by text
        std::optional<std::size_t> integer;                         ///< the child for {name:int}
        std::optional<std::size_t> text;                            ///< the child for {name}
        std::optional<Leaf> rest;  ///< a route whose {*name} starts here
        std::optional<Leaf> leaf;  ///< a route that ends exactly here
    };

    /// Matches `segments` below `node`; `values` holds what the segments
    /// above captured, in order.
    std::optional<Match> match_from(std::size_t node, std::span<const std::string> segments,
                                    std::vector<std::string>& values) const;

    std::vector<Node> nodes_ = std::vector<Node>(1);  // nodes_[0] is the root
    std::size_t routes_ = 0;
};

}  // namespace minifw::routing
