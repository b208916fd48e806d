// Exercise 04.5: route groups and reverse routing.

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "minifw/routing/router.hpp"
#include "minifw/routing/url.hpp"
#include "minifw_test/bytes.hpp"
#include "routing_test.hpp"

namespace {

using minifw::http::Request;
using minifw::http::Response;
using minifw::routing::Params;
using minifw::routing::PatternError;
using minifw::routing::Router;
using minifw::test::describe;
using minifw::test::make_request;

minifw::routing::RouteHandler reply(std::string label) {
    return [label](const Request&, const Params& params) {
        return Response::text(200, label + " " + describe(params));
    };
}

// Throws what `call` throws; returns the message of a std::invalid_argument.
template <class Call>
std::string invalid_argument_message(Call&& call) {
    try {
        call();
    } catch (const std::invalid_argument& error) {
        return error.what();
    }
    return "(no std::invalid_argument was thrown)";
}

TEST(RouteGroup, PrefixesEveryRouteAndNests) {
    Router router;
    auto api = router.group("/api");
    api.get("/", reply("api-root"));
    auto v1 = api.group("/v1");
    v1.get("/users/{id:int}", reply("user"));
    v1.post("/users", reply("create"));
    router.group("/users/{user_id}").get("/posts/{post_id:int}", reply("post"));
    router.group("/").get("/", reply("root"));
    // A typed route receives its own parameters, not the prefix's.
    router.group("/api/{version}").get<"/items/{id:int}">([](const Request&, std::int64_t id) {
        return Response::text(200, "item " + std::to_string(id));
    });

    EXPECT_EQ("/api/v1", v1.prefix());
    EXPECT_BYTES_EQ("api-root ", router.handle(make_request("GET", "/api")).body);
    EXPECT_BYTES_EQ("user id=5;", router.handle(make_request("GET", "/api/v1/users/5")).body);
    EXPECT_BYTES_EQ("create ", router.handle(make_request("POST", "/api/v1/users")).body);
    EXPECT_BYTES_EQ("post user_id=ann;post_id=3;",
                    router.handle(make_request("GET", "/users/ann/posts/3")).body);
    EXPECT_BYTES_EQ("root ", router.handle(make_request("GET", "/")).body);
    EXPECT_BYTES_EQ("item 5", router.handle(make_request("GET", "/api/v2/items/5")).body);
    EXPECT_EQ(404, router.handle(make_request("GET", "/users/5")).status);
    EXPECT_EQ(404, router.handle(make_request("GET", "/v1/users/5")).status);
    EXPECT_EQ(404, router.handle(make_request("GET", "/api/")).status);
}

TEST(RouteGroup, RefusesAMalformedPrefixWhenTheGroupIsMade) {
    Router router;
    auto api = router.group("/api");
    for (const char* bad : {"api", "/api/", "/api//v1", "/{oops", "/files/{*rest}/x", ""}) {
        EXPECT_THROW(router.group(bad), PatternError) << bad;
    }
    EXPECT_THROW(api.group("v1"), PatternError);
    // A prefix and a route that each look fine can still clash when joined.
    auto user = router.group("/u/{id}");
    EXPECT_THROW(user.get("/x/{id}", reply("x")), PatternError);
}

TEST(UrlFor, BuildsThePathOfANamedRoute) {
    Router router;
    router.get("/", reply("home"), "home");
    router.get("/users/{id:int}", reply("user"), "user");
    router.group("/api/v1").get("/items/{id:int}/parts/{part}", reply("part"), "part");
    router.get<"/typed/{n:int}">([](const Request&, std::int64_t) { return Response{}; }, "typed");

    EXPECT_EQ("/", router.url_for("home"));
    EXPECT_EQ("/users/42", router.url_for("user", {{"id", "42"}}));
    EXPECT_EQ("/users/-1", router.url_for("user", {{"id", "-1"}}));
    EXPECT_EQ("/api/v1/items/7/parts/wheel",
              router.url_for("part", {{"part", "wheel"}, {"id", "7"}}));
    EXPECT_EQ("/typed/3", router.url_for("typed", {{"n", "3"}}));
}

TEST(UrlFor, EncodesValuesSoTheRouteMatchesThemBack) {
    Router router;
    router.get("/tags/{tag}", reply("tag"), "tag");
    router.get("/files/{*path}", reply("file"), "file");
    router.get("/caf\xC3\xA9/{x}", reply("cafe"), "cafe");

    std::string tag_url = router.url_for("tag", {{"tag", "c++ & a/b?#%"}});
    EXPECT_EQ("/tags/c%2B%2B%20%26%20a%2Fb%3F%23%25", tag_url);
    EXPECT_BYTES_EQ("tag tag=c++ & a/b?#%;", router.handle(make_request("GET", tag_url)).body);

    std::string file_url = router.url_for("file", {{"path", "docs/read me.txt"}});
    EXPECT_EQ("/files/docs/read%20me.txt", file_url);
    EXPECT_BYTES_EQ("file path=docs/read me.txt;",
                    router.handle(make_request("GET", file_url)).body);

    std::string cafe_url = router.url_for("cafe", {{"x", "\xC3\xA9"}});
    EXPECT_EQ("/caf%C3%A9/%C3%A9", cafe_url);
    EXPECT_BYTES_EQ("cafe x=\xC3\xA9;", router.handle(make_request("GET", cafe_url)).body);
}

TEST(UrlFor, PutsUnusedValuesInTheQueryStringInOrder) {
    Router router;
    router.get("/users/{id:int}", reply("user"), "user");
    router.get("/search", reply("search"), "search");

    std::string url =
        router.url_for("user", {{"tab", "posts & more"}, {"id", "42"}, {"page", "2"}});
    EXPECT_EQ("/users/42?tab=posts%20%26%20more&page=2", url);

    std::string search = router.url_for("search", {{"q", "a+b=c"}, {"tag", "x"}, {"tag", "y"}});
    EXPECT_EQ("/search?q=a%2Bb%3Dc&tag=x&tag=y", search);
    auto query = minifw::routing::parse_query(search.substr(search.find('?') + 1));
    EXPECT_EQ("q=a+b=c;tag=x;tag=y;", describe(query));
}

TEST(UrlFor, FailsNamingTheRouteAndWhatIsWrong) {
    Router router;
    router.get("/users/{id:int}", reply("user"), "user");
    router.get("/tags/{tag}", reply("tag"), "tag");
    router.get("/unnamed", reply("unnamed"));

    std::string unknown = invalid_argument_message([&] { router.url_for("nobody"); });
    EXPECT_NE(std::string::npos, unknown.find("nobody")) << unknown;
    EXPECT_NE(std::string::npos,
              invalid_argument_message([&] { router.url_for(""); }).find("named"));

    std::string missing = invalid_argument_message([&] { router.url_for("user", {{"ID", "1"}}); });
    EXPECT_NE(std::string::npos, missing.find("/users/{id:int}")) << missing;
    EXPECT_NE(std::string::npos, missing.find("\"id\"")) << missing;

    std::string not_int = invalid_argument_message([&] {
        router.url_for("user", {{"id", "abc"}});
    });
    EXPECT_NE(std::string::npos, not_int.find("abc")) << not_int;
    EXPECT_NE(std::string::npos, not_int.find("/users/{id:int}")) << not_int;

    std::string empty = invalid_argument_message([&] { router.url_for("tag", {{"tag", ""}}); });
    EXPECT_NE(std::string::npos, empty.find("/tags/{tag}")) << empty;
}

}  // namespace
