// The first-match list against the route tree, on REST-style route tables of
// 10, 100 and 1,000 routes. Build with -DMINIFW_BUILD_BENCHMARKS=ON in a
// Release tree and run bench_04_match (or ./course bench 04). Compare the
// columns as ratios: the list at 10 routes is the baseline.

#include <benchmark/benchmark.h>

#include <cstddef>
#include <string>
#include <vector>

#include "minifw/routing/route_list.hpp"
#include "minifw/routing/route_tree.hpp"

namespace {

using minifw::routing::RouteList;
using minifw::routing::RouteTree;

// Five routes per resource, as a REST API has them: the collection, one
// item, its edit form, a nested collection and one nested item.
constexpr const char* kShapes[] = {
    "", "/{id:int}", "/{id:int}/edit", "/{id:int}/comments", "/{id:int}/comments/{comment_id:int}",
};

std::string resource_name(std::size_t index) { return "resource" + std::to_string(index); }

std::vector<std::string> route_patterns(std::size_t count) {
    std::vector<std::string> patterns;
    for (std::size_t index = 0; patterns.size() < count; ++index) {
        for (const char* shape : kShapes) {
            if (patterns.size() < count) {
                patterns.push_back("/" + resource_name(index) + shape);
            }
        }
    }
    return patterns;
}

// One request path (already split and decoded) per route, spread over the
// whole table so that the list pays its average cost, not its best.
std::vector<std::vector<std::string>> request_paths(std::size_t count) {
    std::vector<std::vector<std::string>> paths;
    for (std::size_t route = 0; route < count; ++route) {
        std::string resource = resource_name(route / 5);
        std::string id = std::to_string(1000 + route);
        switch (route % 5) {
            case 0:
                paths.push_back({resource});
                break;
            case 1:
                paths.push_back({resource, id});
                break;
            case 2:
                paths.push_back({resource, id, "edit"});
                break;
            case 3:
                paths.push_back({resource, id, "comments"});
                break;
            default:
                paths.push_back({resource, id, "comments", "7"});
                break;
        }
    }
    return paths;
}

void add(RouteList& list, const std::string& pattern, std::size_t route) {
    list.add(pattern, route);
}
void add(RouteTree& tree, const std::string& pattern, std::size_t route) {
    tree.insert(pattern, route);
}

template <class Table>
void match_every_route(benchmark::State& state) {
    auto count = static_cast<std::size_t>(state.range(0));
    Table table;
    auto patterns = route_patterns(count);
    for (std::size_t route = 0; route < patterns.size(); ++route) {
        add(table, patterns[route], route);
    }
    auto paths = request_paths(count);

    std::size_t next = 0;
    for (auto _ : state) {
        auto match = table.match(paths[next]);
        benchmark::DoNotOptimize(match);
        next = next + 1 == paths.size() ? 0 : next + 1;
    }
    state.counters["routes"] = static_cast<double>(count);
}

void BM_RouteList(benchmark::State& state) { match_every_route<RouteList>(state); }
void BM_RouteTree(benchmark::State& state) { match_every_route<RouteTree>(state); }

BENCHMARK(BM_RouteList)->Arg(10)->Arg(100)->Arg(1000);
BENCHMARK(BM_RouteTree)->Arg(10)->Arg(100)->Arg(1000);

}  // namespace

BENCHMARK_MAIN();
