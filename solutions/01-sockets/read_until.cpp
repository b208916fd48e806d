#include "minifw/net/socket.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>
#include <string>
#include <system_error>

namespace minifw::net {
namespace {

// Bytes asked for per read(): large enough that a typical request head
// arrives in one call, small enough for the stack.
constexpr std::size_t kChunk = 4096;

// The delimiter as it would be written in C++, for error messages.
std::string escaped(std::string_view bytes) {
    std::string out;
    for (char c : bytes) {
        switch (c) {
            case '\r':
                out += "\\r";
                break;
            case '\n':
                out += "\\n";
                break;
            default:
                out += c;
        }
    }
    return out;
}

// One read(), retried when a signal interrupts it; 0 means the peer closed.
std::size_t read_some(int fd, char* into, std::size_t size) {
    for (;;) {
        const ssize_t got = ::read(fd, into, size);
        if (got >= 0) {
            return static_cast<std::size_t>(got);
        }
        if (errno != EINTR) {
            throw std::system_error(errno, std::system_category(),
                                    "read from fd " + std::to_string(fd));
        }
    }
}

}  // namespace

ReadResult read_until(int fd, std::string& buffer, std::string_view delimiter,
                      std::size_t max_bytes) {
    if (delimiter.empty()) {
        throw std::invalid_argument(
            "read_until: the delimiter is empty; pass the bytes that end a message, "
            "such as \"\\r\\n\\r\\n\"");
    }
    std::size_t search_from = 0;  // bytes before this cannot begin the delimiter
    char chunk[kChunk];
    for (;;) {
        const std::size_t at = buffer.find(delimiter, search_from);
        if (at != std::string::npos && at + delimiter.size() <= max_bytes) {
            return {ReadStatus::found, at + delimiter.size()};
        }
        if (at != std::string::npos || buffer.size() >= max_bytes) {
            throw std::length_error("read_until: no \"" + escaped(delimiter) +
                                    "\" within the first " + std::to_string(max_bytes) +
                                    " bytes from fd " + std::to_string(fd) +
                                    "; the peer's message is too long (raise max_bytes if such "
                                    "messages are legitimate)");
        }
        // All of the buffer has been searched. Of it, only the last
        // delimiter.size() - 1 bytes can begin a delimiter that the next read
        // completes, so the next search starts there, not at 0.
        search_from = buffer.size() - std::min(buffer.size(), delimiter.size() - 1);

        const std::size_t got = read_some(fd, chunk, std::min(kChunk, max_bytes - buffer.size()));
        if (got == 0) {
            return {ReadStatus::closed};
        }
        buffer.append(chunk, got);
    }
}

}  // namespace minifw::net
