// A file body over a non-blocking socket (given): sendfile(2) moves the bytes
// from the page cache to the socket without passing through this process.

#include <sys/sendfile.h>

#include <algorithm>
#include <boost/asio/use_awaitable.hpp>
#include <cerrno>
#include <stdexcept>
#include <system_error>

#include "loop.hpp"

namespace minifw::async::detail {

asio::awaitable<void> send_file(tcp::socket& socket, const http::FileRange& range,
                                const std::function<void()>& progress) {
    auto offset = static_cast<off_t>(range.offset);
    std::uint64_t left = range.length;
    while (left > 0) {
        const std::size_t piece = std::min<std::uint64_t>(left, 1u << 20);
        const ssize_t n = ::sendfile(socket.native_handle(), range.file->get(), &offset, piece);
        if (n > 0) {
            left -= static_cast<std::uint64_t>(n);
            progress();
            continue;
        }
        if (n == 0) {
            // Its length went out in Content-Length: the response cannot be
            // completed, and the caller ends the connection.
            throw std::runtime_error("a file got shorter while it was being sent");
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            // The socket's buffer is full: wait until the client takes some.
            co_await socket.async_wait(tcp::socket::wait_write, asio::use_awaitable);
        } else if (errno != EINTR) {
            // EPIPE raises SIGPIPE: the server's threads block it (server.cpp).
            throw std::system_error(errno, std::system_category(), "sendfile a file body");
        }
    }
}

}  // namespace minifw::async::detail
