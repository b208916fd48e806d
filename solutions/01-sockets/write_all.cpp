#include "minifw/net/socket.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>

namespace minifw::net {

void write_all(int fd, std::string_view data) {
    // send() with MSG_NOSIGNAL turns a vanished peer into EPIPE for this call
    // instead of a SIGPIPE, whose default action ends the whole server.
    // Pipes and files have no send(); the first ENOTSOCK switches to write().
    bool is_socket = true;
    while (!data.empty()) {
        const ssize_t written = is_socket ? ::send(fd, data.data(), data.size(), MSG_NOSIGNAL)
                                          : ::write(fd, data.data(), data.size());
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == ENOTSOCK && is_socket) {
                is_socket = false;
                continue;
            }
            throw std::system_error(
                errno, std::system_category(),
                (is_socket ? "send to fd " : "write to fd ") + std::to_string(fd));
        }
        // A partial write is normal (a full socket buffer, a signal after
        // some bytes went out): carry on from where the kernel stopped.
        data.remove_prefix(static_cast<std::size_t>(written));
    }
}

}  // namespace minifw::net
