// CGI scripts and an in-process Handler behind one server.
//
//   GET /                         this list
//   GET /cgi-bin/hello.sh/NAME    a shell script greets NAME (its PATH_INFO)
//   GET|POST /cgi-bin/env.py/...  a Python script shows its meta-variables and body
//   GET /cgi-bin/slow.sh          sleeps past its 2 s limit: 504 Gateway Timeout
//   GET /cgi-bin/crash.sh         dies of a signal mid-body: 502 Bad Gateway
//   GET /cgi-bin/hello-cpp/NAME   the greeting Handler, run as a CGI program
//   GET /inprocess/NAME           the same Handler, called in this process
//
// The scripts are found next to this source file, so run it from anywhere:
//
//   ./build/reference/example_03_cgi_server --port 8080
//   curl -i http://127.0.0.1:8080/cgi-bin/hello.sh/world?lang=en
//   curl -i --data 'name=ada' 'http://127.0.0.1:8080/cgi-bin/env.py/extra/path?x=1'
//   curl -i http://127.0.0.1:8080/cgi-bin/slow.sh
//   for i in 1 2 3; do curl -s http://127.0.0.1:8080/cgi-bin/hello-cpp/ada; done
//   for i in 1 2 3; do curl -s http://127.0.0.1:8080/inprocess/ada; done
//
// The last two show the difference this stage is about: a new process id for
// every CGI request, the same one for every in-process request.

#include <unistd.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "greeting.hpp"
#include "minifw/cgi/environment.hpp"
#include "minifw/cgi/handler.hpp"
#include "minifw/http/server.hpp"

namespace cgi = minifw::cgi;
namespace http = minifw::http;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// Routing proper is stage 04; here a list of mounts, tried in order, will do.
using Mounts = std::vector<std::pair<std::string, http::Handler>>;

http::Handler script(const fs::path& file, std::string mount,
                     std::chrono::milliseconds timeout = 10s) {
    cgi::CgiConfig config;
    config.script = file.string();
    config.server.script_name = std::move(mount);
    config.server.server_name = "127.0.0.1";
    // SERVER_PORT stays at its default, 80: the port is chosen only later,
    // inside run_example_server. A real server knows it before it mounts.
    config.timeout = timeout;
    return cgi::cgi_handler(std::move(config));
}

http::Response listing(const Mounts& mounts) {
    std::string body = "minifw stage 03: CGI and the handler interface. Try:\n";
    for (const auto& [mount, handler] : mounts) {
        body += "  " + mount + "\n";
    }
    return http::Response::text(200, body);
}

}  // namespace

int main(int argc, char** argv) {
    // Next to this file, wherever the build directory is.
    const fs::path scripts = fs::path(__FILE__).parent_path();
    // The C++ CGI program is built next to this server.
    const fs::path programs = fs::read_symlink("/proc/self/exe").parent_path();

    Mounts mounts;
    mounts.emplace_back("/cgi-bin/hello.sh", script(scripts / "hello.sh", "/cgi-bin/hello.sh"));
    mounts.emplace_back("/cgi-bin/env.py", script(scripts / "env.py", "/cgi-bin/env.py"));
    mounts.emplace_back("/cgi-bin/slow.sh", script(scripts / "slow.sh", "/cgi-bin/slow.sh", 2s));
    mounts.emplace_back("/cgi-bin/crash.sh", script(scripts / "crash.sh", "/cgi-bin/crash.sh"));
    mounts.emplace_back("/cgi-bin/hello-cpp",
                        script(programs / "example_03_hello_cgi", "/cgi-bin/hello-cpp"));
    mounts.emplace_back("/inprocess", examples::greet);

    return http::run_example_server(argc, argv, [mounts](const http::Request& request) {
        if (request.path() == "/") {
            return listing(mounts);
        }
        for (const auto& [mount, handler] : mounts) {
            if (cgi::is_mounted_at(request.path(), mount)) {
                return handler(request);
            }
        }
        return http::Response::text(404, "Nothing at " + std::string(request.path()) + "\n");
    });
}
