// Exercise 05.1: the onion.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <string>
#include <vector>

#include "middleware_test.hpp"
#include "minifw/middleware/pipeline.hpp"
#include "minifw/routing/router.hpp"

namespace {

using minifw::http::Request;
using minifw::http::Response;
using minifw::middleware::Layer;
using minifw::middleware::Next;
using minifw::middleware::Pipeline;
using minifw::test::make_request;

// A layer that records when the request passes in and the response passes
// out, and signs the response on its way out.
Layer tracing(const std::string& name, std::vector<std::string>& trace) {
    return [name, &trace](const Request& request, Next& next) {
        trace.push_back(name + ">");
        Response response = next(request);
        trace.push_back("<" + name);
        auto signed_by = response.headers.get("X-Trace");
        response.headers.set("X-Trace", signed_by ? std::string(*signed_by) + "," + name : name);
        return response;
    };
}

Response ok(const Request&) { return Response::text(200, "ok"); }

TEST(Pipeline, LayersRunOutsideInInRegistrationOrder) {
    std::vector<std::string> trace;
    Pipeline pipeline;
    pipeline.use("a", tracing("a", trace)).use("b", tracing("b", trace));
    pipeline.use("c", tracing("c", trace));
    auto handler = pipeline.build([&](const Request&) {
        trace.push_back("endpoint");
        return Response::text(200, "ok");
    });

    Response response = handler(make_request("GET", "/"));

    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(trace, (std::vector<std::string>{"a>", "b>", "c>", "endpoint", "<c", "<b", "<a"}));
    // Each layer saw the response of the layers inside it.
    EXPECT_EQ(response.headers.get("X-Trace").value_or(""), "c,b,a");
    EXPECT_EQ(pipeline.size(), 3u);
}

TEST(Pipeline, LayerCanAnswerWithoutCallingNext) {
    int endpoint_calls = 0;
    int seen_by_outer = 0;
    Pipeline pipeline;
    pipeline.use("outer", [&](const Request& request, Next& next) {
        Response response = next(request);
        seen_by_outer = response.status;
        return response;
    });
    pipeline.use("auth", [](const Request& request, Next& next) {
        if (!request.headers.contains("Authorization")) {
            return Response::text(401, "log in first");
        }
        return next(request);
    });
    auto handler = pipeline.build([&](const Request&) {
        ++endpoint_calls;
        return Response::text(200, "secret");
    });

    Response refused = handler(make_request("GET", "/admin"));
    EXPECT_EQ(refused.status, 401);
    EXPECT_EQ(endpoint_calls, 0) << "a layer that answers must stop the request there";
    EXPECT_EQ(seen_by_outer, 401) << "the layers outside still see the short answer";

    Response allowed = handler(make_request("GET", "/admin", {{"Authorization", "Bearer t"}}));
    EXPECT_EQ(allowed.status, 200);
    EXPECT_EQ(endpoint_calls, 1);
}

TEST(Pipeline, LayerCanPassAChangedRequestDownstream) {
    Pipeline pipeline;
    pipeline.use("user", [](const Request& request, Next& next) {
        Request tagged = request;
        tagged.headers.set("X-User", "ada");
        return next(tagged);
    });
    auto handler = pipeline.build([](const Request& request) {
        return Response::text(200, std::string(request.headers.get("X-User").value_or("none")));
    });

    const Request original = make_request("GET", "/me");
    Response response = handler(original);

    EXPECT_EQ(response.body, "ada");
    EXPECT_FALSE(original.headers.contains("X-User"));
}

// The context travels through every layer by reference: an outer layer
// sets an item, an inner one reads it, and what the router learned (the
// matched pattern) is there for the outer layer once next() returns.
TEST(Pipeline, LayersShareOneContextWithoutCopyingTheRequest) {
    struct User {
        std::string name;
    };
    const Request* seen_by_outer = nullptr;
    const Request* seen_by_endpoint = nullptr;
    std::string route_label;
    Pipeline pipeline;
    pipeline.use("auth", [&](minifw::http::Context& context, minifw::middleware::Next& next) {
        seen_by_outer = &context.request();
        context.items().set(User{"ada"});
        minifw::http::Response response = next(context);
        const minifw::routing::RouteMatch* route = minifw::routing::route_of(context);
        route_label = route != nullptr ? route->pattern : "none";
        return response;
    });
    minifw::routing::Router router;
    router.get("/users/{id:int}", [&](minifw::http::Context& context) {
        seen_by_endpoint = &context.request();
        const User* user = context.items().get<User>();
        const auto& params = minifw::routing::route_of(context)->params;
        return Response::text(200, (user != nullptr ? user->name : "?") + " asks for " +
                                       std::string(params.at("id")));
    });
    auto handler = pipeline.build(router.to_handler());

    const Request request = make_request("GET", "/users/42");
    Response response = handler(request);
    EXPECT_EQ(response.body, "ada asks for 42");
    EXPECT_EQ(route_label, "/users/{id:int}") << "a label for logs, not the path";
    EXPECT_EQ(seen_by_outer, &request);
    EXPECT_EQ(seen_by_endpoint, &request) << "no layer copied the request";
}

TEST(Pipeline, SecondCallToNextIsRefusedNamingTheLayer) {
    int endpoint_calls = 0;
    std::string refusal;
    Pipeline pipeline;
    pipeline.use("retry", [&](const Request& request, Next& next) {
        Response first = next(request);
        try {
            next(request);
        } catch (const std::logic_error& e) {
            refusal = e.what();
        }
        return first;
    });
    auto handler = pipeline.build([&](const Request&) {
        ++endpoint_calls;
        return Response::text(201, "order placed");
    });

    Response response = handler(make_request("POST", "/orders"));

    EXPECT_EQ(endpoint_calls, 1) << "a second next() must not run the endpoint again";
    EXPECT_EQ(response.status, 201);
    EXPECT_CONTAINS(refusal, "twice");
    EXPECT_CONTAINS(refusal, "'retry'");
}

TEST(Pipeline, EveryRequestGetsAFreshNextEvenConcurrently) {
    std::atomic<int> endpoint_calls{0};
    Pipeline pipeline;
    for (const char* name : {"one", "two", "three"}) {
        pipeline.use(name, [](const Request& request, Next& next) { return next(request); });
    }
    auto handler = pipeline.build([&](const Request&) {
        endpoint_calls.fetch_add(1, std::memory_order_relaxed);
        return Response::text(200, "ok");
    });

    constexpr int kThreads = 4;
    constexpr int kRequests = 200;
    std::vector<std::future<int>> workers;
    for (int t = 0; t < kThreads; ++t) {
        workers.push_back(std::async(std::launch::async, [&handler] {
            int ok_count = 0;
            for (int i = 0; i < kRequests; ++i) {
                ok_count += handler(make_request("GET", "/")).status == 200 ? 1 : 0;
            }
            return ok_count;
        }));
    }
    for (auto& worker : workers) {
        ASSERT_EQ(worker.wait_for(std::chrono::seconds(5)), std::future_status::ready);
        EXPECT_EQ(worker.get(), kRequests);
    }
    EXPECT_EQ(endpoint_calls.load(), kThreads * kRequests);
}

TEST(Pipeline, BuiltHandlerKeepsTheLayersItWasBuiltWith) {
    std::vector<std::string> trace;
    Pipeline pipeline;
    pipeline.use("a", tracing("a", trace));
    auto first = pipeline.build(ok);
    pipeline.use("b", tracing("b", trace));
    auto second = pipeline.build(ok);

    EXPECT_EQ(first(make_request("GET", "/")).headers.get("X-Trace").value_or(""), "a");
    EXPECT_EQ(second(make_request("GET", "/")).headers.get("X-Trace").value_or(""), "b,a");
}

TEST(Pipeline, RefusesEmptyPiecesWithMessagesThatNameThem) {
    Pipeline pipeline;
    auto pass = [](const Request& request, Next& next) { return next(request); };
    EXPECT_THROW(pipeline.use("", pass), std::invalid_argument);
    try {
        pipeline.use("auth", Layer{});
        ADD_FAILURE() << "use() accepted an empty layer";
    } catch (const std::invalid_argument& e) {
        EXPECT_CONTAINS(e.what(), "'auth'");
    }
    EXPECT_THROW(pipeline.on_error(minifw::middleware::ErrorHandler{}), std::invalid_argument);
    EXPECT_THROW(pipeline.build(minifw::http::Handler{}), std::invalid_argument);
    EXPECT_EQ(pipeline.size(), 0u);
}

}  // namespace
