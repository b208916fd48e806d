#include "minifw/exercise.hpp"
#include "minifw/http/parser.hpp"
#include "parser_state.hpp"

// Exercise 02.2: the head, callback by callback. Point llhttp's callbacks at
// the Impl members below (no exception may cross llhttp's C frames), and
// collect the request line and the fields from the pieces llhttp hands over.

namespace minifw::http {
namespace {
constexpr const char* kSection =
    "lessons/02-http/README.md#exercise-022-the-head-callback-by-callback";
}

RequestParser::Impl::Impl(ParserLimits) { throw ExerciseNotDone{"02.2", kSection}; }

int RequestParser::Impl::on_message_begin() { throw ExerciseNotDone{"02.2", kSection}; }

int RequestParser::Impl::on_method(std::string_view) { throw ExerciseNotDone{"02.2", kSection}; }

int RequestParser::Impl::on_target(std::string_view) { throw ExerciseNotDone{"02.2", kSection}; }

int RequestParser::Impl::on_version(std::string_view) { throw ExerciseNotDone{"02.2", kSection}; }

int RequestParser::Impl::on_version_complete() { throw ExerciseNotDone{"02.2", kSection}; }

int RequestParser::Impl::on_field_name(std::string_view) {
    throw ExerciseNotDone{"02.2", kSection};
}

int RequestParser::Impl::on_field_value(std::string_view) {
    throw ExerciseNotDone{"02.2", kSection};
}

int RequestParser::Impl::on_field_complete() { throw ExerciseNotDone{"02.2", kSection}; }

int RequestParser::Impl::on_headers_complete() { throw ExerciseNotDone{"02.2", kSection}; }

int RequestParser::Impl::on_message_complete() { throw ExerciseNotDone{"02.2", kSection}; }

}  // namespace minifw::http
