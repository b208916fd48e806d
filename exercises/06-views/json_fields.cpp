#include "minifw/views/json.hpp"

#include "minifw/exercise.hpp"

// Exercise 06.1: the checks the descriptor walk in json.hpp calls, each
// naming the JSON pointer of what it refuses.

namespace minifw::views {
namespace {
constexpr const char* kSection = "lessons/06-views/README.md#exercise-061-json-field-checks";
}

std::string pointer_to(std::string_view, std::string_view) {
    throw ExerciseNotDone{"06.1", kSection};
}

std::string pointer_to(std::string_view, std::size_t) { throw ExerciseNotDone{"06.1", kSection}; }

std::string_view kind_of(const boost::json::value&) { throw ExerciseNotDone{"06.1", kSection}; }

void field_error(std::string_view, std::string_view) { throw ExerciseNotDone{"06.1", kSection}; }

const boost::json::object& expect_object(const boost::json::value&, std::string_view) {
    throw ExerciseNotDone{"06.1", kSection};
}

const boost::json::array& expect_array(const boost::json::value&, std::string_view) {
    throw ExerciseNotDone{"06.1", kSection};
}

bool read_bool(const boost::json::value&, std::string_view) {
    throw ExerciseNotDone{"06.1", kSection};
}

std::string read_string(const boost::json::value&, std::string_view) {
    throw ExerciseNotDone{"06.1", kSection};
}

double read_number(const boost::json::value&, std::string_view) {
    throw ExerciseNotDone{"06.1", kSection};
}

std::int64_t read_signed(const boost::json::value&, std::string_view, std::int64_t, std::int64_t) {
    throw ExerciseNotDone{"06.1", kSection};
}

std::uint64_t read_unsigned(const boost::json::value&, std::string_view, std::uint64_t) {
    throw ExerciseNotDone{"06.1", kSection};
}

void refuse_unknown_fields(const boost::json::object&, std::span<const std::string_view>,
                           std::string_view) {
    throw ExerciseNotDone{"06.1", kSection};
}

}  // namespace minifw::views
