// A static site with an API beside it, behind the built-in layers of this
// stage: request id, access log, CORS, a body limit, and static files.
//
// From the repository root:
//
//   ./build/reference/example_05_static_site --port 8080
//       (serves lessons/05-middleware/examples/public; --root DIR for another)
//   U=http://127.0.0.1:8080
//   curl -i $U/                                         index.html
//   curl -i $U/css                                      301 to /css/
//   curl -i -H 'If-None-Match: "<the ETag you got>"' $U/css/site.css      304
//   curl -i -H 'Range: bytes=0-15' $U/index.html        206
//   curl -i --path-as-is $U/../../etc/passwd            403
//   curl -i $U/%2e%2e/%2e%2e/etc/passwd                 403
//   O='Origin: https://app.example'
//   curl -i -H "$O" $U/api/hello
//   curl -i -X OPTIONS -H "$O" -H 'Access-Control-Request-Method: PUT' $U/api/hello
//   head -c 100000 /dev/zero | curl -i --data-binary @- $U/api/hello
//       (413 from body_limit: 64 KiB here, below the parser's 1 MiB)

#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "minifw/http/server.hpp"
#include "minifw/middleware/access_log.hpp"
#include "minifw/middleware/body_limit.hpp"
#include "minifw/middleware/cors.hpp"
#include "minifw/middleware/pipeline.hpp"
#include "minifw/middleware/request_id.hpp"
#include "minifw/middleware/static_files.hpp"

namespace http = minifw::http;
namespace mw = minifw::middleware;

namespace {

http::Response api(const http::Request& request) {
    if (request.path() == "/api/hello") {
        return http::Response::text(200, "{\"hello\": \"world\"}\n", "application/json");
    }
    return http::Response::text(404, "Nothing at " + std::string(request.path()) + "\n");
}

}  // namespace

int main(int argc, char** argv) {
    // Take --root DIR for ourselves; pass the rest (--port, --host) on.
    std::filesystem::path root = "lessons/05-middleware/examples/public";
    std::vector<char*> rest = {argv[0]};
    for (int i = 1; i < argc; ++i) {
        if (std::string_view(argv[i]) == "--root" && i + 1 < argc) {
            root = argv[++i];
        } else {
            rest.push_back(argv[i]);
        }
    }

    mw::CorsOptions cors;
    cors.allowed_origins = {"https://app.example"};
    cors.allowed_methods = {"GET", "PUT"};
    cors.max_age = std::chrono::seconds(600);

    mw::Pipeline pipeline;
    try {
        pipeline.use("request_id", mw::request_id())
            .use("access_log", mw::access_log())
            .use("cors", mw::cors(cors))
            .use("body_limit", mw::body_limit(64 * 1024))
            .use("static", mw::static_files("/", root));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\nRun from the repository root, or pass --root DIR.\n", e.what());
        return 1;
    }
    return http::run_example_server(static_cast<int>(rest.size()), rest.data(),
                                    pipeline.build(api));
}
