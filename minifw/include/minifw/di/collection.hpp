#pragma once
/// @file
/// Registering services: by a factory, or by a constructor whose dependencies
/// are declared and checked against it at compile time (stage 09).
///
///   di::ServiceCollection services;
///   services.add_singleton<Clock>([](di::Resolver&) { return std::make_shared<SystemClock>(); });
///   services.add_singleton<Database, SqliteDatabase>();
///   services.add_scoped<Repository, SqlRepository, Database, Clock>();
///   di::Container container = services.build();  // refuses a broken graph here

#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "minifw/di/container.hpp"
#include "minifw/di/service_key.hpp"

namespace minifw::di {

namespace detail {
/// True for a std::shared_ptr: a service is named without one.
template <class T>
struct IsSharedPtr : std::false_type {};
template <class T>
struct IsSharedPtr<std::shared_ptr<T>> : std::true_type {};
}  // namespace detail

/// A type a container can hold: a class, named plainly (not a reference, not
/// const, not already a std::shared_ptr: the container adds that itself).
template <class T>
concept ServiceType = std::is_class_v<T> && std::is_same_v<T, std::remove_cvref_t<T>> &&
    !detail::IsSharedPtr<T>::value;

/// The registrations, before they are checked. Each add_* names the service
/// type it will be found by; a type may be registered once (a second
/// registration is a problem build() reports, not a silent replacement).
class ServiceCollection {
public:
    /// A singleton made by `factory` (Service, or a type derived from it).
    template <class Service, class F>
    requires std::is_invocable_v<const F&, Resolver&> ServiceCollection& add_singleton(F factory) {
        return add(from_factory<Service>(Lifetime::singleton, std::move(factory)));
    }
    /// A scoped service made by `factory`.
    template <class Service, class F>
    requires std::is_invocable_v<const F&, Resolver&> ServiceCollection& add_scoped(F factory) {
        return add(from_factory<Service>(Lifetime::scoped, std::move(factory)));
    }
    /// A transient service made by `factory`.
    template <class Service, class F>
    requires std::is_invocable_v<const F&, Resolver&> ServiceCollection& add_transient(F factory) {
        return add(from_factory<Service>(Lifetime::transient, std::move(factory)));
    }

    /// A singleton Impl, built from std::shared_ptr<Deps>... in that order.
    template <class Service, class Impl = Service, class... Deps>
    ServiceCollection& add_singleton() {
        return add(from_constructor<Service, Impl, Deps...>(Lifetime::singleton));
    }
    /// A scoped Impl, built from std::shared_ptr<Deps>... in that order.
    template <class Service, class Impl = Service, class... Deps>
    ServiceCollection& add_scoped() {
        return add(from_constructor<Service, Impl, Deps...>(Lifetime::scoped));
    }
    /// A transient Impl, built from std::shared_ptr<Deps>... in that order.
    template <class Service, class Impl = Service, class... Deps>
    ServiceCollection& add_transient() {
        return add(from_constructor<Service, Impl, Deps...>(Lifetime::transient));
    }

    /// Adds one registration (exercise 09.1). Throws std::invalid_argument for
    /// a key without a type or an empty factory, naming the service.
    ServiceCollection& add(Descriptor descriptor);

    /// Checks every registration and returns the plan that runs them. Throws
    /// ContainerError listing every problem: a service registered twice, a
    /// missing dependency (with the chain that needs it), a cycle, a scoped
    /// service captured by a singleton.
    Container build() const;

    /// The registrations so far, in order.
    const std::vector<Descriptor>& descriptors() const noexcept { return descriptors_; }

private:
    /// The registration of a factory, checked at compile time.
    template <class Service, class F>
    static Descriptor from_factory(Lifetime lifetime, F factory) {
        static_assert(ServiceType<Service>,
                      "a service is registered as a plain class type: add_singleton<Clock>(...), "
                      "not add_singleton<std::shared_ptr<Clock>> or add_singleton<Clock&>");
        using Made = std::invoke_result_t<const F&, Resolver&>;
        static_assert(std::is_convertible_v<Made, std::shared_ptr<Service>>,
                      "a factory returns a std::shared_ptr to the service or to a type derived "
                      "from it: return std::make_shared<Impl>(...)");
        return Descriptor{
            key_of<Service>(),
            lifetime,
            {},
            [factory = std::move(factory)](Resolver& resolver) -> std::shared_ptr<void> {
                std::shared_ptr<Service> made = factory(resolver);
                if (!made) {
                    throw ResolutionError("the factory of " + std::string(name_of<Service>()) +
                                          " returned an empty pointer: return a "
                                          "std::make_shared of the service instead");
                }
                return made;
            }};
    }

    /// The registration of a constructor, checked against it at compile time.
    template <class Service, class Impl, class... Deps>
    static Descriptor from_constructor(Lifetime lifetime) {
        static_assert(ServiceType<Service> && ServiceType<Impl>,
                      "a service and its implementation are plain class types: "
                      "add_scoped<Repository, SqlRepository, ...>");
        static_assert((ServiceType<Deps> && ...),
                      "each dependency is named as a plain class type, without std::shared_ptr, "
                      "& or const: add_scoped<Repository, SqlRepository, Database>, not "
                      "add_scoped<Repository, SqlRepository, std::shared_ptr<Database>>");
        static_assert(std::is_convertible_v<Impl*, Service*>,
                      "the implementation must derive publicly from the service it is "
                      "registered as");
        static_assert(std::is_constructible_v<Impl, std::shared_ptr<Deps>...>,
                      "the implementation has no constructor taking std::shared_ptr of each "
                      "declared dependency, in the order declared: give it one, or fix the "
                      "dependency list");
        return Descriptor{
            key_of<Service>(),
            lifetime,
            {key_of<Deps>()...},
            [](Resolver& resolver) -> std::shared_ptr<void> {
                // A braced list is evaluated left to right, so the
                // dependencies are made (and later released) in a
                // fixed order.
                std::tuple<std::shared_ptr<Deps>...> dependencies{resolver.get<Deps>()...};
                return std::shared_ptr<Service>(std::apply(
                    [](auto&... each) { return std::make_shared<Impl>(std::move(each)...); },
                    dependencies));
            }};
    }

    std::vector<Descriptor> descriptors_;  ///< in registration order
};

}  // namespace minifw::di
