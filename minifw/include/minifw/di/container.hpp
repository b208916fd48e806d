#pragma once
/// @file
/// The built container (the plan) and its scopes: what resolves services once
/// ServiceCollection::build() has checked the registrations (stage 09).
///
/// Two phases, as in .NET's call sites: the collection is a list of wishes;
/// build() turns it into a plan (every dependency looked up, every cycle,
/// missing service and captive dependency refused) and only the plan runs.

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "minifw/di/service_key.hpp"

namespace minifw::di {

/// How long one instance of a service lives.
enum class Lifetime {
    singleton,  ///< one for the container, created on first use, released when it ends
    scoped,     ///< one per scope (per request), released when the scope ends
    transient,  ///< a new one on every request for it, released with its scope
};

/// "singleton", "scoped" or "transient", for messages.
constexpr std::string_view to_string(Lifetime lifetime) noexcept {
    switch (lifetime) {
        case Lifetime::singleton:
            return "singleton";
        case Lifetime::scoped:
            return "scoped";
        case Lifetime::transient:
            return "transient";
    }
    return "unknown lifetime";
}

class Resolver;
class Container;
class Scope;
class ServiceCollection;

/// Makes one instance of a service, asking `resolver` for what it needs. The
/// pointer is to the service type, stored without its type.
using Factory = std::function<std::shared_ptr<void>(Resolver& resolver)>;

/// One registration: what the collection holds and the plan is built from.
struct Descriptor {
    ServiceKey key;                           ///< the service type it is found by
    Lifetime lifetime = Lifetime::transient;  ///< how long an instance lives
    std::vector<ServiceKey> dependencies;     ///< declared at registration; empty for a factory
    Factory factory;                          ///< makes an instance
};

/// build() refused the registrations: every problem it found, one per line.
class ContainerError : public std::logic_error {
public:
    /// An error listing `problems` (not empty).
    explicit ContainerError(std::vector<std::string> problems)
        : std::logic_error(describe(problems)), problems_(std::move(problems)) {}

    /// Each problem in the order it was found, each naming the services and the fix.
    const std::vector<std::string>& problems() const noexcept { return problems_; }

private:
    static std::string describe(const std::vector<std::string>& problems) {
        std::string text = "the container cannot be built:";
        for (const auto& problem : problems) {
            text += "\n  - " + problem;
        }
        return text;
    }
    std::vector<std::string> problems_;
};

/// A service could not be resolved while the program runs: one a factory asked
/// for that is not registered, a cycle through factories, a scoped service
/// asked of the container itself, or a scope that has ended.
class ResolutionError : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

namespace detail {

/// Marks a dependency that is not registered in Plan::dependencies.
inline constexpr std::size_t kMissing = static_cast<std::size_t>(-1);

/// The registrations, indexed: what a Container runs.
struct Plan {
    std::vector<Descriptor> services;  ///< one per service type, in registration order
    std::vector<std::vector<std::size_t>> dependencies;  ///< per service, the index of each
                                                         ///< declared dependency, or kMissing
    std::vector<std::string> problems;                   ///< what make_plan refused
};

/// Indexes `registrations` (exercise 09.1): the first registration of a type
/// is kept and a second one is a problem naming the type and both lifetimes.
Plan make_plan(const std::vector<Descriptor>& registrations);

/// "singleton A depends on scoped B (A -> ... -> B): ..." with the fix; the
/// one text for the check at build time and the one at run time.
std::string captive_message(std::string_view singleton, std::string_view scoped,
                            std::string_view chain);

/// Finds what would fail at run time (exercise 09.2): a missing dependency
/// with the chain that needs it, each cycle as "A -> B -> A", and each
/// singleton that depends, directly or through transients, on a scoped service.
std::vector<std::string> check_plan(const Plan& plan);

}  // namespace detail

/// What a factory gets: the way to ask for the services it needs. It knows
/// the chain of services being built, so a cycle or a captive dependency that
/// a factory hides from build() is still refused, with the chain, at run time.
class Resolver {
public:
    Resolver(const Resolver&) = delete;
    Resolver& operator=(const Resolver&) = delete;

    /// The service T, as its lifetime says. Throws ResolutionError when T is
    /// not registered or cannot be had from here.
    template <class T>
    std::shared_ptr<T> get() {
        return std::static_pointer_cast<T>(resolve(key_of<T>()));
    }

    /// The service of `key`, without its type (exercise 09.3).
    std::shared_ptr<void> resolve(ServiceKey key);

private:
    friend class Container;
    friend class Scope;
    Resolver(const Container& container, Scope* scope, const Resolver* parent,
             std::size_t index) noexcept
        : container_(container), scope_(scope), parent_(parent), index_(index) {}

    /// "A -> B -> C": the chain of services being built, outermost first.
    std::string chain() const;

    const Container& container_;  ///< the plan it resolves from
    Scope* scope_;  ///< where scoped services live; nullptr at the root and in a singleton
    const Resolver* parent_;  ///< the resolver of the service that asked for this one
    std::size_t index_;       ///< the service this resolver builds, or kMissing for the caller
};

/// The plan, running: resolves singletons (created once, even when many
/// threads ask at the same moment) and makes scopes. It must outlive every
/// scope and every handler made from it. When it ends, it releases the
/// singletons in the reverse order of their creation.
class Container {
public:
    ~Container();
    Container(const Container&) = delete;
    Container& operator=(const Container&) = delete;

    /// A singleton, created on first use, or a new transient that needs no
    /// scoped service (the caller owns it). Throws ResolutionError for a
    /// scoped service: ask a Scope.
    template <class T>
    std::shared_ptr<T> get() const {
        return std::static_pointer_cast<T>(resolve_root(key_of<T>()));
    }

    /// A new scope, such as one request's (its objects end with it).
    Scope create_scope() const;

    /// True when T is registered.
    template <class T>
    bool contains() const noexcept {
        return find(key_of<T>()) != detail::kMissing;
    }

    /// The number of services registered.
    std::size_t size() const noexcept { return plan_.services.size(); }

private:
    friend class ServiceCollection;
    friend class Resolver;
    friend class Scope;
    explicit Container(detail::Plan plan);

    /// The index of `key` in the plan, or kMissing.
    std::size_t find(ServiceKey key) const noexcept;
    /// get() without the type (exercise 09.3).
    std::shared_ptr<void> resolve_root(ServiceKey key) const;
    /// Service `index` for `asking`, by its lifetime (exercise 09.3).
    std::shared_ptr<void> resolve(std::size_t index, const Resolver& asking) const;
    /// Keeps a singleton until the container ends.
    void keep(std::shared_ptr<void> object) const;

    /// One per service: a singleton's instance, and the lock that makes its
    /// factory run once.
    struct Slot {
        std::mutex mutex;                ///< held while the singleton is made
        std::shared_ptr<void> instance;  ///< the singleton, once made
    };

    detail::Plan plan_;                                   ///< what build() checked
    std::unordered_map<const void*, std::size_t> index_;  ///< key id -> index in plan_
    std::unique_ptr<Slot[]> slots_;                       ///< one per service of plan_
    mutable std::mutex kept_mutex_;                       ///< guards kept_
    mutable std::vector<std::shared_ptr<void>> kept_;     ///< singletons, in order of creation
};

/// One unit of work, such as a request: it holds the scoped services it made
/// (one each) and the transients, and releases them in the reverse order of
/// their creation when it ends (end(), or its destructor). Used by one thread
/// at a time.
class Scope {
public:
    /// A scope of `container`, which must outlive it.
    explicit Scope(const Container& container);
    /// Ends the scope.
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

    /// The service T: this scope's instance of a scoped one, a new transient,
    /// or the container's singleton. Throws ResolutionError once ended.
    template <class T>
    std::shared_ptr<T> get() {
        return std::static_pointer_cast<T>(resolve_root(key_of<T>()));
    }

    /// Releases what the scope made, newest first, once (later calls do nothing).
    void end() noexcept;
    /// True once end() ran.
    bool ended() const noexcept { return ended_; }
    /// The number of objects the scope holds (scoped and transient).
    std::size_t size() const noexcept { return made_.size(); }

private:
    friend class Container;
    /// get() without the type (exercise 09.4).
    std::shared_ptr<void> resolve_root(ServiceKey key);
    /// This scope's instance of scoped service `index`, made on first use.
    std::shared_ptr<void> scoped(std::size_t index, const Resolver& asking);
    /// Keeps a transient until the scope ends.
    void keep(std::shared_ptr<void> object);

    const Container* container_;                    ///< the plan it resolves from
    std::vector<std::shared_ptr<void>> instances_;  ///< per service index: scoped ones
    std::vector<std::shared_ptr<void>> made_;       ///< everything made, in order of creation
    bool ended_ = false;                            ///< set by end()
};

}  // namespace minifw::di
