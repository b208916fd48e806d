#include <pthread.h>
#include <signal.h>
#include <sys/sendfile.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <exception>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "minifw/http/connection.hpp"
#include "minifw/http/session.hpp"
#include "minifw/log.hpp"
#include "minifw/net/socket.hpp"

// The blocking loop around a Session: every decision is the session's; this
// file only moves bytes. The async server of stage 08 is the same loop with
// co_await in front of each read and write.

namespace minifw::http {
namespace {

// One read into `buffer`; 0 when the peer has closed (or reset) the connection.
std::size_t read_some(int fd, std::vector<char>& buffer) {
    for (;;) {
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n >= 0) {
            return static_cast<std::size_t>(n);
        }
        if (errno == ECONNRESET) {
            return 0;
        }
        if (errno != EINTR) {
            throw std::system_error(errno, std::system_category(),
                                    "read from fd " + std::to_string(fd));
        }
    }
}

bool peer_is_gone(const std::system_error& e) {
    return e.code() == std::errc::broken_pipe || e.code() == std::errc::connection_reset;
}

// Writes all of `bytes`; false when the peer has gone and will never read them.
bool deliver(int fd, std::string_view bytes) {
    try {
        net::write_all(fd, bytes);
        return true;
    } catch (const std::system_error& e) {
        if (peer_is_gone(e)) {
            return false;
        }
        throw;
    }
}

// sendfile(2) has no MSG_NOSIGNAL: a peer that has gone would raise SIGPIPE,
// whose default action ends the process. Block it on this thread while
// sending, and take back the one a failed send raised.
class SigpipeBlocked {
public:
    SigpipeBlocked() {
        sigemptyset(&pipe_);
        sigaddset(&pipe_, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
    }
    ~SigpipeBlocked() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
    SigpipeBlocked(const SigpipeBlocked&) = delete;
    SigpipeBlocked& operator=(const SigpipeBlocked&) = delete;
    void discard_pending() {
        timespec now{};
        while (sigtimedwait(&pipe_, nullptr, &now) == SIGPIPE) {
        }
    }

private:
    sigset_t pipe_{};
    sigset_t old_{};
};

// Sends the file range from the page cache to the socket: the bytes never
// pass through this process's memory. False when the peer has gone.
bool send_file(int fd, const FileRange& range) {
    SigpipeBlocked blocked;
    auto offset = static_cast<off_t>(range.offset);
    std::uint64_t left = range.length;
    while (left > 0) {
        const std::size_t piece = std::min<std::uint64_t>(left, 1u << 30);
        const ssize_t n = ::sendfile(fd, range.file->get(), &offset, piece);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == EPIPE || errno == ECONNRESET) {
                blocked.discard_pending();
                return false;
            }
            throw std::system_error(errno, std::system_category(), "sendfile a file body");
        }
        if (n == 0) {
            // The file shrank after its length went out in Content-Length:
            // the response cannot be completed; the caller ends the connection.
            throw std::runtime_error("a file got shorter while it was being sent");
        }
        left -= static_cast<std::uint64_t>(n);
    }
    return true;
}

// Writes one response: the head (with an in-memory body), then a file or
// chunked body. False when the peer has gone.
bool send_response(int fd, Outgoing& out) {
    if (!deliver(fd, out.head)) {
        return false;
    }
    if (out.file) {
        return send_file(fd, *out.file);
    }
    if (out.chunks) {
        for (;;) {
            std::string piece = out.chunks();
            const bool last = piece.empty();
            if (out.chunked) {
                piece = chunk_frame(piece);
            }
            if (!piece.empty() && !deliver(fd, piece)) {
                return false;
            }
            if (last) {
                return true;
            }
        }
    }
    return true;
}

}  // namespace

std::size_t serve_connection(int fd, const Handler& handler, const ConnectionOptions& options) {
    SessionOptions settings;
    settings.limits = options.limits;
    settings.max_requests = options.max_requests;
    settings.remote_address = options.remote_address;
    Session session(std::move(settings));
    std::vector<char> buffer(std::max<std::size_t>(options.read_buffer_size, 1));
    auto read_more = [&] {
        const std::size_t n = read_some(fd, buffer);
        session.receive(std::string_view(buffer.data(), n));
    };
    std::size_t written = 0;
    for (;;) {
        switch (session.next()) {
            case Step::read:
                read_more();
                break;
            case Step::handle: {
                Context context(session.request(), [&](std::size_t max_body) {
                    while (!session.read_body(max_body)) {
                        // If the peer is gone, the next read says so.
                        (void)deliver(fd, session.take_interim());
                        read_more();
                    }
                });
                try {
                    session.respond(handler(context));
                } catch (...) {
                    session.respond_error(std::current_exception());
                }
                break;
            }
            case Step::write: {
                Outgoing out = session.take_output();
                try {
                    if (!send_response(fd, out)) {
                        return written;
                    }
                } catch (const std::exception& e) {
                    // The head is out: the status cannot change any more. Ending
                    // the connection without the rest (for chunks, without the
                    // last chunk) tells the client the body is incomplete.
                    log_line(std::string("minifw: a response body failed while it was sent: ") +
                             e.what());
                    return written + 1;
                }
                ++written;
                if (out.upgrade) {
                    try {
                        out.upgrade(Upgraded{fd, session.take_unparsed()});
                    } catch (const std::exception& e) {
                        log_line(std::string("minifw: an upgraded connection failed: ") + e.what());
                    }
                    return written;
                }
                if (out.close) {
                    half_close_and_drain(fd, options.linger);
                    return written;
                }
                break;
            }
            case Step::done:
                return written;
        }
    }
}

}  // namespace minifw::http
