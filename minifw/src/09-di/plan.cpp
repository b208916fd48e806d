// Given code of stage 09: the glue around the exercises. build() runs the two
// checks (09.1 and 09.2) and hands the plan to the container; the container's
// index and its list of kept objects; the chain a resolver reports.

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "minifw/di/collection.hpp"
#include "minifw/di/container.hpp"

namespace minifw::di {

Container ServiceCollection::build() const {
    detail::Plan plan = detail::make_plan(descriptors_);
    std::vector<std::string> problems = std::move(plan.problems);
    for (auto& problem : detail::check_plan(plan)) {
        problems.push_back(std::move(problem));
    }
    if (!problems.empty()) {
        throw ContainerError(std::move(problems));
    }
    return Container(std::move(plan));
}

Container::Container(detail::Plan plan)
    : plan_(std::move(plan)), slots_(std::make_unique<Slot[]>(plan_.services.size())) {
    for (std::size_t i = 0; i < plan_.services.size(); ++i) {
        index_.emplace(plan_.services[i].key.id, i);
    }
}

std::size_t Container::find(ServiceKey key) const noexcept {
    const auto found = index_.find(key.id);
    return found == index_.end() ? detail::kMissing : found->second;
}

void Container::keep(std::shared_ptr<void> object) const {
    std::lock_guard lock(kept_mutex_);
    kept_.push_back(std::move(object));
}

Scope Container::create_scope() const { return Scope(*this); }

std::string Resolver::chain() const {
    std::vector<std::string_view> names;
    for (const Resolver* at = this; at != nullptr; at = at->parent_) {
        if (at->index_ != detail::kMissing) {
            names.push_back(container_.plan_.services[at->index_].key.name);
        }
    }
    std::string text;
    for (auto name = names.rbegin(); name != names.rend(); ++name) {
        if (!text.empty()) {
            text += " -> ";
        }
        text += *name;
    }
    return text;
}

}  // namespace minifw::di

namespace minifw::di::detail {

std::string captive_message(std::string_view singleton, std::string_view scoped,
                            std::string_view chain) {
    std::string s(singleton);
    std::string d(scoped);
    return "singleton " + s + " depends on scoped " + d + " (" + std::string(chain) +
           "): a singleton would keep one request's " + d + " forever; make " + s + " scoped, or " +
           d + " a singleton";
}

}  // namespace minifw::di::detail
