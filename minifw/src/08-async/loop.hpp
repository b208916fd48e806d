#pragma once
// The stage's private view of a running server (given): what every
// connection coroutine of one event loop shares, and the few helpers the
// exercises call. Only the stage's own sources include Asio through here.

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "minifw/async/date.hpp"
#include "minifw/async/handler.hpp"
#include "minifw/async/options.hpp"
#include "minifw/http/body.hpp"
#include "minifw/http/session.hpp"

namespace minifw::async::detail {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// ---- The connection limit, shared by every loop of a server. ----

/// Counts open connections against ServerOptions::max_connections; a
/// listener that finds no free slot waits on its own gate until a
/// connection anywhere closes (exercise 08.5 waits at the gate).
class Slots {
public:
    explicit Slots(std::size_t max) : max_(max) {}
    /// Takes a slot if one is free.
    bool try_take() noexcept;
    /// Gives a slot back and wakes every waiting listener.
    void give_back();
    /// Connections open now.
    std::size_t taken() const noexcept { return taken_.load(); }
    /// A listener's gate: expires never, cancelled when a slot frees.
    void add_gate(asio::steady_timer& gate);

private:
    std::size_t max_;
    std::atomic<std::size_t> taken_{0};
    std::mutex mutex_;
    std::list<asio::steady_timer*> gates_;
};

// ---- One open connection, as shutdown sees it. ----

/// What stop() may do to one connection, always on the connection's own
/// executor, and only while the connection is alive (it may end between
/// the moment stop() looks and the moment the call runs).
struct Control {
    asio::any_io_executor executor;  ///< the connection's executor (a strand, or its loop)
    std::function<void()> stop;      ///< close if idle, else after this response
    /// Bound to the connection's coroutine: a terminal cancellation ends
    /// whatever it waits for, an async handler's timers included.
    asio::cancellation_signal cancel;
    /// True while a request is in flight (a head begun, a body, the
    /// handler, a response going out): what cutting it would lose.
    std::function<bool()> in_request;
    bool alive = true;  ///< read and written on `executor` only
};

/// The open connections of a server (a mutex: with a shared io_context they
/// start and end on different threads).
class Registry {
public:
    /// Adds a connection.
    void add(const std::shared_ptr<Control>& control);
    /// Removes a connection; when it was the last and `on_empty` is set,
    /// calls it.
    void remove(const std::shared_ptr<Control>& control);
    /// Posts `what` to each open connection's executor, to run if it is
    /// still alive then.
    void for_each(std::function<void(Control&)> what);
    /// Calls `on_empty` (from the thread of the last removal) once no
    /// connection is open, at once if none is.
    void when_empty(std::function<void()> on_empty);

private:
    std::mutex mutex_;
    std::vector<std::shared_ptr<Control>> open_;
    std::function<void()> on_empty_;
};

// ---- A connection's deadlines. ----

/// What a connection is waiting for, each phase with its own deadline.
enum class Phase {
    idle,     ///< the first byte of the next request (Deadlines::idle)
    head,     ///< the rest of a head (Deadlines::head, for the whole head)
    body,     ///< more of a body (Deadlines::body, between two reads)
    handler,  ///< the application (no deadline of the client's)
    write,    ///< the client to take more of a response (Deadlines::write, between writes)
    linger,   ///< the client's last bytes after the last response (Deadlines::linger)
};

/// One timer per connection that closes its socket when the deadline of the
/// current phase passes (exercise 08.2). A timer operation is costly on the
/// hot path (a cancel wakes the watch, and re-arming the earliest timer is a
/// system call), so the timer is touched only when a deadline comes before
/// the time it is set to wake: a deadline moved later, or earlier but still
/// after that time, costs nothing; the timer wakes then, sees the new
/// deadline, and sleeps again. On a keep-alive connection that answers in
/// time, that is one wake per head deadline, not two timer operations per
/// request.
class Watchdog {
public:
    /// Watches `socket` (which must outlive watch()) with `deadlines`.
    Watchdog(tcp::socket& socket, const Deadlines& deadlines);
    /// Enters `phase`: its deadline starts now (none for Phase::handler).
    void enter(Phase phase);
    /// Some bytes moved: in the body and write phases, the deadline starts
    /// again; in the others it stays (a head must be complete in time).
    void progress();
    /// The phase now.
    Phase phase() const noexcept { return phase_; }
    /// When the socket will be closed unless the phase or progress moves it.
    Clock::time_point deadline() const noexcept { return deadline_; }
    /// True once the watchdog has closed the socket.
    bool expired() const noexcept { return expired_; }
    /// The connection is over: watch() returns (soon, on its executor).
    void stop();
    /// Waits for deadlines until stop(), closing the socket when one passes.
    /// Run beside the connection: `co_await (serve() && watch())`, where
    /// serve() calls stop() however it ends.
    asio::awaitable<void> watch();

private:
    void set_deadline(Clock::time_point when);

    tcp::socket& socket_;
    Deadlines deadlines_;  // a copy: five durations
    asio::steady_timer timer_;
    Clock::time_point deadline_ = Clock::time_point::max();
    Clock::time_point armed_ = Clock::time_point::max();  // when the timer wakes
    Phase phase_ = Phase::idle;
    bool expired_ = false;
    bool stopped_ = false;
};

// ---- What a connection coroutine is given. ----

/// Shared, read-only during serving, by every connection of the server.
struct Shared {
    const App& app;
    const ServerOptions& options;
    asio::thread_pool& pool;  ///< blocking work: plain handlers, offload()
    Slots& slots;
    Registry& registry;
    std::atomic<bool>& stopping;       ///< stop() was called
    std::atomic<std::size_t>& writes;  ///< socket writes that made progress
};

/// Serves one connection until it ends: the session loop (exercise 08.4).
/// `control` is how stop() reaches it; the coroutine fills in its `stop`.
asio::awaitable<void> serve_connection(tcp::socket socket, Shared& shared,
                                       std::shared_ptr<Control> control);

/// Accepts connections into `serve_connection` until the acceptor is closed,
/// waiting at `gate` while no slot is free (exercise 08.5).
asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, asio::steady_timer& gate,
                                  Shared& shared);

/// How the application may read the body of the request it handles.
struct BodyAccess {
    /// Parses what has arrived (Session::read_body): true when the body is
    /// complete without waiting; throws 413 or 400 as the session does.
    std::function<bool(std::size_t max_body)> ready;
    /// Reads the rest of the body on the connection's loop.
    std::function<asio::awaitable<void>(std::size_t max_body)> read;
    /// The connection's executor, where `read` must run.
    asio::any_io_executor loop;
};

/// Runs `work()` on `pool`, then resumes the awaiting coroutine on its own
/// executor; what `work` throws is thrown there. `work` is the caller's and
/// outlives the wait. (Given.) Not a co_spawn onto the pool: a spawned
/// coroutine's frames are allocated on the loop's thread and freed on the
/// pool's, where Asio's per-thread cache keeps them, so the loop took two
/// new frames from malloc on every hand-over. Here the loop's coroutine stays
/// where it is, and only two small operations cross (there and back), each
/// freed on the thread that allocates the next one of them.
template <class Work>
asio::awaitable<void> on_pool(asio::thread_pool& pool, Work& work) {
    return asio::async_initiate<decltype(asio::use_awaitable), void(std::exception_ptr)>(
        [&pool, &work](auto resume) {
            // The loop must not run out of work while this waits on the pool.
            auto busy = asio::make_work_guard(asio::get_associated_executor(resume));
            // Both ways through an any_io_executor, so that both operations
            // come from the same one of Asio's per-thread caches.
            const asio::any_io_executor there = pool.get_executor();
            asio::post(there, [&work, resume = std::move(resume),
                               busy = std::move(busy)]() mutable {
                std::exception_ptr error;
                try {
                    work();
                } catch (...) {
                    error = std::current_exception();
                }
                // The guard goes back too: the loop is busy until it resumes,
                // and both operations are then of one size, so each thread's
                // cache can give the one it receives to the next it sends.
                const auto back = busy.get_executor();
                asio::post(back, [resume = std::move(resume), error,
                                  busy = std::move(busy)]() mutable { std::move(resume)(error); });
            });
        },
        asio::use_awaitable);
}

/// Answers `request` with the application, where the app says: an async
/// handler on this loop, a plain one on the pool or on the loop (exercise
/// 08.3). Its context carries what read_body() and offload() need.
asio::awaitable<http::Response> run_app(const App& app, const http::Request& request,
                                        const BodyAccess& body, asio::thread_pool& pool);

/// Gives the connection to the handler of a 101 response, on the pool (it
/// reads and writes as it likes: the socket is blocking again); the
/// connection ends when it returns. Given.
asio::awaitable<void> hand_over(tcp::socket& socket, const http::UpgradeHandler& upgrade,
                                std::string already_read, asio::thread_pool& pool);

// ---- Moving bytes (given, io.cpp): what the session coroutine calls. ----

/// Waits until the socket is readable, then reads what is there into this
/// thread's buffer and hands it to the session at once (an empty read: the
/// peer closed). An idle connection holds no read buffer of its own.
asio::awaitable<void> read_into(tcp::socket& socket, http::Session& session, Watchdog& watchdog);

/// Writes all of `bytes` in Phase::write; counts each write in `shared`.
asio::awaitable<void> write_all(tcp::socket& socket, std::string_view bytes, Watchdog& watchdog,
                                Shared& shared);

/// Reads the rest of the body (Phase::body), writing "100 Continue" first
/// when the session says so; back in Phase::handler at the end.
asio::awaitable<void> read_body_async(tcp::socket& socket, http::Session& session,
                                      Watchdog& watchdog, Shared& shared, std::size_t max_body);

/// The body after a head: a file range, or chunks (produced on the pool
/// when the app's handler runs there, since the producer may block too).
asio::awaitable<void> write_body(tcp::socket& socket, http::Outgoing& out, Watchdog& watchdog,
                                 Shared& shared);

/// After the last response: stops sending, then reads and discards what the
/// client still sends until it closes or Deadlines::linger passes.
asio::awaitable<void> linger(tcp::socket& socket, Watchdog& watchdog);

/// Sends a file range over a non-blocking socket with sendfile(2), waiting
/// for the socket to be writable when it is full; `progress` is called after
/// each piece (the write deadline is re-armed there). Given.
asio::awaitable<void> send_file(tcp::socket& socket, const http::FileRange& range,
                                const std::function<void()>& progress);

/// Items the server puts in every context, read by read_body() and offload().
struct AsyncBody {
    const BodyAccess* access;  ///< the connection's, alive while the request is
};
struct Offloader {
    asio::thread_pool* pool;
};

}  // namespace minifw::async::detail
