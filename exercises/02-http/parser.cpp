#include "minifw/http/parser.hpp"
#include "minifw/exercise.hpp"
#include "parser_state.hpp"

// Exercise 02.2: drive llhttp. Point its callbacks at the Impl members below,
// collect the request line and the fields from pieces, stop after one request
// (and, when asked, after each head).

namespace minifw::http {
namespace {
constexpr const char* kSection = "lessons/02-http/README.md#exercise-022-driving-llhttp";
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

RequestParser::RequestParser(ParserLimits) { throw ExerciseNotDone{"02.2", kSection}; }

// Given: the parser owns its Impl; these need Impl's definition, so they live here.
RequestParser::~RequestParser() = default;
RequestParser::RequestParser(RequestParser&&) noexcept = default;
RequestParser& RequestParser::operator=(RequestParser&&) noexcept = default;

std::size_t RequestParser::feed(std::string_view) { throw ExerciseNotDone{"02.2", kSection}; }

void RequestParser::finish() { throw ExerciseNotDone{"02.2", kSection}; }

bool RequestParser::request_ready() const { throw ExerciseNotDone{"02.2", kSection}; }

Request RequestParser::take() { throw ExerciseNotDone{"02.2", kSection}; }

bool RequestParser::idle() const { throw ExerciseNotDone{"02.2", kSection}; }

void RequestParser::stop_after_heads() { throw ExerciseNotDone{"02.2", kSection}; }

bool RequestParser::head_ready() const { throw ExerciseNotDone{"02.2", kSection}; }

Request& RequestParser::head() { throw ExerciseNotDone{"02.2", kSection}; }

}  // namespace minifw::http
