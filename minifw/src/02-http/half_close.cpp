#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>

#include "minifw/http/connection.hpp"

namespace minifw::http {

void half_close_and_drain(int fd, std::chrono::milliseconds limit) {
    // The peer sees end of stream now, whatever the caller does with fd later.
    if (::shutdown(fd, SHUT_WR) != 0) {
        return;  // not connected any more: nothing to drain either
    }
    const auto deadline = std::chrono::steady_clock::now() + limit;
    std::array<char, 4096> discard;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            return;
        }
        pollfd readable{fd, POLLIN, 0};
        const int ready = ::poll(&readable, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR) {
            continue;
        }
        if (ready <= 0) {
            return;  // the deadline passed, or poll failed: stop waiting
        }
        const ssize_t n = ::read(fd, discard.data(), discard.size());
        if (n == 0 || (n < 0 && errno != EINTR)) {
            return;  // the peer closed (or reset): its unread bytes are gone
        }
    }
}

}  // namespace minifw::http
