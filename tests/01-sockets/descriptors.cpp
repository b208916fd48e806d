#include "descriptors.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace minifw::test {
namespace {

[[noreturn]] void throw_errno(const char* what) {
    throw std::system_error(errno, std::generic_category(), what);
}

}  // namespace

bool is_open(int fd) { return ::fcntl(fd, F_GETFD) != -1 || errno != EBADF; }

bool is_close_on_exec(int fd) {
    const int flags = ::fcntl(fd, F_GETFD);
    return flags != -1 && (flags & FD_CLOEXEC) != 0;
}

TestFd fresh_descriptor() {
    auto [read_end, write_end] = pipe_pair();
    return std::move(read_end);
}

std::pair<TestFd, TestFd> pipe_pair() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        throw_errno("pipe2");
    }
    return {TestFd(fds[0]), TestFd(fds[1])};
}

TestFd bound_socket(bool listening) {
    TestFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (fd.get() < 0) {
        throw_errno("socket");
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        throw_errno("bind 127.0.0.1:0");
    }
    if (listening && ::listen(fd.get(), 16) != 0) {
        throw_errno("listen");
    }
    return fd;
}

std::uint16_t port_of(int socket) {
    sockaddr_in address{};
    socklen_t size = sizeof address;
    if (::getsockname(socket, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
        throw_errno("getsockname");
    }
    return ntohs(address.sin_port);
}

std::pair<TestFd, TestFd> tcp_pair() {
    TestFd listener = bound_socket(true);
    TestFd client = connect_loopback(port_of(listener.get()));
    TestFd accepted(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
    if (accepted.get() < 0) {
        throw_errno("accept");
    }
    return {std::move(client), std::move(accepted)};
}

void shrink_send_buffer(int fd) {
    int size = 4096;  // the kernel doubles it and applies its minimum
    if (::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size) != 0) {
        throw_errno("setsockopt SO_SNDBUF");
    }
}

}  // namespace minifw::test
