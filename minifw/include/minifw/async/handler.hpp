#pragma once
/// @file
/// What the async server runs (given, not an exercise): handlers that wait
/// with co_await on the event loop, and plain handlers of stages 02-07,
/// which run unchanged on a pool of threads where blocking is allowed.
///
/// Only Asio's awaitable type is included here, not the rest of Asio: a
/// translation unit that writes handlers does not compile the event loop.

#include <boost/asio/awaitable.hpp>

// GCC (12, at least) warns that an Asio coroutine frame is freed by a
// mismatched operator delete: a false positive of its coroutine lowering
// (the frame's class-specific new and delete do match). Every coroutine of
// this stage would trip it under -Werror.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
#include <concepts>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

#include "minifw/http/context.hpp"
#include "minifw/http/handler.hpp"
#include "minifw/http/response.hpp"

namespace minifw::async {

/// A coroutine that produces a T: `co_await` it from another one.
template <class T = void>
using Task = boost::asio::awaitable<T>;

/// A handler that may wait. It runs on the connection's event loop, and while
/// it waits (a timer, offload(), another service) the loop serves the other
/// connections. It must never block: no sleeping, no blocking reads, no
/// SQLite; what blocks goes through offload().
using AsyncHandler = std::function<Task<http::Response>(http::Context&)>;

/// Something an AsyncHandler can be made of.
template <class F>
concept AsyncCallable = std::is_invocable_r_v < Task<http::Response>,
const F&, http::Context& > ;

/// Where a plain (not async) handler runs.
enum class RunOn {
    /// On the pool of threads for blocking work, as FastAPI runs a `def`
    /// endpoint: it may block (SQLite, CGI, a slow body) without stalling
    /// the loop. Costs two thread hand-overs per request.
    pool,
    /// On the event loop itself, for handlers known never to block. The
    /// server reads the whole body first (up to the parser's limit), since the
    /// loop must never wait inside read_body().
    loop,
};

/// The application the server runs: an async handler, or a plain one and
/// where it runs.
class App {
public:
    /// Runs `handler` on the event loop.
    template <AsyncCallable F>
    App(F handler)  // NOLINT: implicit on purpose
        : async_(std::move(handler)) {}
    /// Runs the plain `handler` where `where` says.
    App(http::Handler handler, RunOn where = RunOn::pool)  // NOLINT: implicit on purpose
        : plain_(std::move(handler)), where_(where) {}
    /// Runs the plain callable `handler` (of a Context& or a const Request&).
    template <class F>
    requires(!AsyncCallable<F> && std::is_constructible_v<http::Handler, F>)
        App(F handler, RunOn where = RunOn::pool)  // NOLINT: implicit on purpose
        : plain_(std::move(handler)), where_(where) {}

    /// The async handler, or empty for a plain one.
    const AsyncHandler& async_handler() const noexcept { return async_; }
    /// The plain handler, or empty for an async one.
    const http::Handler& plain_handler() const noexcept { return plain_; }
    /// Where the plain handler runs.
    RunOn run_on() const noexcept { return where_; }

private:
    AsyncHandler async_;
    http::Handler plain_;
    RunOn where_ = RunOn::pool;
};

/// Reads the request's body without blocking the loop, as read_body() does
/// on a blocking server: afterwards context.read_body() returns at once.
/// Throws HttpError 413 past context.body_limit(), 400 for a body cut short.
/// A context made without the async server (a test) has its body already.
Task<void> read_body(http::Context& context);

/// Runs `work` on the server's pool of threads for blocking work and resumes
/// on this connection's loop when it is done; what `work` throws is thrown
/// here. Outside the async server (a test calling a handler directly) it
/// runs `work` at once.
Task<void> offload(http::Context& context, std::function<void()> work);

/// offload() for work that returns a value.
template <class F, class R = std::invoke_result_t<F&>>
requires(!std::is_void_v<R>) Task<R> offload(http::Context& context, F work) {
    std::optional<R> result;
    co_await offload(context, [&] { result.emplace(work()); });
    co_return std::move(*result);
}

}  // namespace minifw::async
