// Exercise 04.4: typed routes, whose handlers are checked against their
// pattern by the compiler (that check is the course's own, in
// tools/tests/test_typed_routes.py: it grades given code, not the learner's).

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "minifw/routing/router.hpp"
#include "minifw_test/bytes.hpp"
#include "routing_test.hpp"

namespace {

using minifw::http::Request;
using minifw::http::Response;
using minifw::routing::Router;
using minifw::test::make_request;

TEST(TypedRoutes, HandlerReceivesEachParameterAsItsType) {
    Router router;
    router.get<"/users/{id:int}/posts/{slug}">([](const Request& request, std::int64_t id,
                                                  std::string_view slug) {
        return Response::text(
            200, request.method + " id+1=" + std::to_string(id + 1) + " slug=" + std::string(slug));
    });
    router.get<"/files/{*path}">([](const Request&, const std::string& path) {
        return Response::text(200, "path=" + path);
    });
    router.get<"/">([](const Request&) { return Response::text(200, "root"); });

    EXPECT_BYTES_EQ("GET id+1=-2 slug=a b",
                    router.handle(make_request("GET", "/users/-3/posts/a%20b")).body);
    EXPECT_BYTES_EQ("GET id+1=9223372036854775807 slug=x",
                    router.handle(make_request("GET", "/users/9223372036854775806/posts/x")).body);
    EXPECT_BYTES_EQ("path=a/b c", router.handle(make_request("GET", "/files/a/b%20c")).body);
    EXPECT_BYTES_EQ("root", router.handle(make_request("GET", "/")).body);
    EXPECT_EQ(404, router.handle(make_request("GET", "/users/x/posts/y")).status);
    EXPECT_EQ(404, router.handle(make_request("GET", "/users/9223372036854775808/posts/y")).status);
}

}  // namespace
