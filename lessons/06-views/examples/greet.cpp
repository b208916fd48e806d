// One page, two representations: GET /greet?name=X renders X into an HTML
// page (as text, in an attribute value and in a link's query) and returns
// the same data as JSON when the client prefers application/json.
//
//   ./build/reference/example_06_greet --port 8080
//       (templates from lessons/06-views/examples/templates; --templates DIR)
//   curl -i 'http://127.0.0.1:8080/greet?name=Ada'
//   curl -i 'http://127.0.0.1:8080/greet?name=%22%3E%3Cscript%3Ealert(1)%3C/script%3E'
//   curl -i -H 'Accept: application/json' 'http://127.0.0.1:8080/greet?name=Ada'
//   curl -i -H 'Accept: image/png' 'http://127.0.0.1:8080/greet?name=Ada'     (406)
//   curl -i -X POST -H 'Content-Type: application/json' -d '{"name": 7}'
//       http://127.0.0.1:8080/greet                                 (one line; 422)
//
// Every error comes out as application/problem+json.

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <boost/describe.hpp>

#include "minifw/http/server.hpp"
#include "minifw/middleware/pipeline.hpp"
#include "minifw/routing/url.hpp"
#include "minifw/views/json.hpp"
#include "minifw/views/loader.hpp"
#include "minifw/views/negotiate.hpp"
#include "minifw/views/problem.hpp"

namespace http = minifw::http;
namespace views = minifw::views;

namespace {

// What a greeting is, described once for JSON in both directions.
struct Greeting {
    std::string name;
    std::string greeting;
};
BOOST_DESCRIBE_STRUCT(Greeting, (), (name, greeting))

// A POST body: only the name.
struct GreetRequest {
    std::string name;
};
BOOST_DESCRIBE_STRUCT(GreetRequest, (), (name))

Greeting greet(std::string name) {
    std::string shown = name.empty() ? "stranger" : name;
    return {std::move(name), "Hello, " + shown + "!"};
}

// The page or the JSON, as the client's Accept prefers.
http::Response answer(const http::Request& request, views::Loader& templates,
                      const Greeting& greeting) {
    const std::vector<views::Representation> offered = {
        {"text/html; charset=utf-8",
         [&] {
             boost::json::value data = {{"name", greeting.name}, {"greeting", greeting.greeting}};
             return http::Response::text(200, templates.render("greet.html", data));
         }},
        {"application/json", [&] { return views::json_response(greeting); }},
    };
    return views::negotiate(request, offered);
}

}  // namespace

int main(int argc, char** argv) {
    // Take --templates DIR for ourselves; pass the rest (--port, --host) on.
    std::filesystem::path root = "lessons/06-views/examples/templates";
    std::vector<char*> rest = {argv[0]};
    for (int i = 1; i < argc; ++i) {
        if (std::string_view(argv[i]) == "--templates" && i + 1 < argc) {
            root = argv[++i];
        } else {
            rest.push_back(argv[i]);
        }
    }

    views::Loader templates(root);
    try {
        templates.get("greet.html");  // parse at start: a broken template stops the server now
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\nRun from the repository root, or pass --templates DIR.\n",
                     e.what());
        return 1;
    }

    minifw::middleware::Pipeline pipeline;
    pipeline.on_error(views::problem_error_handler);
    auto app = pipeline.build([&templates](http::Context& context) -> http::Response {
        const http::Request& request = context.request();
        if (request.path() != "/greet") {
            throw views::ProblemError(views::make_problem(
                404, "nothing at " + std::string(request.path()) + ": try /greet?name=you"));
        }
        if (request.method == "GET" || request.method == "HEAD") {
            const auto query = minifw::routing::parse_query(request.query());
            return answer(request, templates, greet(std::string(query.get("name").value_or(""))));
        }
        if (request.method == "POST") {
            const auto body = views::read_json<GreetRequest>(context);
            return answer(request, templates, greet(body.name));
        }
        http::Response refused =
            views::problem_response(views::make_problem(405, "use GET or POST on /greet"));
        refused.headers.set("Allow", "GET, HEAD, POST");
        return refused;
    });
    return http::run_example_server(static_cast<int>(rest.size()), rest.data(), app);
}
