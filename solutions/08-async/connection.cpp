#include <array>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <string>
#include <utility>

#include "loop.hpp"
#include "minifw/http/session.hpp"

// The session coroutine: the loop of serve_connection (stage 02) with
// co_await in front of each read and write. Every decision about bytes,
// requests and keep-alive is the Session's; this file only moves bytes.

namespace minifw::async::detail {
namespace {

using namespace asio::experimental::awaitable_operators;

// Read, handle, write, until the session is done; then the watchdog stops.
asio::awaitable<void> session_loop(tcp::socket& socket, http::Session& session, Watchdog& watchdog,
                                   Shared& shared, const bool& stopping) {
    std::string pending;  // responses to pipelined requests, written in one go
    // How a handler reads its body: made once for the connection, not per
    // request (each std::function here allocates).
    BodyAccess body;
    body.ready = [&](std::size_t max) { return session.read_body(max); };
    body.read = [&](std::size_t max) {
        return read_body_async(socket, session, watchdog, shared, max);
    };
    body.loop = co_await asio::this_coro::executor;
    for (;;) {
        switch (session.next()) {
            case http::Step::read:
                if (!pending.empty()) {
                    co_await write_all(socket, pending, watchdog, shared);
                    pending.clear();
                }
                if (session.idle()) {
                    boost::system::error_code ec;
                    if (stopping && socket.available(ec) == 0) {
                        co_return;  // shutting down: an idle connection just closes
                    }
                    watchdog.enter(Phase::idle);
                } else if (watchdog.phase() != Phase::head) {
                    watchdog.enter(Phase::head);  // once: the deadline is for the whole head
                }
                co_await read_into(socket, session, watchdog);
                break;
            case http::Step::handle: {
                watchdog.enter(Phase::handler);
                try {
                    session.respond(
                        co_await run_app(shared.app, session.request(), body, shared.pool));
                } catch (...) {
                    session.respond_error(std::current_exception());
                }
                break;
            }
            case http::Step::write: {
                http::Outgoing out = session.take_output();
                pending += out.head;
                const bool streams = out.file || out.chunks;
                if (!streams && !out.close && !out.upgrade) {
                    break;  // the next request may be here already: answer it too
                }
                co_await write_all(socket, pending, watchdog, shared);
                pending.clear();
                if (streams) {
                    co_await write_body(socket, out, watchdog, shared);
                }
                if (out.upgrade) {
                    co_await hand_over(socket, out.upgrade, session.take_unparsed(), shared.pool);
                    co_return;
                }
                if (out.close) {
                    co_await linger(socket, watchdog);
                    co_return;
                }
                break;
            }
            case http::Step::done:
                if (!pending.empty()) {
                    co_await write_all(socket, pending, watchdog, shared);
                }
                co_return;
        }
    }
}

bool peer_is_gone(const boost::system::error_code& ec) {
    return ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
           ec == asio::error::eof || ec == asio::error::operation_aborted ||
           ec == asio::error::bad_descriptor;
}

}  // namespace

asio::awaitable<void> serve_connection(tcp::socket socket, Shared& shared,
                                       std::shared_ptr<Control> control) {
    // Whatever happens below, the slot the listener took is given back and
    // shutdown stops looking at this connection.
    struct Untrack {
        Shared& shared;
        std::shared_ptr<Control> control;
        ~Untrack() {
            control->alive = false;
            shared.registry.remove(control);
            shared.slots.give_back();
        }
    } untrack{shared, control};

    boost::system::error_code ec;
    socket.set_option(tcp::no_delay(true), ec);
    socket.non_blocking(true);
    http::SessionOptions options = shared.options.session;
    const auto peer = socket.remote_endpoint(ec);
    options.remote_address = ec ? std::string() : peer.address().to_string();
    options.date = [] { return cached_http_date(); };
    http::Session session(std::move(options));
    Watchdog watchdog(socket, shared.options.deadlines);

    // What stop() may do to this connection, on this connection's executor.
    bool stopping = false;
    control->stop = [&] {
        stopping = true;
        session.close_after_response();
        // Idle, and no byte of a next request waiting to be read: closing
        // loses nothing. Bytes waiting are a request to answer first.
        boost::system::error_code error;
        if (watchdog.phase() == Phase::idle && socket.available(error) == 0) {
            socket.close(error);
        }
    };
    control->in_request = [&] {
        const Phase phase = watchdog.phase();
        return phase != Phase::idle && phase != Phase::linger;
    };
    shared.registry.add(control);
    if (shared.stopping) {
        control->stop();  // accepted just as the server began to stop
    }

    // The session and its watchdog side by side; however the session ends
    // (done, a deadline, a client that left), it stops the watchdog.
    auto serve = [&]() -> asio::awaitable<void> {
        try {
            co_await session_loop(socket, session, watchdog, shared, stopping);
        } catch (...) {
            watchdog.stop();
            throw;
        }
        watchdog.stop();
    };
    try {
        co_await (serve() && watchdog.watch());
    } catch (const boost::system::system_error& e) {
        // A deadline, a shutdown or a client that left: the normal ends of a
        // connection, not errors to log.
        if (!watchdog.expired() && !stopping && !peer_is_gone(e.code())) {
            throw;
        }
    }
}

}  // namespace minifw::async::detail
