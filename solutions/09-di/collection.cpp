#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "minifw/di/collection.hpp"

// Exercise 09.1: keep the registrations, then index them into a plan.

namespace minifw::di {

ServiceCollection& ServiceCollection::add(Descriptor descriptor) {
    if (descriptor.key.id == nullptr) {
        throw std::invalid_argument(
            "a registration needs the key of its service type: use di::key_of<T>() (the "
            "add_* templates do)");
    }
    if (!descriptor.factory) {
        throw std::invalid_argument("the registration of " + std::string(descriptor.key.name) +
                                    " has an empty factory: give it a function that makes one");
    }
    descriptors_.push_back(std::move(descriptor));
    return *this;
}

namespace detail {

Plan make_plan(const std::vector<Descriptor>& registrations) {
    Plan plan;
    std::unordered_map<const void*, std::size_t> index;
    for (const auto& registration : registrations) {
        const auto [found, added] = index.emplace(registration.key.id, plan.services.size());
        if (!added) {
            // Refused rather than replaced: a second registration is far more
            // often a mistake (two modules registering one type) than a wish.
            const Descriptor& first = plan.services[found->second];
            plan.problems.push_back(
                std::string(registration.key.name) + " is registered twice (first as " +
                std::string(to_string(first.lifetime)) + ", then as " +
                std::string(to_string(registration.lifetime)) + "): keep one registration");
            continue;
        }
        plan.services.push_back(registration);
    }
    plan.dependencies.reserve(plan.services.size());
    for (const auto& service : plan.services) {
        std::vector<std::size_t> dependencies;
        dependencies.reserve(service.dependencies.size());
        for (const auto& key : service.dependencies) {
            const auto found = index.find(key.id);
            dependencies.push_back(found == index.end() ? kMissing : found->second);
        }
        plan.dependencies.push_back(std::move(dependencies));
    }
    return plan;
}

}  // namespace detail
}  // namespace minifw::di
