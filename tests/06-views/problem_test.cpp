// Exercise 06.8: problem details.

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "minifw/http/context.hpp"
#include "minifw/http/status.hpp"
#include "minifw/middleware/pipeline.hpp"
#include "minifw/views/json.hpp"
#include "minifw/views/problem.hpp"
#include "views_test.hpp"

namespace {

namespace json = boost::json;
using minifw::http::Response;
using minifw::test::json_value;
using minifw::test::make_request;
using minifw::views::Problem;

TEST(Problem, ResponseIsProblemJson) {
    Problem problem = minifw::views::make_problem(403, "your token expired: log in again");
    problem.type = "https://example.org/probs/expired";
    problem.instance = "/accounts/12";
    problem.extensions["balance"] = 30;
    Response response = minifw::views::problem_response(problem);
    EXPECT_EQ(response.status, 403);
    EXPECT_EQ(response.headers.get("Content-Type").value_or(""), "application/problem+json");
    EXPECT_EQ(json::parse(response.body),
              json_value(R"({"type": "https://example.org/probs/expired", "title": "Forbidden",
                       "status": 403, "detail": "your token expired: log in again",
                       "instance": "/accounts/12", "balance": 30})"));

    Response bare = minifw::views::problem_response(minifw::views::make_problem(404, ""));
    EXPECT_EQ(json::parse(bare.body),
              json_value(R"({"type": "about:blank", "title": "Not Found", "status": 404})"))
        << "an empty detail or instance is left out";
}

TEST(Problem, ExtensionsCannotReplaceStandardMembers) {
    Problem problem = minifw::views::make_problem(400, "bad");
    problem.extensions["status"] = 200;
    try {
        minifw::views::problem_response(problem);
        ADD_FAILURE() << "an extension named status was accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_CONTAINS(e.what(), "\"status\"");
    }
}

struct Login {
    std::string user;
    int attempts = 0;
};
BOOST_DESCRIBE_STRUCT(Login, (), (user, attempts))

TEST(Problem, ErrorHandlerAnswersEveryErrorAsProblemJson) {
    minifw::middleware::Pipeline pipeline;
    pipeline.on_error(minifw::views::problem_error_handler);
    auto handler = pipeline.build([](minifw::http::Context& context) -> Response {
        const std::string_view path = context.request().path();
        if (path == "/login") {
            return minifw::views::json_response(minifw::views::read_json<Login>(context));
        }
        if (path == "/forbidden") {
            throw minifw::http::HttpError(403, "no entry: ask an admin");
        }
        if (path == "/down") {
            Problem problem = minifw::views::make_problem(503, "db at 10.0.0.5 is down");
            problem.extensions["host"] = "10.0.0.5";
            throw minifw::views::ProblemError(problem);
        }
        throw std::runtime_error("password=hunter2");
    });
    const auto body_of = [](const Response& r) { return json::parse(r.body).as_object(); };

    Response invalid =
        handler(make_request("POST", "/login", {{"Content-Type", "application/json"}},
                             R"({"user": "ada", "attempts": "3"})"));
    EXPECT_EQ(invalid.status, 422);
    EXPECT_EQ(invalid.headers.get("Content-Type").value_or(""), "application/problem+json");
    EXPECT_EQ(body_of(invalid).at("detail"), "/attempts: expected an integer, got a string");
    EXPECT_EQ(
        body_of(invalid).at("errors"),
        json_value(R"([{"pointer": "/attempts", "detail": "expected an integer, got a string"}])"));

    Response ok = handler(make_request("POST", "/login", {{"Content-Type", "application/json"}},
                                       R"({"user": "ada", "attempts": 3})"));
    EXPECT_EQ(ok.status, 200);
    EXPECT_EQ(json::parse(ok.body), json_value(R"({"user": "ada", "attempts": 3})"));

    Response forbidden = handler(make_request("GET", "/forbidden"));
    EXPECT_EQ(forbidden.status, 403);
    EXPECT_EQ(forbidden.headers.get("Content-Type").value_or(""), "application/problem+json");
    EXPECT_EQ(body_of(forbidden).at("detail"), "no entry: ask an admin");

    Response down = handler(make_request("GET", "/down"));
    EXPECT_EQ(down.status, 503);
    EXPECT_NOT_CONTAINS(down.body, "10.0.0.5");
    EXPECT_EQ(body_of(down).at("title"), "Service Unavailable");

    Response crash = handler(make_request("GET", "/crash"));
    EXPECT_EQ(crash.status, 500);
    EXPECT_EQ(crash.headers.get("Content-Type").value_or(""), "application/problem+json");
    EXPECT_NOT_CONTAINS(crash.body, "hunter2");
    EXPECT_EQ(
        json::parse(crash.body),
        json_value(R"({"type": "about:blank", "title": "Internal Server Error", "status": 500})"));
}

}  // namespace
