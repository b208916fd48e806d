// Exercise 04.4: dispatch, with 400, 404, 405 and Allow, HEAD and OPTIONS.

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>

#include "minifw/routing/router.hpp"
#include "minifw_test/bytes.hpp"
#include "routing_test.hpp"

namespace {

using minifw::http::Request;
using minifw::http::Response;
using minifw::routing::Params;
using minifw::routing::RouteConflict;
using minifw::routing::Router;
using minifw::test::allowed;
using minifw::test::describe;
using minifw::test::make_request;
using Methods = std::set<std::string>;

// A handler that says which route ran and what it captured.
minifw::routing::RouteHandler reply(std::string label) {
    return [label](const Request& request, const Params& params) {
        return Response::text(200, label + " " + request.method + " " + describe(params));
    };
}

// RFC 9112 section 3.2.2: a server MUST accept the absolute form, which a
// client sends to a proxy and some clients send to every server.
TEST(Router, AcceptsAnAbsoluteFormTarget) {
    Router router;
    router.get("/users/{id:int}", [](const Request&, const Params& params) {
        return Response::text(200, "user " + std::string(params.at("id")));
    });
    EXPECT_EQ(router.handle(make_request("GET", "http://example.test/users/7?x=1")).body, "user 7");
    EXPECT_EQ(router.handle(make_request("GET", "HTTP://example.test:8080/users/8")).body,
              "user 8");
    EXPECT_EQ(router.handle(make_request("GET", "http://example.test")).status, 404)
        << "no path is the path /";
}

// The router records what it matched in the request's context, for the
// handler and for every layer outside it.
TEST(Router, RecordsTheMatchedRouteInTheContext) {
    Router router;
    router.get("/api/users/{id:int}/posts/{slug}", [](minifw::http::Context& context) {
        const minifw::routing::RouteMatch* match = minifw::routing::route_of(context);
        return Response::text(200, match->pattern + " " + describe(match->params));
    });
    const Request request = make_request("GET", "/api/users/7/posts/hello%20world");
    minifw::http::Context context(request);
    EXPECT_EQ(router.handle(context).body,
              "/api/users/{id:int}/posts/{slug} id=7;slug=hello world;");
    ASSERT_NE(minifw::routing::route_of(context), nullptr);
    EXPECT_EQ(minifw::routing::route_of(context)->pattern, "/api/users/{id:int}/posts/{slug}");

    const Request nowhere = make_request("GET", "/nowhere");
    minifw::http::Context missing(nowhere);
    EXPECT_EQ(router.handle(missing).status, 404);
    EXPECT_EQ(minifw::routing::route_of(missing), nullptr);
}

TEST(Router, CallsTheRouteHandlerWithDecodedParams) {
    Router router;
    router.get("/users/{name}/files/{*path}", [](const Request& request, const Params& params) {
        Response response =
            Response::text(201, describe(params) + " query=" + std::string(request.query()));
        response.headers.set("X-Route", "files");
        return response;
    });
    router.get("/", reply("home"));

    Response response =
        router.handle(make_request("GET", "/users/J%C3%BCrgen/files/a%2Fb/c%20d?x=1&y=2"));
    EXPECT_EQ(201, response.status);
    EXPECT_BYTES_EQ("name=J\xC3\xBCrgen;path=a/b/c d; query=x=1&y=2", response.body);
    EXPECT_EQ("files", response.headers.get("X-Route"));

    EXPECT_BYTES_EQ("home GET ", router.handle(make_request("GET", "/?q=1")).body);
}

TEST(Router, PathNoRouteMatchesIs404) {
    Router router;
    EXPECT_EQ(404, router.handle(make_request("GET", "/")).status);

    router.get("/items", reply("list"));
    router.get("/items/{id:int}", reply("item"));
    for (const char* target : {"/", "/item", "/items/", "/items/abc", "/items/1/2", "/ITEMS"}) {
        Response response = router.handle(make_request("GET", target));
        EXPECT_EQ(404, response.status) << target;
        EXPECT_FALSE(response.headers.contains("Allow")) << target;
    }
    EXPECT_EQ(200, router.handle(make_request("GET", "/items/7")).status);
}

TEST(Router, WrongMethodIs405WithAllowBuiltFromTheRouteTable) {
    Router router;
    router.get("/items", reply("list"));
    router.post("/items", reply("create"));
    router.add("PUT", "/items/{id:int}", reply("replace"));
    router.add("DELETE", "/items/{id:int}", reply("delete"));
    router.get("/other", reply("other"));

    Response patch = router.handle(make_request("PATCH", "/items"));
    EXPECT_EQ(405, patch.status);
    EXPECT_EQ((Methods{"GET", "HEAD", "OPTIONS", "POST"}), allowed(patch));

    Response get = router.handle(make_request("GET", "/items/5"));
    EXPECT_EQ(405, get.status);
    EXPECT_EQ((Methods{"DELETE", "OPTIONS", "PUT"}), allowed(get));  // no GET, so no HEAD

    // Methods are case-sensitive (RFC 9110 9.1): "get" is another method.
    Response lower = router.handle(make_request("get", "/items"));
    EXPECT_EQ(405, lower.status);
    EXPECT_EQ((Methods{"GET", "HEAD", "OPTIONS", "POST"}), allowed(lower));

    // A value the typed parameter refuses is no match at all.
    EXPECT_EQ(404, router.handle(make_request("PATCH", "/items/abc")).status);
}

TEST(Router, PicksTheMostSpecificRouteThatAcceptsTheMethod) {
    Router router;
    router.post("/users/{name}", reply("by-name"));
    router.get("/users/{id:int}", reply("by-id"));
    router.get("/users/me", reply("me"));

    EXPECT_BYTES_EQ("by-id GET id=42;", router.handle(make_request("GET", "/users/42")).body);
    EXPECT_BYTES_EQ("me GET ", router.handle(make_request("GET", "/users/me")).body);
    // {id:int} is more specific, but has no POST: the POST route still answers.
    EXPECT_BYTES_EQ("by-name POST name=42;", router.handle(make_request("POST", "/users/42")).body);

    Response get_by_name = router.handle(make_request("GET", "/users/bob"));
    EXPECT_EQ(405, get_by_name.status);
    EXPECT_EQ((Methods{"OPTIONS", "POST"}), allowed(get_by_name));
}

TEST(Router, HeadRunsTheGetRouteUnlessItHasItsOwn) {
    Router router;
    router.get("/hello", [](const Request&, const Params&) {
        Response response = Response::text(200, "hello");
        response.headers.set("ETag", "\"v1\"");
        return response;
    });
    router.get("/both", reply("get"));
    router.add("HEAD", "/both", reply("head"));
    router.post("/form", reply("form"));

    Response head = router.handle(make_request("HEAD", "/hello"));
    EXPECT_EQ(200, head.status);
    EXPECT_EQ("\"v1\"", head.headers.get("ETag"));
    // The body stays: the connection drops it and keeps its Content-Length.
    EXPECT_BYTES_EQ("hello", head.body);

    EXPECT_BYTES_EQ("head HEAD ", router.handle(make_request("HEAD", "/both")).body);

    Response no_get = router.handle(make_request("HEAD", "/form"));
    EXPECT_EQ(405, no_get.status);
    EXPECT_EQ((Methods{"OPTIONS", "POST"}), allowed(no_get));
}

TEST(Router, OptionsAnswers204WithAllowUnlessItHasItsOwnRoute) {
    Router router;
    router.get("/items", reply("list"));
    router.post("/items", reply("create"));
    router.add("DELETE", "/items/{id:int}", reply("delete"));
    router.add("OPTIONS", "/custom", reply("custom"));

    Response options = router.handle(make_request("OPTIONS", "/items"));
    EXPECT_EQ(204, options.status);
    EXPECT_EQ((Methods{"GET", "HEAD", "OPTIONS", "POST"}), allowed(options));
    EXPECT_TRUE(options.body.empty());

    EXPECT_BYTES_EQ("custom OPTIONS ", router.handle(make_request("OPTIONS", "/custom")).body);
    EXPECT_EQ(404, router.handle(make_request("OPTIONS", "/nothing")).status);

    // "OPTIONS *" asks about the server as a whole (RFC 9110 9.3.7).
    Response star = router.handle(make_request("OPTIONS", "*"));
    EXPECT_EQ(204, star.status);
    EXPECT_EQ((Methods{"DELETE", "GET", "HEAD", "OPTIONS", "POST"}), allowed(star));
}

TEST(Router, PathThatDoesNotDecodeIs400AndRunsNoHandler) {
    Router router;
    bool ran = false;
    router.get("/{*anything}", [&ran](const Request&, const Params&) {
        ran = true;
        return Response::text(200, "ran");
    });
    for (const char* target : {"/a%zz", "/a%00b", "/%C0%AF", "/x/%", "relative"}) {
        EXPECT_EQ(400, router.handle(make_request("GET", target)).status) << target;
    }
    EXPECT_FALSE(ran);
    EXPECT_EQ(200, router.handle(make_request("GET", "/a%20b")).status);
}

TEST(Router, ConflictNamesTheMethodAndBothPatterns) {
    Router router;
    router.get("/users/{id}", reply("first"));
    try {
        router.get("/users/{name}", reply("second"));
        FAIL() << "GET /users/{name} was accepted after GET /users/{id}";
    } catch (const RouteConflict& conflict) {
        std::string message = conflict.what();
        EXPECT_NE(std::string::npos, message.find("GET /users/{id}")) << message;
        EXPECT_NE(std::string::npos, message.find("GET /users/{name}")) << message;
    }
    router.post("/users/{name}", reply("post"));  // another method: no conflict
    EXPECT_BYTES_EQ("first GET id=x;", router.handle(make_request("GET", "/users/x")).body);
    EXPECT_BYTES_EQ("post POST name=x;", router.handle(make_request("POST", "/users/x")).body);
}

TEST(Router, RefusesBadMethodsAndNamesUsedTwice) {
    Router router;
    router.get("/users/{id:int}", reply("user"), "user");
    EXPECT_THROW(router.add("", "/a", reply("a")), std::invalid_argument);
    EXPECT_THROW(router.add("GE T", "/a", reply("a")), std::invalid_argument);
    EXPECT_THROW(router.add("GET/", "/a", reply("a")), std::invalid_argument);
    EXPECT_THROW(router.get("/a", nullptr), std::invalid_argument);
    EXPECT_THROW(router.get("a", reply("a")), minifw::routing::PatternError);

    try {
        router.get("/people/{id:int}", reply("person"), "user");
        FAIL() << "the name \"user\" was accepted twice";
    } catch (const std::invalid_argument& error) {
        std::string message = error.what();
        EXPECT_NE(std::string::npos, message.find("/users/{id:int}")) << message;
        EXPECT_NE(std::string::npos, message.find("/people/{id:int}")) << message;
    }
    // Nothing half-added: the refused route does not answer.
    EXPECT_EQ(404, router.handle(make_request("GET", "/people/1")).status);
    EXPECT_EQ(404, router.handle(make_request("GET", "/a")).status);
}

}  // namespace
