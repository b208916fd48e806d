#include <memory>
#include <string>

#include "minifw/di/container.hpp"

// Exercise 09.4: a scope keeps one instance of each scoped service and every
// transient it made, and releases them newest first when it ends.

namespace minifw::di {

Scope::Scope(const Container& container) : container_(&container), instances_(container.size()) {}

Scope::~Scope() { end(); }

void Scope::end() noexcept {
    if (ended_) {
        return;
    }
    ended_ = true;
    instances_.clear();  // made_ still owns each of them
    while (!made_.empty()) {
        made_.pop_back();
    }
}

std::shared_ptr<void> Scope::resolve_root(ServiceKey key) {
    if (ended_) {
        throw ResolutionError("this scope has ended, so it cannot give " + std::string(key.name) +
                              " any more: ask while the request runs, or create a new scope");
    }
    Resolver root(*container_, this, nullptr, detail::kMissing);
    return root.resolve(key);
}

std::shared_ptr<void> Scope::scoped(std::size_t index, const Resolver& asking) {
    std::shared_ptr<void>& slot = instances_[index];
    if (!slot) {
        Resolver inner(*container_, this, &asking, index);
        std::shared_ptr<void> made = container_->plan_.services[index].factory(inner);
        made_.push_back(made);  // after its dependencies, which were made inside the factory
        slot = std::move(made);
    }
    return slot;
}

void Scope::keep(std::shared_ptr<void> object) { made_.push_back(std::move(object)); }

}  // namespace minifw::di
