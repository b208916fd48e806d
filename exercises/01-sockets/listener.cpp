#include "minifw/exercise.hpp"
#include "minifw/net/socket.hpp"

// Exercise 01.2: the socket calls of a TCP server and its client, each
// failure a std::system_error that names the call and the address.

namespace minifw::net {
namespace {
constexpr const char* kSection =
    "lessons/01-sockets/README.md#exercise-012-listening-and-accepting";
}

// socket, SO_REUSEADDR, bind, listen; close-on-exec; port 0 means "any".
UniqueFd listen_tcp(std::string_view, std::uint16_t, int) {
    throw ExerciseNotDone{"01.2", kSection};
}

// Ask the kernel which port the socket is bound to.
std::uint16_t local_port(const UniqueFd&) { throw ExerciseNotDone{"01.2", kSection}; }

// accept with close-on-exec, retried on EINTR and ECONNABORTED.
UniqueFd accept_client(const UniqueFd&) { throw ExerciseNotDone{"01.2", kSection}; }

// socket and connect, the client's side.
UniqueFd connect_tcp(std::string_view, std::uint16_t) { throw ExerciseNotDone{"01.2", kSection}; }

}  // namespace minifw::net
