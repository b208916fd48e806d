// What the container costs. The ceiling is a scoped service with two
// dependencies built by hand: three make_shared calls. Through the container
// the same three objects come from factories behind std::function, found by a
// hash lookup of the type's key, recorded in the scope for release, and
// checked against the chain of services being built. Creating and ending an
// empty scope is the price every request pays for the request_scope layer.
// Run: ./course bench 09 (or build/release/bench_09_resolve).

#include <benchmark/benchmark.h>

#include <memory>
#include <utility>

#include "minifw/di/collection.hpp"
#include "minifw/di/container.hpp"

namespace {

namespace di = minifw::di;

struct Clock {
    long ticks = 0;
};
struct Database {
    int handle = 3;
};
struct Repository {
    Repository(std::shared_ptr<Database> database_in, std::shared_ptr<Clock> clock_in)
        : database(std::move(database_in)), clock(std::move(clock_in)) {}
    std::shared_ptr<Database> database;
    std::shared_ptr<Clock> clock;
};

di::ServiceCollection registrations(di::Lifetime dependencies) {
    di::ServiceCollection services;
    if (dependencies == di::Lifetime::singleton) {
        services.add_singleton<Clock>().add_singleton<Database>();
    } else {
        services.add_scoped<Clock>().add_scoped<Database>();
    }
    services.add_scoped<Repository, Repository, Database, Clock>();
    return services;
}

// The ceiling: what a handler that builds its objects itself pays.
void BM_ByHand(benchmark::State& state) {
    for (auto _ : state) {
        auto repository =
            std::make_shared<Repository>(std::make_shared<Database>(), std::make_shared<Clock>());
        benchmark::DoNotOptimize(repository);
    }
}
BENCHMARK(BM_ByHand);

// One request's worth: a scope, a scoped Repository whose two dependencies are
// scoped too (three objects made, recorded and released), the scope's end.
void BM_ScopedWithScopedDependencies(benchmark::State& state) {
    di::Container container = registrations(di::Lifetime::scoped).build();
    for (auto _ : state) {
        di::Scope scope(container);
        benchmark::DoNotOptimize(scope.get<Repository>());
    }
}
BENCHMARK(BM_ScopedWithScopedDependencies);

// The same with singleton dependencies: one object made per request, two
// shared (a lock each) from the container.
void BM_ScopedWithSingletonDependencies(benchmark::State& state) {
    di::Container container = registrations(di::Lifetime::singleton).build();
    for (auto _ : state) {
        di::Scope scope(container);
        benchmark::DoNotOptimize(scope.get<Repository>());
    }
}
BENCHMARK(BM_ScopedWithSingletonDependencies);

// A second get in the same scope: the lookup of an instance already made.
void BM_ScopedAlreadyMade(benchmark::State& state) {
    di::Container container = registrations(di::Lifetime::scoped).build();
    di::Scope scope(container);
    scope.get<Repository>();
    for (auto _ : state) {
        benchmark::DoNotOptimize(scope.get<Repository>());
    }
}
BENCHMARK(BM_ScopedAlreadyMade);

// A scope created and ended with nothing resolved in it.
void BM_EmptyScope(benchmark::State& state) {
    di::Container container = registrations(di::Lifetime::scoped).build();
    for (auto _ : state) {
        di::Scope scope(container);
        benchmark::DoNotOptimize(scope.size());
    }
}
BENCHMARK(BM_EmptyScope);

// A singleton asked of the container once made: lock, check, copy a shared_ptr.
void BM_SingletonAlreadyMade(benchmark::State& state) {
    di::Container container = registrations(di::Lifetime::singleton).build();
    container.get<Clock>();
    for (auto _ : state) {
        benchmark::DoNotOptimize(container.get<Clock>());
    }
}
BENCHMARK(BM_SingletonAlreadyMade);

}  // namespace

BENCHMARK_MAIN();
