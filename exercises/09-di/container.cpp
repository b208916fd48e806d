#include "minifw/di/container.hpp"
#include "minifw/exercise.hpp"

// Exercise 09.3: resolve a service by its lifetime; a singleton is made once
// even when threads ask together, and the chain of each resolution refuses
// cycles and captives at run time. Release singletons newest first.

namespace minifw::di {
namespace {
constexpr const char* kSection = "lessons/09-di/README.md#exercise-093-resolving-and-singletons";
}

std::shared_ptr<void> Resolver::resolve(ServiceKey) { throw ExerciseNotDone{"09.3", kSection}; }

std::shared_ptr<void> Container::resolve_root(ServiceKey) const {
    throw ExerciseNotDone{"09.3", kSection};
}

std::shared_ptr<void> Container::resolve(std::size_t, const Resolver&) const {
    throw ExerciseNotDone{"09.3", kSection};
}

Container::~Container() {}

}  // namespace minifw::di
