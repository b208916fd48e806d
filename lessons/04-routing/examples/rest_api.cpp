// A small REST API on the router: typed parameters, a catch-all, a group,
// named routes, and the answers a router owes when nothing fits.
//
// Run it, then talk to it from another terminal:
//
//   ./build/reference/example_04_rest_api --port 8080
//   curl -i http://127.0.0.1:8080/                      (links made by url_for)
//   curl -i http://127.0.0.1:8080/books/2               (a typed {id:int})
//   curl -i http://127.0.0.1:8080/books/two             (404: not an integer)
//   curl -i -X DELETE http://127.0.0.1:8080/books       (405 with Allow)
//   curl -I http://127.0.0.1:8080/books/2               (HEAD from GET: no body)
//   curl -i -X OPTIONS http://127.0.0.1:8080/books      (204 with Allow)
//   curl -i --data 'Dune' http://127.0.0.1:8080/books   (201 with Location)
//   curl -i 'http://127.0.0.1:8080/search?q=c%2B%2B&tag=a&tag=b'
//   curl -i http://127.0.0.1:8080/files/docs/read%20me.txt  (a catch-all)
//   curl -i http://127.0.0.1:8080/api/v1/status
//   curl -i http://127.0.0.1:8080/bad%zz                (400)

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "minifw/http/server.hpp"
#include "minifw/routing/router.hpp"
#include "minifw/routing/url.hpp"

namespace http = minifw::http;
namespace routing = minifw::routing;

namespace {

// The books, shared by every connection's thread, hence the mutex.
class Shelf {
public:
    std::vector<std::string> titles() const {
        std::lock_guard lock(mutex_);
        return titles_;
    }
    std::int64_t add(std::string title) {
        std::lock_guard lock(mutex_);
        titles_.push_back(std::move(title));
        return static_cast<std::int64_t>(titles_.size());
    }

private:
    mutable std::mutex mutex_;
    std::vector<std::string> titles_{"The C++ Programming Language", "SICP", "TCP/IP Illustrated"};
};

}  // namespace

int main(int argc, char** argv) {
    auto shelf = std::make_shared<Shelf>();
    routing::Router router;

    // Handlers may call url_for on `router`: it lives as long as main, and
    // run_example_server does not return. Nothing is added once serving starts.
    router.get(
        "/",
        [&r = router](const http::Request&, const routing::Params&) {
            return http::Response::text(
                200, "books:  " + r.url_for("books") +
                         "\none:    " + r.url_for("book", {{"id", "2"}}) +
                         "\nsearch: " + r.url_for("search", {{"q", "c++"}, {"tag", "a b"}}) +
                         "\nfile:   " + r.url_for("file", {{"path", "docs/read me.txt"}}) + "\n");
        },
        "home");

    router.get(
        "/books",
        [shelf](const http::Request&, const routing::Params&) {
            std::string body;
            std::int64_t id = 0;
            for (const auto& title : shelf->titles()) {
                body += std::to_string(++id) + ": " + title + "\n";
            }
            return http::Response::text(200, body);
        },
        "books");

    router.get<"/books/{id:int}">(
        [shelf](const http::Request&, std::int64_t id) {
            auto titles = shelf->titles();
            if (id < 1 || id > static_cast<std::int64_t>(titles.size())) {
                return http::Response::text(404, "no book " + std::to_string(id) + "\n");
            }
            return http::Response::text(200, titles[static_cast<std::size_t>(id - 1)] + "\n");
        },
        "book");

    router.post("/books", [shelf, &router](const http::Request& request, const routing::Params&) {
        if (request.body.empty()) {
            return http::Response::text(400, "send the title as the body\n");
        }
        std::int64_t id = shelf->add(request.body);
        auto response = http::Response::text(201, "created\n");
        response.headers.set("Location", router.url_for("book", {{"id", std::to_string(id)}}));
        return response;
    });

    router.get(
        "/search",
        [](const http::Request& request, const routing::Params&) {
            auto query = routing::parse_query(request.query());
            std::string body = "q = " + std::string(query.get("q").value_or("(none)")) + "\n";
            for (auto tag : query.get_all("tag")) {
                body += "tag = " + std::string(tag) + "\n";
            }
            return http::Response::text(200, body);
        },
        "search");

    router.get<"/files/{*path}">(
        [](const http::Request&, std::string_view path) {
            return http::Response::text(200,
                                        "you asked for the file \"" + std::string(path) + "\"\n");
        },
        "file");

    auto api = router.group("/api/v1");
    api.get("/status", [](const http::Request&, const routing::Params&) {
        return http::Response::text(200, "{\"ok\":true}\n", "application/json");
    });

    return http::run_example_server(argc, argv, router.to_handler());
}
