#include "minifw/exercise.hpp"
#include "parser_state.hpp"

// Exercise 02.5: build the HttpError that refuses each kind of bad request,
// with the status the RFCs ask for and a message that says what to fix.

namespace minifw::http::detail {
namespace {
constexpr const char* kSection = "lessons/02-http/README.md#exercise-025-limits";
}

HttpError too_large(Limit, const ParserLimits&) { throw ExerciseNotDone{"02.5", kSection}; }

HttpError bad_field_name(std::string_view) { throw ExerciseNotDone{"02.5", kSection}; }

HttpError bad_host_count(std::size_t) { throw ExerciseNotDone{"02.5", kSection}; }

HttpError unsupported_version(std::string_view) { throw ExerciseNotDone{"02.5", kSection}; }

HttpError unsupported_coding(std::string_view) { throw ExerciseNotDone{"02.5", kSection}; }

HttpError rejected(llhttp_errno_t, const char*, std::string_view) {
    throw ExerciseNotDone{"02.5", kSection};
}

}  // namespace minifw::http::detail
