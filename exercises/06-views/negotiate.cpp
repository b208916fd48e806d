#include "minifw/views/negotiate.hpp"

#include "minifw/exercise.hpp"

// Exercise 06.10: choose the representation Accept prefers (the most
// specific range decides, ties keep the server's order, q=0 refuses), 406
// when none fits, Vary: Accept always.

namespace minifw::views {
namespace {
constexpr const char* kSection =
    "lessons/06-views/README.md#exercise-0610-choosing-a-representation";
}

std::optional<std::size_t> choose_media_type(std::optional<std::string_view>,
                                             std::span<const std::string>) {
    throw ExerciseNotDone{"06.10", kSection};
}

http::Response negotiate(const http::Request&, std::span<const Representation>) {
    throw ExerciseNotDone{"06.10", kSection};
}

}  // namespace minifw::views
