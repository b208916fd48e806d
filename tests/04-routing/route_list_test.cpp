// Exercise 04.2: matching one segment, and the first-match route list.

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "minifw/routing/pattern.hpp"
#include "minifw/routing/route_list.hpp"
#include "routing_test.hpp"

namespace {

using minifw::routing::parse_int_segment;
using minifw::routing::RouteList;
using minifw::test::describe;
using minifw::test::route_of;
using minifw::test::segments;

TEST(RouteList, MatchesLiteralsAndCapturesParametersInOrder) {
    RouteList list;
    list.add("/", 3);
    list.add("/users/{id}/posts/{slug}", 7);

    auto hit = list.match(segments({"users", "42", "posts", "hello world"}));
    ASSERT_TRUE(hit.has_value());
    EXPECT_EQ(7u, hit->route);
    EXPECT_EQ("id=42;slug=hello world;", describe(hit->params));

    auto root = list.match(segments({}));
    ASSERT_TRUE(root.has_value());
    EXPECT_EQ(3u, root->route);
    EXPECT_TRUE(root->params.empty());

    EXPECT_FALSE(list.match(segments({"users", "42", "posts"})));
    EXPECT_FALSE(list.match(segments({"users", "42", "posts", "x", "y"})));
    EXPECT_FALSE(list.match(segments({"users", "42", "Posts", "x"})));
    EXPECT_FALSE(list.match(segments({"user", "42", "posts", "x"})));
}

TEST(RouteList, IntParameterTakesOnlyIntegersThatFit) {
    RouteList list;
    list.add("/n/{value:int}", 1);
    for (std::string_view good :
         {"42", "-7", "007", "0", "9223372036854775807", "-9223372036854775808"}) {
        auto hit = list.match(segments({"n", good}));
        ASSERT_TRUE(hit.has_value()) << good;
        EXPECT_EQ("value=" + std::string(good) + ";", describe(hit->params));
    }
    for (std::string_view bad : {"", "-", "+1", "4x", "1.5", " 1", "1 ", "0x10",
                                 "9223372036854775808", "-9223372036854775809", "\xD9\xA3"}) {
        EXPECT_FALSE(list.match(segments({"n", bad}))) << "matched \"" << bad << "\"";
    }
    EXPECT_EQ(std::optional<std::int64_t>(-7), parse_int_segment("-7"));
    EXPECT_EQ(std::optional<std::int64_t>(std::numeric_limits<std::int64_t>::min()),
              parse_int_segment("-9223372036854775808"));
    EXPECT_EQ(std::nullopt, parse_int_segment("12a"));
}

TEST(RouteList, PlainParameterNeedsANonEmptySegment) {
    RouteList list;
    list.add("/users/{name}", 1);
    EXPECT_FALSE(list.match(segments({"users", ""})));
    EXPECT_FALSE(list.match(segments({"users"})));
    auto hit = list.match(segments({"users", "a/b"}));  // "/users/a%2Fb", decoded
    ASSERT_TRUE(hit.has_value());
    EXPECT_EQ("name=a/b;", describe(hit->params));
}

TEST(RouteList, CatchAllTakesOneOrMoreSegmentsJoinedBySlash) {
    RouteList list;
    list.add("/files/{*path}", 5);

    auto deep = list.match(segments({"files", "docs", "read me.txt"}));
    ASSERT_TRUE(deep.has_value());
    EXPECT_EQ(5u, deep->route);
    EXPECT_EQ("path=docs/read me.txt;", describe(deep->params));

    auto empty = list.match(segments({"files", ""}));  // "/files/"
    ASSERT_TRUE(empty.has_value());
    EXPECT_EQ("path=;", describe(empty->params));

    EXPECT_FALSE(list.match(segments({"files"})));
    EXPECT_FALSE(list.match(segments({"file", "x"})));
}

TEST(RouteList, FirstAddedMatchWinsEvenOverAMoreSpecificOne) {
    // The list's weakness, on purpose: order decides, not specificity.
    RouteList list;
    list.add("/users/{name}", 10);
    list.add("/users/me", 20);
    list.add("/users/{id:int}", 30);
    list.add("/{*rest}", 40);

    EXPECT_EQ(10, route_of(list.match(segments({"users", "me"}))));
    EXPECT_EQ(10, route_of(list.match(segments({"users", "42"}))));
    EXPECT_EQ(40, route_of(list.match(segments({"users", "me", "x"}))));
    EXPECT_EQ(40, route_of(list.match(segments({"anything"}))));
    EXPECT_EQ(4u, list.size());

    RouteList reversed;
    reversed.add("/users/me", 20);
    reversed.add("/users/{name}", 10);
    EXPECT_EQ(20, route_of(reversed.match(segments({"users", "me"}))));
}

}  // namespace
