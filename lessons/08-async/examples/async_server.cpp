// The async server: TechEmpower's two simplest tests, a handler that waits
// without blocking, one that blocks on the pool, and the layered routes of
// the stage 05 example, all on a few threads.
//
//   GET /plaintext        "Hello, World!" (text/plain), answered on the loop
//   GET /json             {"message":"Hello, World!"}, answered on the loop
//   GET /wait?ms=N        waits N ms (at most 10,000) with co_await: the
//                         loop serves everybody else meanwhile
//   GET /blocking?ms=N    sleeps N ms on the pool, as a plain handler would
//                         that calls SQLite or a CGI script
//   GET /, /admin, /boom  the stage 05 onion: request ids, an access log,
//                         a 401 without Authorization, a 500 from a throw
//
// Run it, then from another terminal:
//
//   ./build/reference/example_08_async_server --port 8080 --threads 2
//   curl -i http://127.0.0.1:8080/plaintext
//   curl -i http://127.0.0.1:8080/json
//   curl -i 'http://127.0.0.1:8080/wait?ms=2000' & curl -i http://127.0.0.1:8080/plaintext
//   curl -i http://127.0.0.1:8080/admin
//
// The plaintext answer comes at once although /wait is still waiting. Stop
// it with Ctrl-C or SIGTERM: requests in flight finish, then it exits 0.

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <charconv>
#include <chrono>
#include <string>
#include <thread>

#include "minifw/async/server.hpp"
#include "minifw/middleware/access_log.hpp"
#include "minifw/middleware/pipeline.hpp"
#include "minifw/middleware/request_id.hpp"
#include "minifw/routing/router.hpp"
#include "minifw/routing/url.hpp"

namespace async = minifw::async;
namespace http = minifw::http;
namespace mw = minifw::middleware;
namespace routing = minifw::routing;

namespace {

// The ms=N query parameter, clamped to 0..10,000; 0 when absent or not a number.
std::chrono::milliseconds requested_delay(const http::Request& request) {
    const routing::Params query = routing::parse_query(request.query());
    long ms = 0;
    if (const auto value = query.get("ms")) {
        std::from_chars(value->data(), value->data() + value->size(), ms);
    }
    return std::chrono::milliseconds(std::clamp(ms, 0L, 10'000L));
}

// The stage 05 example's routes, behind its layers: a plain, blocking-allowed
// handler, run through offload() so that the loop never waits for it.
http::Handler layered_routes() {
    routing::Router router;
    router.get("/", [](http::Context& context) {
        return http::Response::text(200, "Hello through the onion. Your request id is " +
                                             std::string(mw::request_id_of(context)) + ".\n");
    });
    router.get("/admin", [](const http::Request& request, const routing::Params&) {
        if (!request.headers.contains("Authorization")) {
            http::Response refused = http::Response::text(401, "Send an Authorization field.\n");
            refused.headers.set("WWW-Authenticate", "Bearer");
            return refused;
        }
        return http::Response::text(200, "Welcome, administrator.\n");
    });
    router.get("/boom", [](const http::Request&, const routing::Params&) -> http::Response {
        throw std::runtime_error("the endpoint failed on purpose");
    });
    router.get("/blocking", [](const http::Request& request, const routing::Params&) {
        std::this_thread::sleep_for(requested_delay(request));  // blocks a pool thread only
        return http::Response::text(200, "slept on the pool\n");
    });
    mw::Pipeline pipeline;
    pipeline.use("request_id", mw::request_id()).use("access_log", mw::access_log());
    return pipeline.build(router.to_handler());
}

}  // namespace

int main(int argc, char** argv) {
    const http::Handler routes = layered_routes();
    async::App app([routes](http::Context& context) -> async::Task<http::Response> {
        const std::string_view path = context.request().path();
        if (path == "/plaintext") {
            co_return http::Response::text(200, "Hello, World!");
        }
        if (path == "/json") {
            co_return http::Response::text(
                200, boost::json::serialize(boost::json::object{{"message", "Hello, World!"}}),
                "application/json");
        }
        if (path == "/wait") {
            boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor,
                                            requested_delay(context.request()));
            co_await timer.async_wait(boost::asio::use_awaitable);
            co_return http::Response::text(200, "waited without blocking anybody\n");
        }
        // Everything else may block: the pool runs it, the loop goes on.
        co_await async::read_body(context);
        co_return co_await async::offload(context, [&] { return routes(context); });
    });
    return async::run_example_server(argc, argv, std::move(app));
}
