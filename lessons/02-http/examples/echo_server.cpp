// A first server on minifw's Handler: a function from Request to Response.
//
//   GET /       a short greeting (HEAD / too: same headers, no body)
//   POST /echo  sends the request body back
//   otherwise   404
//
// Run it, then talk to it from another terminal:
//
//   ./build/reference/example_02_echo_server --port 8080
//   curl -i http://127.0.0.1:8080/
//   curl -i --data 'hello, world' http://127.0.0.1:8080/echo
//   curl -i --http1.0 http://127.0.0.1:8080/      (Connection: close, then EOF)
//
// Two pipelined requests in one write (nc from the netcat-openbsd package):
//
//   printf 'GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /no HTTP/1.1\r\nHost: x\r\n\r\n' |
//       nc -q 1 127.0.0.1 8080

#include "minifw/http/server.hpp"

namespace http = minifw::http;

namespace {

http::Response handle(const http::Request& request) {
    if (request.path() == "/" && (request.method == "GET" || request.method == "HEAD")) {
        return http::Response::text(200, "Hello from minifw. POST something to /echo.\n");
    }
    if (request.path() == "/echo" && request.method == "POST") {
        return http::Response::text(200, request.body, "application/octet-stream");
    }
    return http::Response::text(404,
                                "No route for " + request.method + " " + request.target + "\n");
}

}  // namespace

int main(int argc, char** argv) { return http::run_example_server(argc, argv, handle); }
