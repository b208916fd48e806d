#include "minifw/http/headers.hpp"
#include "minifw/exercise.hpp"

// Exercise 02.1: a header map that ignores the case of names, keeps the order
// fields arrived in, and keeps repeated fields. Everything in this file.

namespace minifw::http {
namespace {
constexpr const char* kSection =
    "lessons/02-http/README.md#exercise-021-a-case-insensitive-header-map";
}

bool iequals(std::string_view, std::string_view) { throw ExerciseNotDone{"02.1", kSection}; }

void Headers::add(std::string_view, std::string_view) { throw ExerciseNotDone{"02.1", kSection}; }

void Headers::set(std::string_view, std::string_view) { throw ExerciseNotDone{"02.1", kSection}; }

std::size_t Headers::remove(std::string_view) { throw ExerciseNotDone{"02.1", kSection}; }

std::optional<std::string_view> Headers::get(std::string_view) const {
    throw ExerciseNotDone{"02.1", kSection};
}

std::vector<std::string_view> Headers::get_all(std::string_view) const {
    throw ExerciseNotDone{"02.1", kSection};
}

std::optional<std::string> Headers::combined(std::string_view) const {
    throw ExerciseNotDone{"02.1", kSection};
}

bool Headers::contains(std::string_view) const { throw ExerciseNotDone{"02.1", kSection}; }

bool has_token(std::string_view, std::string_view) { throw ExerciseNotDone{"02.1", kSection}; }

}  // namespace minifw::http
