#pragma once
// Services for the stage 09 tests: small classes in a namespace of their own
// (so messages read "shop::Clock"), each writing to a shared log when it is
// made and when it is released.

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "minifw/di/collection.hpp"
#include "minifw/di/container.hpp"

/// EXPECT_CONTAINS(text, part): on failure shows both strings.
#define EXPECT_CONTAINS(text, part) \
    EXPECT_PRED_FORMAT2(::testing::IsSubstring, std::string(part), std::string(text))

namespace shop {

/// What the services did, in order; safe to write from several threads.
class Log {
public:
    void write(std::string line) {
        std::lock_guard lock(mutex_);
        lines_.push_back(std::move(line));
    }
    std::vector<std::string> lines() const {
        std::lock_guard lock(mutex_);
        return lines_;
    }
    void clear() {
        std::lock_guard lock(mutex_);
        lines_.clear();
    }

private:
    mutable std::mutex mutex_;
    std::vector<std::string> lines_;
};

/// Logs "+name" when made and "-name" when released.
class Logged {
public:
    Logged(Log& log, std::string name) : log_(log), name_(std::move(name)) {
        log_.write("+" + name_);
    }
    ~Logged() { log_.write("-" + name_); }
    Logged(const Logged&) = delete;
    Logged& operator=(const Logged&) = delete;

private:
    Log& log_;
    std::string name_;
};

// Types whose only job is to have names in messages and to log their life.
struct Clock : Logged {
    explicit Clock(Log& log) : Logged(log, "Clock") {}
};
struct Database : Logged {
    explicit Database(Log& log) : Logged(log, "Database") {}
};
struct Session : Logged {
    explicit Session(Log& log) : Logged(log, "Session") {}
};
struct Formatter : Logged {
    explicit Formatter(Log& log) : Logged(log, "Formatter") {}
};
struct Cache : Logged {
    explicit Cache(Log& log) : Logged(log, "Cache") {}
};

/// An interface with an implementation built by constructor injection.
class Repository {
public:
    virtual ~Repository() = default;
    virtual std::shared_ptr<Database> database() const = 0;
    virtual std::shared_ptr<Clock> clock() const = 0;
};

class SqlRepository : public Repository {
public:
    SqlRepository(std::shared_ptr<Database> database, std::shared_ptr<Clock> clock)
        : database_(std::move(database)), clock_(std::move(clock)) {}
    std::shared_ptr<Database> database() const override { return database_; }
    std::shared_ptr<Clock> clock() const override { return clock_; }

private:
    std::shared_ptr<Database> database_;
    std::shared_ptr<Clock> clock_;
};

/// A service that needs a Repository, for chains three long.
struct Handler {
    explicit Handler(std::shared_ptr<Repository> repository_in)
        : repository(std::move(repository_in)) {}
    std::shared_ptr<Repository> repository;
};

// Three services that only exist to point at each other.
struct B;
struct C;
struct A {
    explicit A(std::shared_ptr<B>) {}
};
struct B {
    explicit B(std::shared_ptr<C>) {}
};
struct C {
    explicit C(std::shared_ptr<A>) {}
};
struct Start {
    explicit Start(std::shared_ptr<A>) {}
};

/// A numbered object: each new one gets the next number.
struct Numbered {
    static int next() {
        static std::atomic<int> counter{0};
        return ++counter;
    }
    int number = next();
};

}  // namespace shop

namespace minifw::test {

/// A factory for a logged service type T made with `log`.
template <class T>
auto logged(shop::Log& log) {
    return [&log](di::Resolver&) { return std::make_shared<T>(log); };
}

/// The problems build() reports for `services`, or none.
inline std::vector<std::string> problems_of(const di::ServiceCollection& services) {
    try {
        services.build();
    } catch (const di::ContainerError& error) {
        return error.problems();
    }
    return {};
}

}  // namespace minifw::test
