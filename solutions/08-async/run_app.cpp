#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <future>
#include <stdexcept>

#include "loop.hpp"

// Where the application runs: the lesson of WSGI to ASGI. An async handler
// runs on the loop and waits with co_await; a plain handler may block, so by
// default it runs on the pool, and its body reads, which must happen on the
// loop, are handed back to it.

namespace minifw::async::detail {
namespace {

// For code on the loop: the body may be read only when it is all here
// (read_body() of minifw/async/handler.hpp reads it first without blocking).
http::Context::BodyReader reader_on_loop(const BodyAccess& body) {
    return [&body](std::size_t max_body) {
        if (!body.ready(max_body)) {
            throw std::logic_error(
                "context.read_body() would block the event loop: co_await "
                "minifw::async::read_body(context) first, or run this handler on the pool "
                "(RunOn::pool)");
        }
    };
}

// For a plain handler on the pool: the read runs on the connection's loop
// while this pool thread waits for it. The loop itself never waits.
http::Context::BodyReader reader_on_pool(const BodyAccess& body) {
    return [&body](std::size_t max_body) {
        if (body.ready(max_body)) {
            return;
        }
        std::promise<void> done;
        asio::co_spawn(body.loop, body.read(max_body), [&done](std::exception_ptr error) {
            if (error) {
                done.set_exception(error);
            } else {
                done.set_value();
            }
        });
        done.get_future().get();
    };
}

}  // namespace

asio::awaitable<http::Response> run_app(const App& app, const http::Request& request,
                                        const BodyAccess& body, asio::thread_pool& pool) {
    const bool pooled = !app.async_handler() && app.run_on() == RunOn::pool;
    http::Context context(request, pooled ? reader_on_pool(body) : reader_on_loop(body));
    // Lent, not copied to the heap: this frame outlives the context.
    AsyncBody async_body{&body};
    Offloader offloader{&pool};
    context.items().borrow(async_body);
    context.items().borrow(offloader);

    if (app.async_handler()) {
        co_return co_await app.async_handler()(context);
    }
    if (!pooled) {
        // Known not to block: read the whole body first, then call it here.
        co_await read_body(context);
        co_return app.plain_handler()(context);
    }
    // On the pool, then back here, on this connection's loop.
    http::Response response;
    auto handle = [&] { response = app.plain_handler()(context); };
    co_await on_pool(pool, handle);
    co_return response;
}

}  // namespace minifw::async::detail
