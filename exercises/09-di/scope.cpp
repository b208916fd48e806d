#include "minifw/di/container.hpp"
#include "minifw/exercise.hpp"

// Exercise 09.4: one instance of each scoped service per scope, and every
// object the scope made released newest first when it ends.

namespace minifw::di {
namespace {
constexpr const char* kSection = "lessons/09-di/README.md#exercise-094-scopes-and-disposal";
}

Scope::Scope(const Container& container) : container_(&container) {}

Scope::~Scope() {}

void Scope::end() noexcept {}

std::shared_ptr<void> Scope::resolve_root(ServiceKey) { throw ExerciseNotDone{"09.4", kSection}; }

std::shared_ptr<void> Scope::scoped(std::size_t, const Resolver&) {
    throw ExerciseNotDone{"09.4", kSection};
}

void Scope::keep(std::shared_ptr<void>) { throw ExerciseNotDone{"09.4", kSection}; }

}  // namespace minifw::di
