#include "loop.hpp"
#include "minifw/exercise.hpp"

namespace minifw::async::detail {
namespace {
constexpr const char* kSection =
    "lessons/08-async/README.md#exercise-082-a-deadline-for-every-phase";
}  // namespace

// Exercise 08.2: one timer per connection. enter() starts the deadline of a
// phase, progress() restarts it where it bounds a pause, watch() closes the
// socket when the deadline passes, and stop() ends watch().

Watchdog::Watchdog(tcp::socket& socket, const Deadlines& deadlines)
    : socket_(socket), deadlines_(deadlines), timer_(socket.get_executor()) {
    throw ExerciseNotDone{"08.2", kSection};
}

void Watchdog::enter(Phase) { throw ExerciseNotDone{"08.2", kSection}; }

void Watchdog::progress() { throw ExerciseNotDone{"08.2", kSection}; }

void Watchdog::set_deadline(Clock::time_point) { throw ExerciseNotDone{"08.2", kSection}; }

void Watchdog::stop() { throw ExerciseNotDone{"08.2", kSection}; }

asio::awaitable<void> Watchdog::watch() {
    throw ExerciseNotDone{"08.2", kSection};
    co_return;
}

}  // namespace minifw::async::detail
