#pragma once
/// @file
/// The kinds of response body beyond bytes in memory: a range of an open file,
/// a source of chunks, and a hand-over of the connection (given, not an
/// exercise).

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "minifw/net/unique_fd.hpp"

namespace minifw::http {

/// Bytes `offset` to `offset + length` of an open file. The server sends them
/// with sendfile(2), from the page cache to the socket, so serving a file never
/// costs memory in proportion to its size. Shared, because a Response is
/// copyable and the descriptor must stay open until the last byte is sent.
struct FileRange {
    std::shared_ptr<const net::UniqueFd> file;  ///< the open file (read-only is enough)
    std::uint64_t offset = 0;                   ///< the first byte to send
    std::uint64_t length = 0;                   ///< how many bytes to send
};

/// Produces a body while it is sent: each call returns the next piece, and an
/// empty string when the body is complete. The server calls it on the thread
/// that serves the connection, after the head has been written, so it may wait
/// for data (a server-sent event, the next page of an export). On HTTP/1.1 the
/// pieces go out with chunked transfer-coding (RFC 9112 section 7.1); to an
/// HTTP/1.0 client, as they are, and the end of the body is the end of the
/// connection.
using ChunkSource = std::function<std::string()>;

/// What a handler that answers 101 Switching Protocols is handed once the head
/// of its response has been written: the connection, no longer HTTP.
struct Upgraded {
    int fd = -1;  ///< the connected socket; the server closes it when the handler returns
    std::string already_read;  ///< bytes the client sent after the request's head, not yet consumed
};

/// Takes over a connection after a 101 response (a WebSocket, stage 11). It
/// runs on the connection's thread and owns the byte stream until it returns.
using UpgradeHandler = std::function<void(Upgraded connection)>;

/// One chunk of a chunked body on the wire: its size in hex, CRLF, the bytes,
/// CRLF (RFC 9112 section 7.1). An empty `data` makes the last chunk, "0" and
/// the blank line that ends the body (no trailers are sent).
std::string chunk_frame(std::string_view data);

}  // namespace minifw::http
