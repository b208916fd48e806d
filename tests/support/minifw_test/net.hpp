#pragma once
/// @file
/// Raw-socket helpers for tests. They use the system calls directly, never an
/// exercise, so a test of stage 01 does not depend on stage 01 being done.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace minifw::test {

/// An owned descriptor for tests: closed in the destructor.
class TestFd {
public:
    TestFd() = default;
    explicit TestFd(int fd) : fd_(fd) {}
    TestFd(TestFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    TestFd& operator=(TestFd&& other) noexcept;
    TestFd(const TestFd&) = delete;
    TestFd& operator=(const TestFd&) = delete;
    ~TestFd();

    int get() const { return fd_; }
    int release() { return std::exchange(fd_, -1); }
    void close();

private:
    int fd_ = -1;
};

/// A connected AF_UNIX stream pair (close-on-exec).
std::pair<TestFd, TestFd> socket_pair();

/// Connects to 127.0.0.1:port; fails the test (throws) on error.
TestFd connect_loopback(std::uint16_t port);

/// Writes all of `data`, throwing std::system_error on failure.
void send_all(int fd, std::string_view data);

/// Reads until the peer closes or `limit` passes; returns what arrived.
std::string read_until_close(int fd, std::chrono::milliseconds limit = std::chrono::seconds(5));

/// Reads until `delimiter` has arrived, the peer closes, or `limit` passes.
std::string read_until_contains(int fd, std::string_view delimiter,
                                std::chrono::milliseconds limit = std::chrono::seconds(5));

/// True when the peer has closed its side (a read returns 0) within `limit`.
bool peer_closed(int fd, std::chrono::milliseconds limit = std::chrono::seconds(5));

/// Number of open descriptors of this process (from /proc/self/fd), for leak checks.
int open_fd_count();

}  // namespace minifw::test
