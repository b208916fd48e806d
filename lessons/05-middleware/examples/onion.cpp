// The onion, observed: three layers around a tiny application, each printing
// when the request passes in and the response passes out.
//
//   GET /        200, passing through every layer
//   GET /admin   401 from the "auth" layer unless an Authorization field is
//                sent: the endpoint never runs
//   GET /boom    the endpoint throws; the layers outside still get a 500
//
// Run it, then from another terminal:
//
//   ./build/reference/example_05_onion --port 8080
//   curl -i http://127.0.0.1:8080/
//   curl -i http://127.0.0.1:8080/admin
//   curl -i -H 'Authorization: Bearer demo' http://127.0.0.1:8080/admin
//   curl -i http://127.0.0.1:8080/boom
//
// The server's terminal shows the order: outer in, auth in, endpoint, auth
// out, outer out; then one access-log line per request.

#include <cstdio>
#include <stdexcept>
#include <string>

#include "minifw/http/server.hpp"
#include "minifw/middleware/access_log.hpp"
#include "minifw/middleware/pipeline.hpp"
#include "minifw/middleware/request_id.hpp"

namespace http = minifw::http;
namespace mw = minifw::middleware;

namespace {

// A layer that only announces itself, on the way in and on the way out.
mw::Layer announce(std::string name) {
    return [name](const http::Request& request, mw::Next& next) {
        std::printf("  %s: in  (%s %s)\n", name.c_str(), request.method.c_str(),
                    request.target.c_str());
        http::Response response = next(request);
        std::printf("  %s: out (%d)\n", name.c_str(), response.status);
        std::fflush(stdout);
        return response;
    };
}

// Guards /admin: answers 401 itself unless the request carries credentials.
http::Response auth(const http::Request& request, mw::Next& next) {
    std::printf("  auth: in\n");
    if (request.path().starts_with("/admin") && !request.headers.contains("Authorization")) {
        std::printf("  auth: answered 401 without calling next\n");
        http::Response refused = http::Response::text(401, "Send an Authorization field.\n");
        refused.headers.set("WWW-Authenticate", "Bearer");
        return refused;
    }
    http::Response response = next(request);
    std::printf("  auth: out\n");
    return response;
}

http::Response app(const http::Request& request) {
    std::printf("  endpoint: %s\n", request.target.c_str());
    if (request.path() == "/boom") {
        throw std::runtime_error("the endpoint failed on purpose");
    }
    if (request.path() == "/admin") {
        return http::Response::text(200, "Welcome, administrator.\n");
    }
    return http::Response::text(
        200, "Hello through the onion. Your request id is " +
                 std::string(request.headers.get("X-Request-Id").value_or("?")) + ".\n");
}

}  // namespace

int main(int argc, char** argv) {
    mw::Pipeline pipeline;
    pipeline.use("request_id", mw::request_id())
        .use("access_log", mw::access_log())
        .use("outer", announce("outer"))
        .use("auth", auth);
    return http::run_example_server(argc, argv, pipeline.build(app));
}
