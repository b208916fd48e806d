// The same routes, added in the same order, in a first-match list and in a
// route tree: which route answers each path? Then what the Router says when
// a route could never be reached. Needs no network:
//
//   ./build/reference/example_04_list_vs_tree

#include <cstdio>
#include <string>
#include <vector>

#include "minifw/routing/route_list.hpp"
#include "minifw/routing/route_tree.hpp"
#include "minifw/routing/router.hpp"
#include "minifw/routing/url.hpp"

namespace routing = minifw::routing;

namespace {

std::string describe(const std::optional<routing::Match>& match,
                     const std::vector<std::string>& patterns) {
    if (!match) {
        return "(no match)";
    }
    std::string text = patterns[match->route];
    for (const auto& [name, value] : match->params) {
        text += "  " + name + "=" + value;
    }
    return text;
}

}  // namespace

int main() {
    // Added from the most general to the most specific: the order a list
    // gets wrong.
    const std::vector<std::string> patterns = {
        "/users/{*rest}", "/users/{name}", "/users/{id:int}", "/users/me", "/users/{id:int}/posts",
    };
    routing::RouteList list;
    routing::RouteTree tree;
    for (std::size_t route = 0; route < patterns.size(); ++route) {
        list.add(patterns[route], route);
        tree.insert(patterns[route], route);
    }

    std::printf("%-22s %-34s %s\n", "path", "first match (list)", "most specific (tree)");
    for (const char* path : {"/users/me", "/users/42", "/users/ann", "/users/42/posts",
                             "/users/a%2Fb", "/users/ann/posts/x"}) {
        auto segments = routing::split_path(path);
        std::printf("%-22s %-34s %s\n", path, describe(list.match(segments), patterns).c_str(),
                    describe(tree.match(segments), patterns).c_str());
    }

    routing::Router router;
    auto ok = [](const minifw::http::Request&, const routing::Params&) {
        return minifw::http::Response::text(200, "ok\n");
    };
    router.get("/users/{id}", ok);
    try {
        router.get("/users/{name}", ok);
    } catch (const routing::RouteConflict& conflict) {
        std::printf("\n%s\n", conflict.what());
    }
    return 0;
}
