// Exercise 08.3: where a handler runs. An async handler on the loop, a plain
// one on the pool (or on the loop when it says it never blocks), and the
// body read on the loop in every case.

#include <gtest/gtest.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <stdexcept>
#include <string>
#include <thread>

#include "alloc_count.hpp"
#include "async_test.hpp"

namespace minifw {
namespace {

namespace asio = boost::asio;
using async::detail::BodyAccess;
using std::this_thread::get_id;

// A request whose body "arrives" when body.read() runs, on the loop.
struct FakeBody {
    http::Request request;
    bool complete = false;
    std::thread::id read_on;
    BodyAccess access;

    explicit FakeBody(asio::io_context& loop, std::string body) {
        request.method = "POST";
        request.target = "/";
        access.ready = [this](std::size_t) { return complete; };
        access.read = [this, body](std::size_t) -> asio::awaitable<void> {
            read_on = get_id();
            request.body = body;
            complete = true;
            co_return;
        };
        access.loop = loop.get_executor();
    }
};

struct Loop {
    asio::io_context context{1};
    asio::thread_pool pool{2};
    std::thread::id id;
    ~Loop() { pool.join(); }

    http::Response run(const async::App& app, FakeBody& body) {
        http::Response response;
        std::exception_ptr error;
        asio::co_spawn(
            context,
            [&]() -> asio::awaitable<void> {
                id = get_id();
                response = co_await async::detail::run_app(app, body.request, body.access, pool);
            },
            [&](std::exception_ptr e) { error = e; });
        context.run();
        if (error) {
            std::rethrow_exception(error);
        }
        return response;
    }
};

TEST(RunApp, APlainHandlerRunsOnThePoolNotTheLoop) {
    Loop loop;
    FakeBody body(loop.context, "");
    body.complete = true;
    std::thread::id ran_on;
    async::App app([&](const http::Request&) {
        ran_on = get_id();
        return http::Response::text(200, "plain");
    });
    const http::Response response = loop.run(app, body);
    EXPECT_EQ(response.body, "plain");
    EXPECT_NE(ran_on, loop.id) << "a plain handler may block: it must not run on the event loop";
    EXPECT_NE(ran_on, std::thread::id()) << "the handler did not run";
}

TEST(RunApp, APlainHandlerOnThePoolReadsItsBodyThroughTheLoop) {
    Loop loop;
    FakeBody body(loop.context, "sent later");
    std::thread::id handled_on;
    async::App app([&](http::Context& context) {
        handled_on = get_id();
        return http::Response::text(200, context.read_body().body);
    });
    const http::Response response = loop.run(app, body);
    EXPECT_EQ(response.body, "sent later");
    EXPECT_EQ(body.read_on, loop.id) << "the socket belongs to the loop: the body is read there, "
                                        "while the pool thread waits";
    EXPECT_NE(handled_on, loop.id);
}

TEST(RunApp, AHandlerThatNeverBlocksRunsOnTheLoopWithItsBodyRead) {
    Loop loop;
    FakeBody body(loop.context, "all of it");
    std::thread::id ran_on;
    async::App app(
        [&](const http::Request& request) {
            ran_on = get_id();
            return http::Response::text(200, request.body);
        },
        async::RunOn::loop);
    const http::Response response = loop.run(app, body);
    EXPECT_EQ(ran_on, loop.id) << "RunOn::loop: no hand-over to the pool";
    EXPECT_EQ(response.body, "all of it") << "the loop must never wait inside read_body(): the "
                                             "body is read first, without blocking";
}

TEST(RunApp, AnAsyncHandlerRunsOnTheLoopAndWaitsWithoutBlockingIt) {
    Loop loop;
    FakeBody body(loop.context, "");
    body.complete = true;
    std::thread::id ran_on;
    bool other_work_ran = false;
    async::App app([&](http::Context&) -> async::Task<http::Response> {
        ran_on = get_id();
        asio::post(loop.context, [&] { other_work_ran = true; });
        asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(1));
        co_await timer.async_wait(asio::use_awaitable);
        co_return http::Response::text(200, other_work_ran ? "the loop went on" : "blocked");
    });
    const http::Response response = loop.run(app, body);
    EXPECT_EQ(ran_on, loop.id);
    EXPECT_EQ(response.body, "the loop went on");
}

TEST(RunApp, ABlockingBodyReadOnTheLoopIsRefusedWithTheFix) {
    Loop loop;
    FakeBody body(loop.context, "not here yet");
    async::App app([&](http::Context& context) -> async::Task<http::Response> {
        context.read_body();  // would block the loop
        co_return http::Response::text(200, "read");
    });
    try {
        (void)loop.run(app, body);
        FAIL() << "read_body() on the loop, with the body not all here, must throw";
    } catch (const std::logic_error& e) {
        EXPECT_NE(std::string(e.what()).find("co_await minifw::async::read_body"),
                  std::string::npos)
            << "the message names the fix: " << e.what();
    }
}

TEST(RunApp, AnAsyncHandlerReadsItsBodyAndOffloadsBlockingWork) {
    Loop loop;
    FakeBody body(loop.context, "payload");
    std::thread::id worked_on;
    std::thread::id resumed_on;
    async::App app([&](http::Context& context) -> async::Task<http::Response> {
        co_await async::read_body(context);
        const std::size_t size = co_await async::offload(context, [&] {
            worked_on = get_id();
            return context.request().body.size();
        });
        resumed_on = get_id();
        co_return http::Response::text(200, std::to_string(size));
    });
    const http::Response response = loop.run(app, body);
    EXPECT_EQ(response.body, "7");
    EXPECT_NE(worked_on, loop.id) << "offload() runs its work on the pool";
    EXPECT_EQ(resumed_on, loop.id) << "and comes back to the loop afterwards";
}

TEST(RunApp, TheContextAndItsItemsCostNoHeapAllocation) {
    // Everything run_app makes before the handler runs is per request: the
    // context, its body reader and its two items. None of it needs the heap
    // (the hot path of the chapter's Measured section). Asio's coroutine
    // frames do not go through operator new, so only run_app's own count.
    Loop loop;
    FakeBody body(loop.context, "");
    body.complete = true;
    std::size_t before = 0;
    std::size_t at_handler = 0;
    bool items_found = false;
    async::App app([&](http::Context& context) -> async::Task<http::Response> {
        at_handler = test::allocations_on_this_thread();
        items_found = context.items().size() == 2;
        co_return http::Response{};
    });
    std::exception_ptr error;
    asio::co_spawn(
        loop.context,
        [&]() -> asio::awaitable<void> {
            before = test::allocations_on_this_thread();
            (void)co_await async::detail::run_app(app, body.request, body.access, loop.pool);
        },
        [&](std::exception_ptr e) { error = e; });
    loop.context.run();
    if (error) {
        std::rethrow_exception(error);
    }
    EXPECT_TRUE(items_found) << "the context carries the AsyncBody and Offloader items";
    EXPECT_EQ(at_handler - before, 0u)
        << "making the context and its items allocated " << at_handler - before
        << " times: lend the items with context.items().borrow(...) instead of set(), "
           "and keep the BodyReader's lambda small (see the chapter's Measured section)";
}

}  // namespace
}  // namespace minifw
