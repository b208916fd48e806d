// Exercise 09.1: registrations and the plan.

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "di_test.hpp"

namespace {

namespace di = minifw::di;
using minifw::test::logged;

TEST(Registration, AddKeepsEveryRegistrationInOrderWithItsNameAndLifetime) {
    shop::Log log;
    di::ServiceCollection services;
    services.add_singleton<shop::Clock>(logged<shop::Clock>(log))
        .add_scoped<shop::Database>(logged<shop::Database>(log))
        .add_transient<shop::Repository, shop::SqlRepository, shop::Database, shop::Clock>();

    const auto& registered = services.descriptors();
    ASSERT_EQ(registered.size(), 3u);
    EXPECT_EQ(registered[0].key.name, "shop::Clock");
    EXPECT_EQ(registered[0].lifetime, di::Lifetime::singleton);
    EXPECT_EQ(registered[1].key.name, "shop::Database");
    EXPECT_EQ(registered[1].lifetime, di::Lifetime::scoped);
    EXPECT_EQ(registered[2].key.name, "shop::Repository");
    EXPECT_EQ(registered[2].lifetime, di::Lifetime::transient);
    // A factory hides what it needs; a constructor registration declares it.
    EXPECT_TRUE(registered[0].dependencies.empty());
    ASSERT_EQ(registered[2].dependencies.size(), 2u);
    EXPECT_EQ(registered[2].dependencies[0].name, "shop::Database");
    EXPECT_EQ(registered[2].dependencies[1].name, "shop::Clock");
    EXPECT_TRUE(log.lines().empty()) << "registering must not make anything";
}

TEST(Registration, RefusesAnEmptyFactoryOrKeyNamingTheService) {
    di::ServiceCollection services;
    try {
        services.add(di::Descriptor{di::key_of<shop::Clock>(), di::Lifetime::singleton, {}, {}});
        FAIL() << "an empty factory was accepted";
    } catch (const std::invalid_argument& error) {
        EXPECT_CONTAINS(error.what(), "shop::Clock");
        EXPECT_CONTAINS(error.what(), "empty factory");
    }
    EXPECT_THROW(
        services.add(di::Descriptor{
            {},
            di::Lifetime::scoped,
            {},
            [](di::Resolver&) { return std::shared_ptr<void>(std::make_shared<int>(1)); }}),
        std::invalid_argument);
    EXPECT_TRUE(services.descriptors().empty());
}

TEST(Registration, PlanIndexesEveryDeclaredDependency) {
    shop::Log log;
    di::ServiceCollection services;
    services.add_scoped<shop::Repository, shop::SqlRepository, shop::Database, shop::Clock>()
        .add_singleton<shop::Clock>(logged<shop::Clock>(log))
        .add_scoped<shop::Handler, shop::Handler, shop::Repository>();

    const di::detail::Plan plan = di::detail::make_plan(services.descriptors());

    ASSERT_EQ(plan.services.size(), 3u);
    ASSERT_EQ(plan.dependencies.size(), 3u);
    EXPECT_TRUE(plan.problems.empty());
    // Repository needs Database (not registered) and Clock (index 1).
    EXPECT_EQ(plan.dependencies[0], (std::vector<std::size_t>{di::detail::kMissing, 1}));
    EXPECT_TRUE(plan.dependencies[1].empty());
    EXPECT_EQ(plan.dependencies[2], (std::vector<std::size_t>{0}));
}

TEST(Registration, SecondRegistrationOfATypeIsRefusedNamingBothLifetimes) {
    shop::Log log;
    di::ServiceCollection services;
    services.add_singleton<shop::Clock>(logged<shop::Clock>(log))
        .add_transient<shop::Database>(logged<shop::Database>(log))
        .add_scoped<shop::Clock>(logged<shop::Clock>(log));

    const auto plan = di::detail::make_plan(services.descriptors());

    ASSERT_EQ(plan.problems.size(), 1u);
    EXPECT_EQ(plan.problems[0],
              "shop::Clock is registered twice (first as singleton, then as scoped): keep one "
              "registration");
    ASSERT_EQ(plan.services.size(), 2u);  // the first registration is the one kept
    EXPECT_EQ(plan.services[0].lifetime, di::Lifetime::singleton);
}

TEST(Registration, ConstAndPlainNamesAreOneService) {
    shop::Log log;
    di::ServiceCollection services;
    services.add_singleton<shop::Clock>(logged<shop::Clock>(log));
    services.add(di::Descriptor{
        di::key_of<const shop::Clock>(), di::Lifetime::singleton, {}, [&log](di::Resolver&) {
            return std::shared_ptr<void>(std::make_shared<shop::Clock>(log));
        }});

    const auto plan = di::detail::make_plan(services.descriptors());

    ASSERT_EQ(plan.problems.size(), 1u);
    EXPECT_CONTAINS(plan.problems[0], "shop::Clock is registered twice");
    EXPECT_EQ(plan.services.size(), 1u);
}

}  // namespace
