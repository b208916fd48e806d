#include "loop.hpp"
#include "minifw/exercise.hpp"

namespace minifw::async::detail {

asio::awaitable<void> accept_loop(tcp::acceptor&, asio::steady_timer&, Shared&) {
    // Exercise 08.5: take a slot (or wait at the gate), accept, and start
    // serve_connection on the socket's executor, posted, with a Control.
    throw ExerciseNotDone{"08.5",
                          "lessons/08-async/README.md#exercise-085-accepting-up-to-a-limit"};
    co_return;
}

}  // namespace minifw::async::detail
