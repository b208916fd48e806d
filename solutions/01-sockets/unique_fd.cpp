#include "minifw/net/unique_fd.hpp"

#include <unistd.h>

#include <stdexcept>
#include <string>
#include <utility>

namespace minifw::net {
namespace {

int checked(int fd) {
    if (fd < -1) {
        throw std::invalid_argument("UniqueFd: " + std::to_string(fd) +
                                    " is not a file descriptor; pass what a successful call "
                                    "returned, or -1 for none");
    }
    return fd;
}

void close_if_open(int fd) noexcept {
    // No retry on EINTR: Linux has already released the number, and a second
    // close() could close a descriptor another thread just opened.
    if (fd >= 0) {
        ::close(fd);
    }
}

}  // namespace

UniqueFd::UniqueFd(int fd) : fd_(checked(fd)) {}

UniqueFd::UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
    // Release before closing: on self-move, release() has already emptied
    // *this, so nothing is closed and the descriptor comes straight back.
    int incoming = other.release();
    close_if_open(std::exchange(fd_, incoming));
    return *this;
}

UniqueFd::~UniqueFd() { close_if_open(fd_); }

int UniqueFd::get() const noexcept { return fd_; }

UniqueFd::operator bool() const noexcept { return fd_ >= 0; }

int UniqueFd::release() noexcept { return std::exchange(fd_, -1); }

void UniqueFd::reset(int fd) {
    if (checked(fd) != fd_) {
        close_if_open(std::exchange(fd_, fd));
    }
}

}  // namespace minifw::net
