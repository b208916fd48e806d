#pragma once
/// @file
/// Descriptors for stage 01's tests made with the system calls directly, so
/// a test of one exercise does not depend on another being done.

#include <cstdint>
#include <utility>

#include "minifw_test/net.hpp"

namespace minifw::test {

/// True while `fd` names an open descriptor (fcntl F_GETFD does not fail with EBADF).
bool is_open(int fd);

/// True when `fd` has FD_CLOEXEC set.
bool is_close_on_exec(int fd);

/// A fresh open descriptor: the read end of a pipe whose write end is closed.
TestFd fresh_descriptor();

/// A pipe: {read end, write end}, both close-on-exec.
std::pair<TestFd, TestFd> pipe_pair();

/// A TCP socket bound to 127.0.0.1 on a free port. With `listening` it also
/// listens; without, nobody answers there, so a connect is refused.
TestFd bound_socket(bool listening);

/// The local port of a bound socket.
std::uint16_t port_of(int socket);

/// A connected loopback TCP pair: {client, accepted}.
std::pair<TestFd, TestFd> tcp_pair();

/// Shrinks the kernel's send buffer of `fd`, so large writes block often.
void shrink_send_buffer(int fd);

}  // namespace minifw::test
