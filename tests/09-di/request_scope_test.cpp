// Exercise 09.5: one scope per request, through a real stage 05 pipeline.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <future>
#include <latch>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "di_test.hpp"
#include "minifw/di/request_scope.hpp"
#include "minifw/http/context.hpp"
#include "minifw/http/request.hpp"
#include "minifw/middleware/pipeline.hpp"

namespace {

namespace di = minifw::di;
namespace http = minifw::http;
namespace mw = minifw::middleware;
using minifw::test::logged;

http::Request get(std::string target) {
    http::Request request;
    request.method = "GET";
    request.target = std::move(target);
    return request;
}

TEST(RequestScope, EachRequestGetsOneScopeOfItsOwn) {
    di::ServiceCollection services;
    services.add_scoped<shop::Numbered>();
    di::Container container = services.build();
    mw::Pipeline pipeline;
    pipeline.use("services", di::request_scope(container));
    http::Handler handler = pipeline.build([](http::Context& context) {
        auto first = di::service<shop::Numbered>(context);
        auto again = di::service<shop::Numbered>(context);
        return http::Response::text(first == again ? 200 : 500, std::to_string(first->number));
    });

    const http::Response one = handler(get("/"));
    const http::Response two = handler(get("/"));

    EXPECT_EQ(one.status, 200);
    EXPECT_EQ(two.status, 200);
    EXPECT_NE(one.body, two.body);
}

TEST(RequestScope, ScopeEndsNewestFirstBeforeTheResponseLeavesTheLayer) {
    shop::Log log;
    di::ServiceCollection services;
    services.add_scoped<shop::Database>(logged<shop::Database>(log))
        .add_transient<shop::Formatter>(logged<shop::Formatter>(log))
        .add_singleton<shop::Clock>(logged<shop::Clock>(log));
    di::Container container = services.build();
    mw::Pipeline pipeline;
    pipeline.use("outer", [&log](http::Context& context, mw::Next& next) {
        http::Response response = next(context);
        log.write("outer sees the response");
        return response;
    });
    pipeline.use("services", di::request_scope(container));
    http::Handler handler = pipeline.build([&log](http::Context& context) {
        di::service<shop::Database>(context);
        di::service<shop::Clock>(context);
        di::service<shop::Formatter>(context);
        log.write("handler answers");
        return http::Response::text(200, "ok");
    });

    EXPECT_EQ(handler(get("/")).status, 200);

    EXPECT_EQ(log.lines(),
              (std::vector<std::string>{"+Database", "+Clock", "+Formatter", "handler answers",
                                        "-Formatter", "-Database", "outer sees the response"}));
}

TEST(RequestScope, ScopeEndsAlsoWhenTheHandlerThrows) {
    shop::Log log;
    di::ServiceCollection services;
    services.add_scoped<shop::Database>(logged<shop::Database>(log))
        .add_scoped<shop::Session>(logged<shop::Session>(log));
    di::Container container = services.build();
    mw::Pipeline pipeline;
    pipeline.use("services", di::request_scope(container));
    http::Handler handler = pipeline.build([](http::Context& context) -> http::Response {
        di::service<shop::Database>(context);
        di::service<shop::Session>(context);
        throw std::runtime_error("the handler failed");
    });

    const http::Response response = handler(get("/"));

    EXPECT_EQ(response.status, 500);
    EXPECT_EQ(log.lines(),
              (std::vector<std::string>{"+Database", "+Session", "-Session", "-Database"}));
}

TEST(RequestScope, ServiceOutsideARequestScopeNamesTheFix) {
    di::ServiceCollection services;
    services.add_scoped<shop::Numbered>();
    di::Container container = services.build();
    const http::Request request = get("/");
    http::Context context(request);

    try {
        di::service<shop::Numbered>(context);
        FAIL() << "a service came from a request without a scope";
    } catch (const di::ResolutionError& error) {
        EXPECT_EQ(std::string(error.what()),
                  "di::service<shop::Numbered> found no service scope on this request: add "
                  "di::request_scope(container) to the pipeline, outside every layer and "
                  "handler that asks for services");
    }
}

TEST(RequestScope, LayersInsideAndTheHandlerShareTheRequestsScope) {
    di::ServiceCollection services;
    services.add_scoped<shop::Numbered>();
    di::Container container = services.build();
    mw::Pipeline pipeline;
    pipeline.use("services", di::request_scope(container));
    pipeline.use("stamp", [](http::Context& context, mw::Next& next) {
        const int number = di::service<shop::Numbered>(context)->number;
        http::Response response = next(context);
        response.headers.set("X-Layer", std::to_string(number));
        return response;
    });
    // An old-style layer that passes on a changed copy keeps the scope too.
    pipeline.use("copy", [](const http::Request& request, mw::Next& next) {
        http::Request changed = request;
        changed.target = "/changed";
        return next(changed);
    });
    http::Handler handler = pipeline.build([](http::Context& context) {
        return http::Response::text(200,
                                    std::to_string(di::service<shop::Numbered>(context)->number));
    });

    const http::Response response = handler(get("/"));

    ASSERT_EQ(response.status, 200);
    EXPECT_EQ(response.headers.get("X-Layer").value_or(""), response.body);
}

TEST(RequestScope, ConcurrentRequestsNeverShareScopedServices) {
    constexpr int kRequests = 6;
    di::ServiceCollection services;
    services.add_scoped<shop::Numbered>();
    services.add_singleton<shop::Clock>([log = std::make_shared<shop::Log>()](di::Resolver&) {
        return std::make_shared<shop::Clock>(*log);
    });
    di::Container container = services.build();
    mw::Pipeline pipeline;
    pipeline.use("services", di::request_scope(container));
    std::latch inside(kRequests);
    http::Handler handler = pipeline.build([&inside](http::Context& context) {
        std::shared_ptr<shop::Numbered> mine;
        std::shared_ptr<shop::Clock> clock;
        try {
            mine = di::service<shop::Numbered>(context);
            clock = di::service<shop::Clock>(context);
        } catch (...) {
            inside.count_down();  // never leave the others waiting
            throw;
        }
        inside.arrive_and_wait();  // every request holds its scope at once
        return http::Response::text(
            200, std::to_string(mine->number) + " " +
                     std::to_string(reinterpret_cast<std::uintptr_t>(clock.get())));
    });

    std::vector<std::future<http::Response>> requests;
    for (int i = 0; i < kRequests; ++i) {
        requests.push_back(
            std::async(std::launch::async, [&handler] { return handler(get("/")); }));
    }
    std::set<std::string> numbers;
    std::set<std::string> clocks;
    for (auto& request : requests) {
        ASSERT_EQ(request.wait_for(std::chrono::seconds(5)), std::future_status::ready);
        const http::Response response = request.get();
        ASSERT_EQ(response.status, 200) << response.body;
        const std::string body = response.body;
        numbers.insert(body.substr(0, body.find(' ')));
        clocks.insert(body.substr(body.find(' ') + 1));
    }
    EXPECT_EQ(numbers.size(), static_cast<std::size_t>(kRequests));
    EXPECT_EQ(clocks.size(), 1u);
}

}  // namespace
