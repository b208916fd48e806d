#include <memory>
#include <mutex>
#include <string>

#include "minifw/di/container.hpp"

// Exercise 09.3: resolve by lifetime. A singleton's factory runs once under
// its slot's lock; every resolution knows its chain, for cycles and captives
// that factories hide from build().

namespace minifw::di {

std::shared_ptr<void> Resolver::resolve(ServiceKey key) {
    const std::size_t index = container_.find(key);
    const std::string name(key.name);
    if (index == detail::kMissing) {
        const std::string needed_by = chain();
        throw ResolutionError(name + " is not registered" +
                              (needed_by.empty() ? "" : " (needed by " + needed_by + ")") +
                              "; register it with add_singleton, add_scoped or add_transient<" +
                              name + ">");
    }
    // Checked before any lock is taken: a singleton that needs itself would
    // otherwise wait for its own slot forever.
    for (const Resolver* at = this; at != nullptr; at = at->parent_) {
        if (at->index_ == index) {
            throw ResolutionError("circular dependency: " + chain() + " -> " + name +
                                  "; one of these services must stop needing the next");
        }
    }
    return container_.resolve(index, *this);
}

std::shared_ptr<void> Container::resolve_root(ServiceKey key) const {
    Resolver root(*this, nullptr, nullptr, detail::kMissing);
    return root.resolve(key);
}

std::shared_ptr<void> Container::resolve(std::size_t index, const Resolver& asking) const {
    const Descriptor& service = plan_.services[index];
    switch (service.lifetime) {
        case Lifetime::singleton: {
            Slot& slot = slots_[index];
            std::lock_guard lock(slot.mutex);
            if (!slot.instance) {
                // No scope inside a singleton: whatever it holds lives as long as it.
                Resolver inner(*this, nullptr, &asking, index);
                std::shared_ptr<void> made = service.factory(inner);
                keep(made);
                slot.instance = std::move(made);
            }
            return slot.instance;
        }
        case Lifetime::scoped: {
            if (asking.scope_ == nullptr) {
                for (const Resolver* at = &asking; at != nullptr; at = at->parent_) {
                    if (at->index_ != detail::kMissing &&
                        plan_.services[at->index_].lifetime == Lifetime::singleton) {
                        throw ResolutionError(detail::captive_message(
                            plan_.services[at->index_].key.name, service.key.name,
                            asking.chain() + " -> " + std::string(service.key.name)));
                    }
                }
                throw ResolutionError(
                    "scoped " + std::string(service.key.name) +
                    " cannot be resolved from the container itself: create a scope "
                    "(container.create_scope(), or di::request_scope for requests) and ask it");
            }
            return asking.scope_->scoped(index, asking);
        }
        case Lifetime::transient: {
            Resolver inner(*this, asking.scope_, &asking, index);
            std::shared_ptr<void> made = service.factory(inner);
            if (asking.scope_ != nullptr) {
                asking.scope_->keep(made);
            }
            return made;
        }
    }
    throw ResolutionError("unknown lifetime of " + std::string(service.key.name));
}

Container::~Container() {
    // The slots and the list share each singleton; dropping the slots first
    // leaves the list as the last owner, released newest first: a service is
    // released before what it was built from.
    for (std::size_t i = 0; i < plan_.services.size(); ++i) {
        slots_[i].instance.reset();
    }
    while (!kept_.empty()) {
        kept_.pop_back();
    }
}

}  // namespace minifw::di
