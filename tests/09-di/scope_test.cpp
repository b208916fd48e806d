// Exercise 09.4: scopes and disposal.

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "di_test.hpp"

namespace {

namespace di = minifw::di;
using minifw::test::logged;

TEST(Scope, ScopedServiceIsOnePerScope) {
    di::ServiceCollection services;
    services.add_scoped<shop::Numbered>();
    di::Container container = services.build();

    di::Scope one = container.create_scope();
    di::Scope two = container.create_scope();
    auto first = one.get<shop::Numbered>();

    ASSERT_NE(first, nullptr);
    EXPECT_EQ(one.get<shop::Numbered>(), first);
    EXPECT_NE(two.get<shop::Numbered>(), first);
    EXPECT_EQ(two.get<shop::Numbered>(), two.get<shop::Numbered>());
}

TEST(Scope, ScopedServiceGetsItsScopesInstancesAndTheContainersSingletons) {
    shop::Log log;
    di::ServiceCollection services;
    services.add_scoped<shop::Database>(logged<shop::Database>(log))
        .add_singleton<shop::Clock>(logged<shop::Clock>(log))
        .add_scoped<shop::Repository, shop::SqlRepository, shop::Database, shop::Clock>();
    di::Container container = services.build();

    di::Scope one = container.create_scope();
    di::Scope two = container.create_scope();
    auto in_one = one.get<shop::Repository>();
    auto in_two = two.get<shop::Repository>();

    EXPECT_EQ(in_one->database(), one.get<shop::Database>());
    EXPECT_NE(in_one->database(), in_two->database());
    EXPECT_EQ(in_one->clock(), in_two->clock());
    EXPECT_EQ(in_one->clock(), container.get<shop::Clock>());
}

TEST(Scope, EndReleasesWhatTheScopeMadeNewestFirst) {
    shop::Log log;
    di::ServiceCollection services;
    services.add_scoped<shop::Database>(logged<shop::Database>(log))
        .add_scoped<shop::Session>(logged<shop::Session>(log))
        .add_transient<shop::Formatter>(logged<shop::Formatter>(log));
    di::Container container = services.build();
    di::Scope scope = container.create_scope();
    scope.get<shop::Session>();
    scope.get<shop::Formatter>();
    scope.get<shop::Database>();
    scope.get<shop::Session>();  // no new one

    EXPECT_EQ(scope.size(), 3u);
    scope.end();

    EXPECT_TRUE(scope.ended());
    EXPECT_EQ(scope.size(), 0u);
    EXPECT_EQ(log.lines(), (std::vector<std::string>{"+Session", "+Formatter", "+Database",
                                                     "-Database", "-Formatter", "-Session"}));
}

TEST(Scope, DestructorEndsTheScopeButNotTheSingletons) {
    shop::Log log;
    di::ServiceCollection services;
    services.add_singleton<shop::Clock>(logged<shop::Clock>(log))
        .add_scoped<shop::Session>(logged<shop::Session>(log))
        .add_transient<shop::Formatter>(logged<shop::Formatter>(log));
    di::Container container = services.build();
    {
        di::Scope scope = container.create_scope();
        scope.get<shop::Formatter>();
        scope.get<shop::Clock>();
        scope.get<shop::Session>();
        scope.get<shop::Formatter>();  // a second transient
    }
    EXPECT_EQ(log.lines(),
              (std::vector<std::string>{"+Formatter", "+Clock", "+Session", "+Formatter",
                                        "-Formatter", "-Session", "-Formatter"}));
    EXPECT_NE(container.get<shop::Clock>(), nullptr);
}

TEST(Scope, EndedScopeRefusesToResolveAndEndsOnce) {
    shop::Log log;
    di::ServiceCollection services;
    services.add_scoped<shop::Session>(logged<shop::Session>(log));
    di::Container container = services.build();
    di::Scope scope = container.create_scope();
    scope.get<shop::Session>();
    scope.end();
    scope.end();

    try {
        scope.get<shop::Session>();
        FAIL() << "an ended scope made a service";
    } catch (const di::ResolutionError& error) {
        EXPECT_EQ(std::string(error.what()),
                  "this scope has ended, so it cannot give shop::Session any more: ask while the "
                  "request runs, or create a new scope");
    }
    EXPECT_EQ(log.lines(), (std::vector<std::string>{"+Session", "-Session"}));
}

TEST(Scope, FactoryThatThrowsLeavesItsDependenciesToTheScope) {
    shop::Log log;
    int calls = 0;
    di::ServiceCollection services;
    services.add_scoped<shop::Database>(logged<shop::Database>(log));
    services.add_scoped<shop::Session>([&](di::Resolver& resolver) {
        resolver.get<shop::Database>();
        if (++calls == 1) {
            throw std::runtime_error("no session today");
        }
        return std::make_shared<shop::Session>(log);
    });
    di::Container container = services.build();
    {
        di::Scope scope = container.create_scope();
        EXPECT_THROW(scope.get<shop::Session>(), std::runtime_error);
        EXPECT_EQ(scope.size(), 1u);                     // the Database, kept for the scope's end
        EXPECT_NE(scope.get<shop::Session>(), nullptr);  // tried again
    }
    EXPECT_EQ(log.lines(),
              (std::vector<std::string>{"+Database", "+Session", "-Session", "-Database"}));
}

TEST(Scope, SingletonMadeFromAScopeStillCannotCaptureItsScopedServices) {
    shop::Log log;
    di::ServiceCollection services;
    services.add_scoped<shop::Session>(logged<shop::Session>(log));
    services.add_singleton<shop::Cache>([&log](di::Resolver& resolver) {
        resolver.get<shop::Session>();
        return std::make_shared<shop::Cache>(log);
    });
    di::Container container = services.build();
    di::Scope scope = container.create_scope();
    scope.get<shop::Session>();  // the scope has one, but the singleton outlives the scope

    try {
        scope.get<shop::Cache>();
        FAIL() << "a singleton captured a scoped service";
    } catch (const di::ResolutionError& error) {
        EXPECT_CONTAINS(error.what(), "singleton shop::Cache depends on scoped shop::Session");
    }
    EXPECT_EQ(log.lines(), (std::vector<std::string>{"+Session"}));
}

TEST(Scope, ObjectStillHeldOutlivesItsScopeSafely) {
    shop::Log log;
    di::ServiceCollection services;
    services.add_scoped<shop::Session>(logged<shop::Session>(log));
    di::Container container = services.build();
    std::shared_ptr<shop::Session> kept;
    {
        di::Scope scope = container.create_scope();
        kept = scope.get<shop::Session>();
    }
    // The scope let go; the last owner releases it.
    EXPECT_EQ(log.lines(), (std::vector<std::string>{"+Session"}));
    kept.reset();
    EXPECT_EQ(log.lines(), (std::vector<std::string>{"+Session", "-Session"}));
}

}  // namespace
