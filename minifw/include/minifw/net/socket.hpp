#pragma once
/// @file
/// TCP sockets and I/O that survives partial reads and writes (stage 01,
/// exercises 01.2 to 01.4).
///
/// A failed system call is thrown as std::system_error carrying errno, with
/// a message naming the call and what it was applied to, such as
/// "bind 127.0.0.1:8080: Address already in use".

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "minifw/net/unique_fd.hpp"

namespace minifw::net {

/// Creates a listening TCP socket on `host:port`, where `host` is an IPv4
/// dotted quad such as "127.0.0.1" (this machine only) or "0.0.0.0" (every
/// interface); anything else throws std::invalid_argument. Port 0 asks the
/// kernel for a free port: read it back with local_port(). The socket has
/// SO_REUSEADDR (a restarted server can bind again at once) and close-on-exec.
UniqueFd listen_tcp(std::string_view host, std::uint16_t port, int backlog = 128);

/// The local port of a bound socket (the one the kernel chose for port 0).
std::uint16_t local_port(const UniqueFd& socket);

/// Waits for and accepts one connection (close-on-exec), retrying on EINTR
/// and on ECONNABORTED (a client that gave up while queued).
UniqueFd accept_client(const UniqueFd& listener);

/// Connects to `host:port` (an IPv4 dotted quad) and returns the connected
/// socket (close-on-exec).
UniqueFd connect_tcp(std::string_view host, std::uint16_t port);

/// Writes every byte of `data` to `fd`, looping over partial writes and
/// retrying on EINTR.
///
/// On a socket, a peer that has gone away is std::system_error with EPIPE or
/// ECONNRESET, never a SIGPIPE that kills the process. `fd` may also be a
/// pipe or a file (written with write()); there SIGPIPE cannot be turned off
/// per call, so a process that writes to pipes whose reader may exit should
/// ignore SIGPIPE.
void write_all(int fd, std::string_view data);

/// How read_until ended.
enum class ReadStatus {
    found,   ///< the delimiter is in the buffer
    closed,  ///< the peer closed first; the buffer keeps the partial data
};

/// What read_until returns.
struct ReadResult {
    ReadStatus status;    ///< found, or closed before the delimiter
    std::size_t end = 0;  ///< one past the first delimiter when status == found
};

/// Reads from `fd`, appending to `buffer`, until `delimiter` appears in it.
///
/// `buffer` may already hold bytes from an earlier call (a pipelined
/// request): those are searched first, and no read happens if they hold the
/// delimiter. On `found`, `end` is the index just past the first delimiter:
/// the message is `buffer.substr(0, end)`; erase it and keep the rest for the
/// next call. Each read's bytes are searched once, together with the few
/// bytes before them where a delimiter split across two reads may begin, so
/// a message that trickles in byte by byte costs linear, not quadratic, time.
///
/// A message (delimiter included) may be at most `max_bytes` long, and this
/// call never grows `buffer` past `max_bytes`: when that many bytes are
/// buffered without a delimiter, it throws std::length_error (a client that
/// never ends its request must not make us buffer forever). Reads
/// interrupted by a signal (EINTR) are retried; other read errors are
/// std::system_error. `delimiter` must not be empty.
ReadResult read_until(int fd, std::string& buffer, std::string_view delimiter,
                      std::size_t max_bytes);

}  // namespace minifw::net
