// Exercise 05.2: errors become responses.

#include <gtest/gtest.h>

#include <exception>
#include <stdexcept>
#include <string>

#include "middleware_test.hpp"
#include "minifw/http/status.hpp"
#include "minifw/middleware/errors.hpp"
#include "minifw/middleware/pipeline.hpp"

namespace {

using minifw::http::HttpError;
using minifw::http::Request;
using minifw::http::Response;
using minifw::middleware::Layer;
using minifw::middleware::Next;
using minifw::middleware::Pipeline;
using minifw::test::make_request;

// The outermost layer of these tests: it records the status it was handed and
// marks the response, which proves it got a response and not an exception.
struct Observer {
    int status = 0;

    Layer layer() {
        return [this](const Request& request, Next& next) {
            Response response = next(request);
            status = response.status;
            response.headers.set("X-Outer", "seen");
            return response;
        };
    }
};

struct OutOfStock : std::runtime_error {
    OutOfStock() : std::runtime_error("item 42 is out of stock") {}
};

TEST(Errors, ExceptionInTheEndpointReachesTheOuterLayerAsA500) {
    Observer outer;
    Pipeline pipeline;
    pipeline.use("outer", outer.layer());
    pipeline.use("middle", [](const Request& request, Next& next) { return next(request); });
    auto handler =
        pipeline.build([](const Request&) -> Response { throw std::runtime_error("boom"); });

    Response response;
    ASSERT_NO_THROW(response = handler(make_request("GET", "/")));
    EXPECT_EQ(response.status, 500);
    EXPECT_EQ(outer.status, 500);
    EXPECT_EQ(response.headers.get("X-Outer").value_or(""), "seen");
}

TEST(Errors, LayerThatThrowsAfterNextIsAnsweredForToo) {
    Observer outer;
    Pipeline pipeline;
    pipeline.use("outer", outer.layer());
    pipeline.use("broken", [](const Request& request, Next& next) -> Response {
        next(request);
        throw std::runtime_error("failed while decorating the response");
    });
    auto handler = pipeline.build([](const Request&) { return Response::text(200, "ok"); });

    Response response;
    ASSERT_NO_THROW(response = handler(make_request("GET", "/")));
    EXPECT_EQ(response.status, 500);
    EXPECT_EQ(outer.status, 500);
}

TEST(Errors, HttpErrorKeepsItsStatusAndTellsTheClientWhy) {
    Pipeline pipeline;
    pipeline.use("auth", [](const Request&, Next&) -> Response {
        throw HttpError(403, "token expired: log in again");
    });
    auto handler = pipeline.build([](const Request&) { return Response::text(200, "ok"); });

    Response response = handler(make_request("GET", "/"));

    EXPECT_EQ(response.status, 403);
    EXPECT_CONTAINS(response.body, "token expired");
}

TEST(Errors, ServerErrorsRevealNothingOfTheirCause) {
    Pipeline pipeline;
    auto failing = [](auto thrown) {
        return [thrown](const Request&) -> Response { throw thrown; };
    };

    auto secret = pipeline.build(failing(std::runtime_error("password=hunter2")));
    Response response = secret(make_request("GET", "/"));
    EXPECT_EQ(response.status, 500);
    EXPECT_NOT_CONTAINS(response.body, "hunter2");

    auto down = pipeline.build(failing(HttpError(503, "database at 10.0.0.5 is down")));
    response = down(make_request("GET", "/"));
    EXPECT_EQ(response.status, 503);
    EXPECT_NOT_CONTAINS(response.body, "10.0.0.5");

    auto odd = pipeline.build(failing(42));
    EXPECT_EQ(odd(make_request("GET", "/")).status, 500);
}

TEST(Errors, CustomErrorHandlerGetsTheExceptionAndTheRequest) {
    Observer outer;
    std::string seen_target;
    Pipeline pipeline;
    pipeline.use("outer", outer.layer());
    pipeline.on_error([&](const Request& request, std::exception_ptr error) {
        seen_target = request.target;
        try {
            std::rethrow_exception(error);
        } catch (const OutOfStock& e) {
            return Response::text(409, e.what());
        } catch (...) {
            return Response::text(500, "other");
        }
    });
    auto handler = pipeline.build([](const Request&) -> Response { throw OutOfStock(); });

    Response response = handler(make_request("POST", "/cart/42"));

    EXPECT_EQ(response.status, 409);
    EXPECT_EQ(response.body, "item 42 is out of stock");
    EXPECT_EQ(seen_target, "/cart/42");
    EXPECT_EQ(outer.status, 409);
}

TEST(Errors, FailingErrorHandlerStillYieldsA500) {
    Observer outer;
    Pipeline pipeline;
    pipeline.use("outer", outer.layer());
    pipeline.on_error(
        [](const Request&, std::exception_ptr) -> Response { throw std::logic_error("oops"); });
    auto handler =
        pipeline.build([](const Request&) -> Response { throw std::runtime_error("first"); });

    Response response;
    ASSERT_NO_THROW(response = handler(make_request("GET", "/")));
    EXPECT_EQ(response.status, 500);
    EXPECT_EQ(outer.status, 500);

    auto error = std::make_exception_ptr(std::runtime_error("x"));
    EXPECT_EQ(minifw::middleware::respond_to_exception({}, make_request("GET", "/"), error).status,
              500)
        << "an empty error handler must give a 500, not a bad_function_call";
}

}  // namespace
