#include "minifw/exercise.hpp"
#include "server_impl.hpp"

namespace minifw::async {
namespace {
constexpr const char* kSection =
    "lessons/08-async/README.md#exercise-086-threads-and-a-graceful-stop";
}  // namespace

// Exercise 08.6: the server's threads and its graceful stop.

void Server::Impl::listen() {
    // One listening socket, or one per loop on the same port (SO_REUSEPORT).
    throw ExerciseNotDone{"08.6", kSection};
}

void Server::Impl::start() {
    // An accept loop per listening socket; SIGTERM and SIGINT call stop().
    throw ExerciseNotDone{"08.6", kSection};
}

void Server::Impl::run() {
    // Every loop on its thread (this one among them) until all have ended.
    throw ExerciseNotDone{"08.6", kSection};
}

void Server::Impl::stop() {
    // Tell the connections, close the listeners, then cut what is left
    // when the grace has passed.
    throw ExerciseNotDone{"08.6", kSection};
}

}  // namespace minifw::async
