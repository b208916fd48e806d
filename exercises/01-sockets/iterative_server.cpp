#include "minifw/net/iterative_server.hpp"
#include "minifw/exercise.hpp"

// Exercise 01.5: a server that answers one connection after another with
// fixed bytes, and survives clients that misbehave.

namespace minifw::net {
namespace {
constexpr const char* kSection = "lessons/01-sockets/README.md#exercise-015-an-iterative-server";
}

// The status line, Content-Type, a Content-Length that matches `body`,
// Connection: close, the blank line, then the body.
std::string fixed_response(std::string_view) { throw ExerciseNotDone{"01.5", kSection}; }

// Keep the listener and the response; refuse an empty listener.
IterativeServer::IterativeServer(UniqueFd, std::string) { throw ExerciseNotDone{"01.5", kSection}; }

// accept, read the head with read_until, write_all the response, close; a
// client's failure is logged and skipped.
void IterativeServer::serve(std::size_t) { throw ExerciseNotDone{"01.5", kSection}; }

std::uint16_t IterativeServer::port() const { throw ExerciseNotDone{"01.5", kSection}; }

}  // namespace minifw::net
