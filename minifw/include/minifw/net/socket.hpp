#pragma once
/// @file
/// TCP sockets and I/O that survives partial reads and writes (stage 01,
/// exercises 01.2 to 01.4).
///
/// Every function reports a failed system call by throwing std::system_error
/// carrying errno and naming the call, such as "bind 127.0.0.1:8080".

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "minifw/net/unique_fd.hpp"

namespace minifw::net {

/// Creates a listening TCP socket on `host:port` (IPv4 dotted quad, such as
/// "127.0.0.1" or "0.0.0.0"). Port 0 asks the kernel for a free port; read
/// it back with local_port(). The socket has SO_REUSEADDR and close-on-exec.
UniqueFd listen_tcp(std::string_view host, std::uint16_t port, int backlog = 128);

/// The port a bound socket listens on (useful after listening on port 0).
std::uint16_t local_port(const UniqueFd& socket);

/// Waits for and accepts one connection (close-on-exec), retrying on EINTR
/// and on ECONNABORTED (a client that gave up while queued).
UniqueFd accept_client(const UniqueFd& listener);

/// Connects to `host:port` (IPv4) and returns the connected socket.
UniqueFd connect_tcp(std::string_view host, std::uint16_t port);

/// Writes every byte of `data` to `fd`, looping over partial writes and
/// retrying on EINTR. A peer that has gone away is std::system_error with
/// EPIPE or ECONNRESET, never a SIGPIPE that kills the process.
void write_all(int fd, std::string_view data);

/// Why read_until stopped without a delimiter.
enum class ReadStatus {
    found,   ///< the delimiter arrived
    closed,  ///< the peer closed first; `buffer` keeps the partial data
};

/// Reads from `fd` into `buffer` until `delimiter` appears in it.
///
/// `buffer` may already hold bytes from a previous call (a pipelined
/// request); those are searched first. On `found`, returns the index just
/// past the delimiter: the caller takes `buffer.substr(0, index)` and leaves
/// the rest for the next message. Throws std::length_error when `buffer`
/// grows past `max_bytes` without a delimiter (a client that never ends its
/// request line must not make us buffer forever).
struct ReadResult {
    ReadStatus status;
    std::size_t end = 0;  ///< one past the delimiter when status == found
};
ReadResult read_until(int fd, std::string& buffer, std::string_view delimiter,
                      std::size_t max_bytes);

}  // namespace minifw::net
