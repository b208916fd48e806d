// Exercise 09.3: resolving and singletons.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <latch>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "di_test.hpp"

namespace {

namespace di = minifw::di;
using minifw::test::logged;

TEST(Resolve, SingletonIsMadeOnceOnFirstUseAndShared) {
    shop::Log log;
    di::ServiceCollection services;
    services.add_singleton<shop::Clock>(logged<shop::Clock>(log));
    di::Container container = services.build();
    EXPECT_TRUE(log.lines().empty()) << "a singleton is made when first asked for";

    auto first = container.get<shop::Clock>();
    auto second = container.get<shop::Clock>();

    ASSERT_NE(first, nullptr);
    EXPECT_EQ(first, second);
    EXPECT_EQ(log.lines(), (std::vector<std::string>{"+Clock"}));
}

TEST(Resolve, TransientIsNewOnEveryRequest) {
    di::ServiceCollection services;
    services.add_transient<shop::Numbered>();
    di::Container container = services.build();

    auto first = container.get<shop::Numbered>();
    auto second = container.get<shop::Numbered>();

    ASSERT_NE(first, nullptr);
    ASSERT_NE(second, nullptr);
    EXPECT_NE(first, second);
    EXPECT_NE(first->number, second->number);
}

TEST(Resolve, ConstructorInjectionPassesTheDeclaredServicesInOrder) {
    shop::Log log;
    di::ServiceCollection services;
    services.add_singleton<shop::Database>(logged<shop::Database>(log))
        .add_singleton<shop::Clock>(logged<shop::Clock>(log))
        .add_singleton<shop::Repository, shop::SqlRepository, shop::Database, shop::Clock>();
    di::Container container = services.build();

    std::shared_ptr<shop::Repository> repository = container.get<shop::Repository>();

    ASSERT_NE(repository, nullptr);
    EXPECT_NE(dynamic_cast<shop::SqlRepository*>(repository.get()), nullptr);
    EXPECT_EQ(repository->database(), container.get<shop::Database>());
    EXPECT_EQ(repository->clock(), container.get<shop::Clock>());
    // Dependencies are made in the order they are declared.
    EXPECT_EQ(log.lines(), (std::vector<std::string>{"+Database", "+Clock"}));
}

TEST(Resolve, SingletonIsMadeOnceWhenManyThreadsAskAtTheSameMoment) {
    constexpr int kThreads = 8;
    std::atomic<int> made{0};
    di::ServiceCollection services;
    services.add_singleton<shop::Numbered>([&made](di::Resolver&) {
        ++made;
        return std::make_shared<shop::Numbered>();
    });
    di::Container container = services.build();

    std::latch start(kThreads);
    std::vector<std::future<shop::Numbered*>> askers;
    for (int i = 0; i < kThreads; ++i) {
        askers.push_back(std::async(std::launch::async, [&] {
            start.arrive_and_wait();  // every thread asks at once
            return container.get<shop::Numbered>().get();
        }));
    }
    std::vector<shop::Numbered*> got;
    for (auto& asker : askers) {
        ASSERT_EQ(asker.wait_for(std::chrono::seconds(5)), std::future_status::ready);
        got.push_back(asker.get());
    }

    EXPECT_EQ(made.load(), 1);
    for (auto* each : got) {
        EXPECT_EQ(each, got.front());
    }
}

TEST(Resolve, ScopedServiceAskedOfTheContainerIsRefusedWithTheFix) {
    shop::Log log;
    di::ServiceCollection services;
    services.add_scoped<shop::Session>(logged<shop::Session>(log));
    di::Container container = services.build();

    try {
        container.get<shop::Session>();
        FAIL() << "a scoped service came from the container itself";
    } catch (const di::ResolutionError& error) {
        EXPECT_EQ(std::string(error.what()),
                  "scoped shop::Session cannot be resolved from the container itself: create a "
                  "scope (container.create_scope(), or di::request_scope for requests) and ask "
                  "it");
    }
    EXPECT_TRUE(log.lines().empty());
}

TEST(Resolve, FactoryAskingForAnUnregisteredServiceNamesTheChain) {
    di::ServiceCollection services;
    // A factory's needs are hidden from build(): they surface when it runs.
    services.add_transient<shop::Handler>([](di::Resolver& resolver) {
        return std::make_shared<shop::Handler>(resolver.get<shop::Repository>());
    });
    di::Container container = services.build();

    try {
        container.get<shop::Handler>();
        FAIL() << "an unregistered service was resolved";
    } catch (const di::ResolutionError& error) {
        EXPECT_EQ(std::string(error.what()),
                  "shop::Repository is not registered (needed by shop::Handler); register it "
                  "with add_singleton, add_scoped or add_transient<shop::Repository>");
    }
    EXPECT_THROW(container.get<shop::Clock>(), di::ResolutionError);
}

TEST(Resolve, CycleThroughFactoriesIsRefusedInsteadOfWaitingForever) {
    di::ServiceCollection services;
    services.add_singleton<shop::A>(
        [](di::Resolver& resolver) { return std::make_shared<shop::A>(resolver.get<shop::B>()); });
    services.add_singleton<shop::B>([](di::Resolver& resolver) {
        resolver.get<shop::A>();
        return std::shared_ptr<shop::B>();
    });
    di::Container container = services.build();

    auto asked = std::async(std::launch::async, [&] {
        try {
            container.get<shop::A>();
        } catch (const di::ResolutionError& error) {
            return std::string(error.what());
        }
        return std::string("no error");
    });
    ASSERT_EQ(asked.wait_for(std::chrono::seconds(5)), std::future_status::ready)
        << "a singleton waits for its own lock";
    EXPECT_EQ(asked.get(),
              "circular dependency: shop::A -> shop::B -> shop::A; one of these services must "
              "stop needing the next");
}

TEST(Resolve, SingletonFactoryAskingForAScopedServiceIsRefused) {
    shop::Log log;
    di::ServiceCollection services;
    services.add_scoped<shop::Session>(logged<shop::Session>(log));
    services.add_singleton<shop::Cache>([&log](di::Resolver& resolver) {
        resolver.get<shop::Session>();
        return std::make_shared<shop::Cache>(log);
    });
    di::Container container = services.build();

    try {
        container.get<shop::Cache>();
        FAIL() << "a singleton captured a scoped service";
    } catch (const di::ResolutionError& error) {
        EXPECT_EQ(std::string(error.what()),
                  "singleton shop::Cache depends on scoped shop::Session (shop::Cache -> "
                  "shop::Session): a singleton would keep one request's shop::Session forever; "
                  "make shop::Cache scoped, or shop::Session a singleton");
    }
    EXPECT_TRUE(log.lines().empty());
}

TEST(Resolve, FailedSingletonFactoryLeavesNothingAndIsTriedAgain) {
    int calls = 0;
    di::ServiceCollection services;
    services.add_singleton<shop::Numbered>([&calls](di::Resolver&) {
        if (++calls == 1) {
            throw std::runtime_error("database not up yet");
        }
        return std::make_shared<shop::Numbered>();
    });
    di::Container container = services.build();

    EXPECT_THROW(container.get<shop::Numbered>(), std::runtime_error);
    auto made = container.get<shop::Numbered>();
    EXPECT_NE(made, nullptr);
    EXPECT_EQ(container.get<shop::Numbered>(), made);
    EXPECT_EQ(calls, 2);
}

TEST(Resolve, SingletonsAreReleasedNewestFirstWhenTheContainerEnds) {
    shop::Log log;
    {
        di::ServiceCollection services;
        services.add_singleton<shop::Clock>(logged<shop::Clock>(log))
            .add_singleton<shop::Database>(logged<shop::Database>(log))
            .add_singleton<shop::Cache>(logged<shop::Cache>(log));
        di::Container container = services.build();
        container.get<shop::Database>();
        container.get<shop::Cache>();
        container.get<shop::Clock>();
    }
    EXPECT_EQ(log.lines(), (std::vector<std::string>{"+Database", "+Cache", "+Clock", "-Clock",
                                                     "-Cache", "-Database"}));
}

TEST(Resolve, EmptyPointerFromAFactoryIsAnErrorNamingTheService) {
    di::ServiceCollection services;
    services.add_transient<shop::Numbered>(
        [](di::Resolver&) { return std::shared_ptr<shop::Numbered>(); });
    di::Container container = services.build();

    try {
        container.get<shop::Numbered>();
        FAIL() << "an empty pointer was handed out";
    } catch (const di::ResolutionError& error) {
        EXPECT_CONTAINS(error.what(), "the factory of shop::Numbered returned an empty pointer");
    }
}

}  // namespace
