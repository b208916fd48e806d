#include "minifw/http/parser.hpp"
#include "minifw/exercise.hpp"
#include "parser_state.hpp"

// Exercise 02.3: drive llhttp. Feed it bytes and stop after one request (and,
// when asked, after each head); hand the request over with take().

namespace minifw::http {
namespace {
constexpr const char* kSection = "lessons/02-http/README.md#exercise-023-driving-llhttp";
}

RequestParser::RequestParser(ParserLimits) { throw ExerciseNotDone{"02.3", kSection}; }

// Given: the parser owns its Impl; these need Impl's definition, so they live here.
RequestParser::~RequestParser() = default;
RequestParser::RequestParser(RequestParser&&) noexcept = default;
RequestParser& RequestParser::operator=(RequestParser&&) noexcept = default;

std::size_t RequestParser::feed(std::string_view) { throw ExerciseNotDone{"02.3", kSection}; }

void RequestParser::finish() { throw ExerciseNotDone{"02.3", kSection}; }

bool RequestParser::request_ready() const { throw ExerciseNotDone{"02.3", kSection}; }

Request RequestParser::take() { throw ExerciseNotDone{"02.3", kSection}; }

bool RequestParser::idle() const { throw ExerciseNotDone{"02.3", kSection}; }

void RequestParser::stop_after_heads() { throw ExerciseNotDone{"02.3", kSection}; }

bool RequestParser::head_ready() const { throw ExerciseNotDone{"02.3", kSection}; }

Request& RequestParser::head() { throw ExerciseNotDone{"02.3", kSection}; }

}  // namespace minifw::http
