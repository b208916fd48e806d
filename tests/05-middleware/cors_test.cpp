// Exercise 05.4: CORS.

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>

#include "middleware_test.hpp"
#include "minifw/http/headers.hpp"
#include "minifw/middleware/cors.hpp"
#include "minifw/middleware/pipeline.hpp"

namespace {

using minifw::http::has_token;
using minifw::http::Request;
using minifw::http::Response;
using minifw::middleware::cors;
using minifw::middleware::CorsOptions;
using minifw::middleware::Pipeline;
using minifw::test::make_request;

constexpr const char* kApp = "https://app.example";
constexpr const char* kEvil = "https://evil.example";

CorsOptions app_options() {
    CorsOptions options;
    options.allowed_origins = {kApp, "https://admin.example"};
    options.allowed_methods = {"GET", "PUT", "DELETE"};
    options.allowed_headers = {"Content-Type", "X-Token"};
    options.exposed_headers = {"X-Total-Count"};
    options.allow_credentials = true;
    options.max_age = std::chrono::seconds(600);
    return options;
}

// A pipeline with one CORS layer in front of an endpoint that counts calls
// and sets Vary itself, as content negotiation would.
struct Api {
    int calls = 0;
    minifw::http::Handler handler;

    explicit Api(CorsOptions options) {
        Pipeline pipeline;
        pipeline.use("cors", cors(std::move(options)));
        handler = pipeline.build([this](const Request&) {
            ++calls;
            Response response = Response::text(200, "[]");
            response.headers.set("X-Total-Count", "0");
            response.headers.set("Vary", "Accept-Encoding");
            return response;
        });
    }
};

std::string field(const Response& response, std::string_view name) {
    return response.headers.combined(name).value_or("<absent>");
}

TEST(Cors, AnswersAnAllowedPreflightItselfWith204) {
    Api api(app_options());

    Response response =
        api.handler(make_request("OPTIONS", "/api/items/7",
                                 {{"Origin", kApp},
                                  {"Access-Control-Request-Method", "PUT"},
                                  {"Access-Control-Request-Headers", "content-type, x-token"}}));

    EXPECT_EQ(response.status, 204);
    EXPECT_EQ(api.calls, 0) << "a preflight is answered by the CORS layer, not the endpoint";
    EXPECT_EQ(field(response, "Access-Control-Allow-Origin"), kApp);
    EXPECT_EQ(field(response, "Access-Control-Allow-Credentials"), "true");
    EXPECT_TRUE(has_token(field(response, "Access-Control-Allow-Methods"), "PUT"))
        << field(response, "Access-Control-Allow-Methods");
    auto allowed_headers = field(response, "Access-Control-Allow-Headers");
    EXPECT_TRUE(has_token(allowed_headers, "content-type") && has_token(allowed_headers, "x-token"))
        << allowed_headers;
    EXPECT_EQ(field(response, "Access-Control-Max-Age"), "600");
    EXPECT_TRUE(has_token(field(response, "Vary"), "Origin")) << field(response, "Vary");
}

TEST(Cors, RefusesAPreflightFromAnUnlistedOrigin) {
    Api api(app_options());

    Response response = api.handler(make_request(
        "OPTIONS", "/api/items/7", {{"Origin", kEvil}, {"Access-Control-Request-Method", "PUT"}}));

    EXPECT_EQ(response.status, 403);
    EXPECT_FALSE(response.headers.contains("Access-Control-Allow-Origin"));
    EXPECT_CONTAINS(response.body, kEvil);
    EXPECT_EQ(api.calls, 0);
}

TEST(Cors, RefusesAPreflightForAnUnlistedMethodOrHeader) {
    Api api(app_options());

    Response method = api.handler(make_request(
        "OPTIONS", "/api/items/7", {{"Origin", kApp}, {"Access-Control-Request-Method", "PATCH"}}));
    EXPECT_EQ(method.status, 403);
    EXPECT_FALSE(method.headers.contains("Access-Control-Allow-Origin"));
    EXPECT_CONTAINS(method.body, "PATCH");

    Response header =
        api.handler(make_request("OPTIONS", "/api/items/7",
                                 {{"Origin", kApp},
                                  {"Access-Control-Request-Method", "PUT"},
                                  {"Access-Control-Request-Headers", "x-token,x-admin"}}));
    EXPECT_EQ(header.status, 403);
    EXPECT_FALSE(header.headers.contains("Access-Control-Allow-Origin"));
    EXPECT_CONTAINS(header.body, "x-admin");
    EXPECT_EQ(api.calls, 0);
}

TEST(Cors, AllowedRequestGetsAllowOriginAndKeepsItsVary) {
    Api api(app_options());

    Response response = api.handler(make_request("GET", "/api/items", {{"Origin", kApp}}));

    EXPECT_EQ(api.calls, 1);
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(field(response, "Access-Control-Allow-Origin"), kApp);
    EXPECT_EQ(field(response, "Access-Control-Allow-Credentials"), "true");
    EXPECT_EQ(field(response, "Access-Control-Expose-Headers"), "X-Total-Count");
    auto vary = field(response, "Vary");
    EXPECT_TRUE(has_token(vary, "Origin") && has_token(vary, "Accept-Encoding")) << vary;
}

TEST(Cors, UnlistedOriginStillReachesTheEndpointButGetsNoCorsFields) {
    Api api(app_options());

    // CORS decides what a browser lets a script read, not who may send.
    Response foreign = api.handler(make_request("DELETE", "/api/items/7", {{"Origin", kEvil}}));
    EXPECT_EQ(api.calls, 1);
    EXPECT_FALSE(foreign.headers.contains("Access-Control-Allow-Origin"));
    EXPECT_TRUE(has_token(field(foreign, "Vary"), "Origin")) << field(foreign, "Vary");

    Response same_origin = api.handler(make_request("GET", "/api/items"));
    EXPECT_EQ(api.calls, 2);
    EXPECT_FALSE(same_origin.headers.contains("Access-Control-Allow-Origin"));
    EXPECT_TRUE(has_token(field(same_origin, "Vary"), "Origin"))
        << "the answer depends on Origin even when none was sent: " << field(same_origin, "Vary");
}

TEST(Cors, OptionsWithoutARequestedMethodIsNotAPreflight) {
    Api api(app_options());

    Response response = api.handler(make_request("OPTIONS", "/api/items", {{"Origin", kApp}}));

    EXPECT_EQ(api.calls, 1) << "a plain OPTIONS belongs to the application";
    EXPECT_EQ(field(response, "Access-Control-Allow-Origin"), kApp);
}

TEST(Cors, AnyOriginIsAnsweredWithAStarAndNoVary) {
    CorsOptions options;
    options.allowed_origins = {"*"};
    Api api(options);

    Response response = api.handler(make_request("GET", "/api/items", {{"Origin", kEvil}}));
    EXPECT_EQ(field(response, "Access-Control-Allow-Origin"), "*");
    EXPECT_FALSE(response.headers.contains("Access-Control-Allow-Credentials"));
    EXPECT_FALSE(has_token(field(response, "Vary"), "Origin")) << field(response, "Vary");

    Response preflight = api.handler(make_request(
        "OPTIONS", "/api/items", {{"Origin", kEvil}, {"Access-Control-Request-Method", "GET"}}));
    EXPECT_EQ(preflight.status, 204);
    EXPECT_EQ(field(preflight, "Access-Control-Allow-Origin"), "*");
}

TEST(Cors, RefusesContradictoryOptionsWhenTheLayerIsMade) {
    CorsOptions star_with_cookies;
    star_with_cookies.allowed_origins = {"*"};
    star_with_cookies.allow_credentials = true;
    EXPECT_THROW(cors(star_with_cookies), std::invalid_argument);

    EXPECT_THROW(cors(CorsOptions{}), std::invalid_argument) << "no origin at all";
}

}  // namespace
