#include "minifw/exercise.hpp"
#include "parser_state.hpp"

// Exercise 02.4: refuse a body the parser cannot read, go on into a body
// after a head the owner has looked at, collect the decoded body as it
// arrives, and let llhttp go on to the next pipelined request.

namespace minifw::http {
namespace {
constexpr const char* kSection = "lessons/02-http/README.md#exercise-024-bodies-and-pipelining";
}

int RequestParser::Impl::on_body_announced() { throw ExerciseNotDone{"02.4", kSection}; }

int RequestParser::Impl::on_body(std::string_view) { throw ExerciseNotDone{"02.4", kSection}; }

void RequestParser::Impl::start_next_message() { throw ExerciseNotDone{"02.4", kSection}; }

void RequestParser::continue_body(std::size_t) { throw ExerciseNotDone{"02.4", kSection}; }

}  // namespace minifw::http
