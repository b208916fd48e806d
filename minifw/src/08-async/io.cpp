// Moving bytes for the session coroutine (given): reads, writes, bodies,
// and the close after the last response. Exercise 08.4 decides when.

#include <array>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <string>

#include "loop.hpp"
#include "minifw/http/session.hpp"

namespace minifw::async::detail {

// Waits until the socket is readable, then reads what is there into this
// thread's buffer and hands it to the session at once. An idle connection
// holds no buffer of its own: 10,000 of them cost 10,000 small objects, not
// 10,000 buffers.
asio::awaitable<void> read_into(tcp::socket& socket, http::Session& session, Watchdog& watchdog) {
    thread_local std::array<char, 64 * 1024> buffer;
    for (;;) {
        boost::system::error_code ec;
        const std::size_t n = socket.read_some(asio::buffer(buffer), ec);
        if (!ec) {
            watchdog.progress();
            session.receive(std::string_view(buffer.data(), n));
            co_return;
        }
        if (ec == asio::error::eof || ec == asio::error::connection_reset) {
            session.receive({});  // the peer closed
            co_return;
        }
        if (ec != asio::error::would_block && ec != asio::error::try_again) {
            throw boost::system::system_error(ec, "read from a client");
        }
        co_await socket.async_wait(tcp::socket::wait_read, asio::use_awaitable);
    }
}

// Writes all of `bytes`; the write deadline bounds each pause, not the whole.
asio::awaitable<void> write_all(tcp::socket& socket, std::string_view bytes, Watchdog& watchdog,
                                Shared& shared) {
    watchdog.enter(Phase::write);
    while (!bytes.empty()) {
        const std::size_t n =
            co_await socket.async_write_some(asio::buffer(bytes), asio::use_awaitable);
        bytes.remove_prefix(n);
        shared.writes.fetch_add(1, std::memory_order_relaxed);
        watchdog.progress();
    }
}

// Reads the rest of the body on the loop, writing "100 Continue" first when
// the session says so.
asio::awaitable<void> read_body_async(tcp::socket& socket, http::Session& session,
                                      Watchdog& watchdog, Shared& shared, std::size_t max_body) {
    watchdog.enter(Phase::body);
    while (!session.read_body(max_body)) {
        if (std::string interim = session.take_interim(); !interim.empty()) {
            co_await write_all(socket, interim, watchdog, shared);
            watchdog.enter(Phase::body);
        }
        co_await read_into(socket, session, watchdog);
    }
    watchdog.enter(Phase::handler);
}

// The body of one response after its head: a file range or chunks.
asio::awaitable<void> write_body(tcp::socket& socket, http::Outgoing& out, Watchdog& watchdog,
                                 Shared& shared) {
    if (out.file) {
        watchdog.enter(Phase::write);
        co_await send_file(socket, *out.file, [&] { watchdog.progress(); });
        co_return;
    }
    const bool on_pool = !shared.app.async_handler() && shared.app.run_on() == RunOn::pool;
    for (;;) {
        // The producer belongs to the application: where its handler may
        // block, so may it.
        std::string piece;
        if (on_pool) {
            piece = co_await asio::co_spawn(
                shared.pool, [&]() -> asio::awaitable<std::string> { co_return out.chunks(); },
                asio::use_awaitable);
        } else {
            piece = out.chunks();
        }
        const bool last = piece.empty();
        if (out.chunked) {
            piece = http::chunk_frame(piece);
        }
        co_await write_all(socket, piece, watchdog, shared);
        if (last) {
            co_return;
        }
    }
}

// The connection after its last response: stop sending, read and discard
// what the client still sends, until it closes or the linger deadline.
asio::awaitable<void> linger(tcp::socket& socket, Watchdog& watchdog) {
    boost::system::error_code ec;
    socket.shutdown(tcp::socket::shutdown_send, ec);
    watchdog.enter(Phase::linger);
    while (!ec) {
        std::array<char, 4096> sink;
        co_await socket.async_wait(tcp::socket::wait_read, asio::use_awaitable);
        const std::size_t n = socket.read_some(asio::buffer(sink), ec);
        if (n == 0 && !ec) {
            break;
        }
        if (ec == asio::error::would_block) {
            ec = {};
        }
    }
}

}  // namespace minifw::async::detail
