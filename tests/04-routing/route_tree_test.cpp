// Exercise 04.3: the route tree, matched by specificity, refusing conflicts.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "minifw/routing/route_list.hpp"
#include "minifw/routing/route_tree.hpp"
#include "routing_test.hpp"

namespace {

using minifw::routing::RouteConflict;
using minifw::routing::RouteList;
using minifw::routing::RouteTree;
using minifw::test::describe;
using minifw::test::route_of;
using minifw::test::segments;

TEST(RouteTree, MatchesLiteralsAndCapturesParametersInOrder) {
    RouteTree tree;
    tree.insert("/", 3);
    tree.insert("/users/{id:int}/posts/{slug}", 7);
    tree.insert("/files/{*path}", 9);
    EXPECT_EQ(3u, tree.size());

    auto hit = tree.match(segments({"users", "42", "posts", "hello world"}));
    ASSERT_TRUE(hit.has_value());
    EXPECT_EQ(7u, hit->route);
    EXPECT_EQ("id=42;slug=hello world;", describe(hit->params));

    auto rest = tree.match(segments({"files", "a/b", "c d"}));
    ASSERT_TRUE(rest.has_value());
    EXPECT_EQ("path=a/b/c d;", describe(rest->params));

    EXPECT_EQ(3, route_of(tree.match(segments({}))));
    EXPECT_EQ(-1, route_of(tree.match(segments({"users", "x", "posts", "y"}))));
    EXPECT_EQ(-1, route_of(tree.match(segments({"users", "42", "posts"}))));
    EXPECT_EQ(-1, route_of(tree.match(segments({"users", "42", "posts", ""}))));
    EXPECT_EQ(-1, route_of(tree.match(segments({"users", "42", "posts", "x", "y"}))));
    EXPECT_EQ(-1, route_of(tree.match(segments({"files"}))));
    EXPECT_EQ(-1, route_of(RouteTree().match(segments({}))));
}

TEST(RouteTree, MostSpecificWinsWhateverTheOrderRoutesWereAdded) {
    // Literal, then {name:int}, then {name}, then {*name}: try all 24 orders.
    std::array<std::pair<std::string_view, std::size_t>, 4> routes{{
        {"/users/me", 1},
        {"/users/{id:int}", 2},
        {"/users/{name}", 3},
        {"/users/{*rest}", 4},
    }};
    std::sort(routes.begin(), routes.end());
    do {
        RouteTree tree;
        std::string order;
        for (const auto& [pattern, route] : routes) {
            tree.insert(pattern, route);
            order += std::string(pattern) + " ";
        }
        EXPECT_EQ(1, route_of(tree.match(segments({"users", "me"})))) << order;
        EXPECT_EQ(2, route_of(tree.match(segments({"users", "42"})))) << order;
        EXPECT_EQ(3, route_of(tree.match(segments({"users", "bob"})))) << order;
        EXPECT_EQ(4, route_of(tree.match(segments({"users", "bob", "x"})))) << order;
        EXPECT_EQ(4, route_of(tree.match(segments({"users", ""})))) << order;
    } while (std::next_permutation(routes.begin(), routes.end()));
}

TEST(RouteTree, BacksUpWhenTheMoreSpecificBranchDeadEnds) {
    RouteTree tree;
    tree.insert("/shop/new/edit", 1);
    tree.insert("/shop/{item}/reviews", 2);
    tree.insert("/n/{number:int}/x", 3);
    tree.insert("/n/{text}/y", 4);
    tree.insert("/f/{a}/z", 5);
    tree.insert("/f/{*rest}", 6);

    auto shop = tree.match(segments({"shop", "new", "reviews"}));
    ASSERT_TRUE(shop.has_value());
    EXPECT_EQ(2u, shop->route);
    EXPECT_EQ("item=new;", describe(shop->params));

    auto number = tree.match(segments({"n", "5", "y"}));
    ASSERT_TRUE(number.has_value());
    EXPECT_EQ(4u, number->route);
    EXPECT_EQ("text=5;", describe(number->params));  // nothing left over from {number:int}

    auto rest = tree.match(segments({"f", "q", "w"}));
    ASSERT_TRUE(rest.has_value());
    EXPECT_EQ(6u, rest->route);
    EXPECT_EQ("rest=q/w;", describe(rest->params));  // nor from {a}

    EXPECT_EQ(1, route_of(tree.match(segments({"shop", "new", "edit"}))));
    EXPECT_EQ(3, route_of(tree.match(segments({"n", "5", "x"}))));
    EXPECT_EQ(5, route_of(tree.match(segments({"f", "q", "z"}))));
}

TEST(RouteTree, SameShapeIsAConflictNamingBothPatterns) {
    RouteTree tree;
    tree.insert("/users/{id}", 1);
    try {
        tree.insert("/users/{name}", 2);
        FAIL() << "\"/users/{name}\" was accepted after \"/users/{id}\"";
    } catch (const RouteConflict& conflict) {
        EXPECT_EQ("/users/{id}", conflict.existing());
        EXPECT_EQ("/users/{name}", conflict.added());
        std::string message = conflict.what();
        EXPECT_NE(std::string::npos, message.find("/users/{id}")) << message;
        EXPECT_NE(std::string::npos, message.find("/users/{name}")) << message;
    }
    // The refused route left no trace: the first still answers, with its name.
    auto hit = tree.match(segments({"users", "x"}));
    ASSERT_TRUE(hit.has_value());
    EXPECT_EQ(1u, hit->route);
    EXPECT_EQ("id=x;", describe(hit->params));
    EXPECT_EQ(1u, tree.size());

    tree.insert("/", 3);
    EXPECT_THROW(tree.insert("/", 4), RouteConflict);
    tree.insert("/files/{*path}", 5);
    EXPECT_THROW(tree.insert("/files/{*rest}", 6), RouteConflict);
    tree.insert("/n/{id:int}", 7);
    EXPECT_THROW(tree.insert("/n/{number:int}", 8), RouteConflict);

    // Different shapes are not conflicts, however much they overlap.
    tree.insert("/users/{id:int}", 9);
    tree.insert("/users/me", 10);
    tree.insert("/users/{id}/posts", 11);
    tree.insert("/users/{*rest}", 12);
    tree.insert("/files", 13);
    EXPECT_EQ(9u, tree.size());
}

TEST(RouteTree, AgreesWithTheListOnARestApiWhereOrderDoesNotMatter) {
    // Resources r0..r39 with the usual five routes each and no overlaps:
    // here the list's first match and the tree's most specific are the same.
    RouteList list;
    RouteTree tree;
    std::vector<std::vector<std::string>> paths;
    std::size_t route = 0;
    for (int r = 0; r < 40; ++r) {
        std::string name = "r" + std::to_string(r);
        for (std::string_view suffix :
             {"", "/{id:int}", "/{id:int}/edit", "/{id:int}/items", "/{id:int}/items/{slug}"}) {
            std::string pattern = "/" + name + std::string(suffix);
            list.add(pattern, route);
            tree.insert(pattern, route);
            ++route;
        }
        paths.push_back(segments({name}));
        paths.push_back(segments({name, "17"}));
        paths.push_back(segments({name, "-3", "edit"}));
        paths.push_back(segments({name, "5", "items"}));
        paths.push_back(segments({name, "5", "items", "some thing"}));
        paths.push_back(segments({name, "x"}));
        paths.push_back(segments({name, "5", "nope"}));
        paths.push_back(segments({name, "5", "items", "a", "b"}));
    }
    paths.push_back(segments({"r40"}));
    paths.push_back(segments({}));

    int matched = 0;
    for (const auto& path : paths) {
        auto from_list = list.match(path);
        auto from_tree = tree.match(path);
        ASSERT_EQ(route_of(from_list), route_of(from_tree)) << "path segment count " << path.size();
        if (from_list) {
            EXPECT_EQ(describe(from_list->params), describe(from_tree->params));
            ++matched;
        }
    }
    EXPECT_EQ(200, matched);
}

}  // namespace
