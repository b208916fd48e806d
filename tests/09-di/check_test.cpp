// Exercise 09.2: checking the graph when the container is built.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "di_test.hpp"

namespace {

namespace di = minifw::di;
using minifw::test::logged;
using minifw::test::problems_of;

TEST(Graph, MissingServiceNamesTheChainThatNeedsItAndTheFix) {
    shop::Log log;
    di::ServiceCollection services;
    // Registered before the service that needs it: the chain still starts at Handler.
    services.add_scoped<shop::Repository, shop::SqlRepository, shop::Database, shop::Clock>()
        .add_singleton<shop::Clock>(logged<shop::Clock>(log))
        .add_scoped<shop::Handler, shop::Handler, shop::Repository>();

    const auto problems = problems_of(services);

    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0],
              "shop::Repository needs shop::Database, which is not registered: shop::Handler -> "
              "shop::Repository -> shop::Database; register it with add_singleton, add_scoped or "
              "add_transient<shop::Database>");
}

TEST(Graph, ContainerErrorListsTheProblemsInItsMessage) {
    di::ServiceCollection services;
    services.add_scoped<shop::Handler, shop::Handler, shop::Repository>();
    try {
        services.build();
        FAIL() << "a missing service was accepted";
    } catch (const di::ContainerError& error) {
        EXPECT_CONTAINS(error.what(),
                        "the container cannot be built:\n  - shop::Handler needs "
                        "shop::Repository, which is not registered");
    }
}

TEST(Graph, CycleIsNamedAsThePathAroundIt) {
    di::ServiceCollection services;
    services.add_singleton<shop::A, shop::A, shop::B>()
        .add_singleton<shop::B, shop::B, shop::C>()
        .add_singleton<shop::C, shop::C, shop::A>();

    const auto problems = problems_of(services);

    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0],
              "circular dependency: shop::A -> shop::B -> shop::C -> shop::A; one of these "
              "services must stop needing the next");
}

TEST(Graph, CycleReachedFromOutsideIsReportedOnceWithoutTheWayIn) {
    di::ServiceCollection services;
    services.add_scoped<shop::Start, shop::Start, shop::A>()
        .add_transient<shop::A, shop::A, shop::B>()
        .add_transient<shop::B, shop::B, shop::C>()
        .add_transient<shop::C, shop::C, shop::A>();

    const auto problems = problems_of(services);

    ASSERT_EQ(problems.size(), 1u);
    EXPECT_CONTAINS(problems[0], "circular dependency: shop::A -> shop::B -> shop::C -> shop::A");
    EXPECT_EQ(problems[0].find("shop::Start"), std::string::npos) << problems[0];
}

TEST(Graph, ScopedServiceCapturedBySingletonIsRefusedWithTheFix) {
    struct Holder {
        explicit Holder(std::shared_ptr<shop::Session>) {}
    };
    shop::Log log;
    di::ServiceCollection services;
    services.add_scoped<shop::Session>(logged<shop::Session>(log))
        .add_singleton<Holder, Holder, shop::Session>();

    const auto problems = problems_of(services);

    ASSERT_EQ(problems.size(), 1u);
    const std::string holder(di::name_of<Holder>());
    EXPECT_EQ(problems[0], "singleton " + holder + " depends on scoped shop::Session (" + holder +
                               " -> shop::Session): a singleton would keep one request's "
                               "shop::Session forever; make " +
                               holder + " scoped, or shop::Session a singleton");
}

struct Render {
    explicit Render(std::shared_ptr<shop::Session>) {}
};
struct Page {
    explicit Page(std::shared_ptr<Render>) {}
};

TEST(Graph, CaptiveThroughATransientIsFoundWithTheWholeChain) {
    shop::Log log;
    di::ServiceCollection services;
    services.add_singleton<Page, Page, Render>()
        .add_transient<Render, Render, shop::Session>()
        .add_scoped<shop::Session>(logged<shop::Session>(log));

    const auto problems = problems_of(services);

    ASSERT_EQ(problems.size(), 1u);
    const std::string page(di::name_of<Page>());
    const std::string render(di::name_of<Render>());
    EXPECT_CONTAINS(problems[0], "singleton " + page + " depends on scoped shop::Session (" + page +
                                     " -> " + render + " -> shop::Session)");
}

TEST(Graph, EveryProblemIsReportedAtOnce) {
    shop::Log log;
    di::ServiceCollection services;
    services.add_singleton<shop::Clock>(logged<shop::Clock>(log))
        .add_singleton<shop::Clock>(logged<shop::Clock>(log))          // twice
        .add_scoped<shop::Handler, shop::Handler, shop::Repository>()  // missing
        .add_transient<shop::A, shop::A, shop::B>()                    // a cycle
        .add_transient<shop::B, shop::B, shop::C>()
        .add_transient<shop::C, shop::C, shop::A>();

    const auto problems = problems_of(services);

    ASSERT_EQ(problems.size(), 3u);
    EXPECT_CONTAINS(problems[0], "shop::Clock is registered twice");
    EXPECT_CONTAINS(problems[1], "shop::Handler needs shop::Repository");
    EXPECT_CONTAINS(problems[2], "circular dependency: shop::A -> shop::B -> shop::C -> shop::A");
}

TEST(Graph, SoundGraphsBuildWithoutComplaint) {
    shop::Log log;
    di::ServiceCollection services;
    // A singleton may need singletons and transients that need no scoped
    // service; a scoped service may need anything; two services may share one.
    services.add_singleton<shop::Clock>(logged<shop::Clock>(log))
        .add_transient<shop::Database>(logged<shop::Database>(log))
        .add_singleton<shop::Repository, shop::SqlRepository, shop::Database, shop::Clock>()
        .add_scoped<shop::Handler, shop::Handler, shop::Repository>()
        .add_scoped<Page, Page, Render>()
        .add_transient<Render, Render, shop::Session>()
        .add_scoped<shop::Session>(logged<shop::Session>(log));

    EXPECT_TRUE(problems_of(services).empty());
    const auto plan = di::detail::make_plan(services.descriptors());
    EXPECT_TRUE(di::detail::check_plan(plan).empty());
    EXPECT_TRUE(log.lines().empty()) << "checking must not make anything";
}

}  // namespace
