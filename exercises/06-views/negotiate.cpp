#include "minifw/views/negotiate.hpp"

#include "minifw/exercise.hpp"

// Exercise 06.7: parse Accept with q-values and wildcards, choose the
// representation it prefers, 406 when none fits, Vary: Accept always.

namespace minifw::views {
namespace {
constexpr const char* kSection = "lessons/06-views/README.md#exercise-067-content-negotiation";
}

std::optional<MediaRange> parse_media_range(std::string_view) {
    throw ExerciseNotDone{"06.7", kSection};
}

std::vector<MediaRange> parse_accept(std::string_view) { throw ExerciseNotDone{"06.7", kSection}; }

std::optional<std::size_t> choose_media_type(std::optional<std::string_view>,
                                             std::span<const std::string>) {
    throw ExerciseNotDone{"06.7", kSection};
}

http::Response negotiate(const http::Request&, std::span<const Representation>) {
    throw ExerciseNotDone{"06.7", kSection};
}

}  // namespace minifw::views
