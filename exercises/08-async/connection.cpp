#include "loop.hpp"
#include "minifw/exercise.hpp"

namespace minifw::async::detail {

asio::awaitable<void> serve_connection(tcp::socket, Shared&, std::shared_ptr<Control> control) {
    // Exercise 08.4: give back the slot and leave the registry however this
    // ends; then run the session loop (read, handle, write, with the
    // watchdog in the right phase) beside watchdog.watch().
    (void)control;
    throw ExerciseNotDone{"08.4", "lessons/08-async/README.md#exercise-084-the-session-coroutine"};
    co_return;
}

}  // namespace minifw::async::detail
