// TechEmpower's six tests on the reference framework, by their rules: the
// app `./course bench --peers` measures against the servers learners know.
//
//   GET /plaintext          "Hello, World!" (text/plain), on the event loop
//   GET /json               {"message":"Hello, World!"}, on the event loop
//   GET /db                 one random World row as JSON
//   GET /queries?queries=N  N random rows (N clamped to 1..500; not a number: 1)
//   GET /fortunes           the Fortune rows and one added now, sorted by
//                           message, rendered and escaped by the template engine
//   GET /updates?queries=N  N random rows, each given a new randomNumber and
//                           written back in one transaction
//
// Every answer carries Server and Date. The database is a SQLite file (WAL
// mode) that the first start creates: World with 10,000 rows, Fortune with
// TechEmpower's 12. The handlers that touch it are plain handlers on the
// pool (SQLite blocks), and get their repositories from the DI container,
// one scope per request; the two that do not run on the loop.
//
// Run it, then from another terminal:
//
//   ./build/release/example_09_techempower --db /tmp/hello.db --port 8080 --threads 2
//   curl -i http://127.0.0.1:8080/fortunes
//   curl -i 'http://127.0.0.1:8080/queries?queries=3'
//   wrk -t2 -c64 -d10s http://127.0.0.1:8080/db

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/describe.hpp>
#include <boost/json.hpp>

#include "minifw/async/server.hpp"
#include "minifw/di/collection.hpp"
#include "minifw/di/container.hpp"
#include "minifw/di/request_scope.hpp"
#include "minifw/middleware/pipeline.hpp"
#include "minifw/orm/connections.hpp"
#include "minifw/orm/orm.hpp"
#include "minifw/routing/router.hpp"
#include "minifw/routing/url.hpp"
#include "minifw/views/json.hpp"
#include "minifw/views/template.hpp"

namespace async = minifw::async;
namespace di = minifw::di;
namespace http = minifw::http;
namespace mw = minifw::middleware;
namespace orm = minifw::orm;
namespace routing = minifw::routing;
namespace views = minifw::views;
namespace json = boost::json;

namespace {

// The member names are TechEmpower's: they are the columns and the JSON keys.
struct World {
    std::int64_t id = 0;
    std::int64_t randomNumber = 0;  // NOLINT(readability-identifier-naming): the test's name
};
BOOST_DESCRIBE_STRUCT(World, (), (id, randomNumber))

struct Fortune {
    std::int64_t id = 0;
    std::string message;
};
BOOST_DESCRIBE_STRUCT(Fortune, (), (id, message))

}  // namespace

template <>
struct minifw::orm::Table<World> {
    static constexpr std::string_view name = "World";
    static constexpr auto primary_key = &World::id;
};

template <>
struct minifw::orm::Table<Fortune> {
    static constexpr std::string_view name = "Fortune";
    static constexpr auto primary_key = &Fortune::id;
};

namespace {

constexpr std::int64_t kWorldRows = 10'000;

// The schema and its rows, made by the first start. The peers read the same
// file, so the tables have TechEmpower's names.
constexpr orm::Migration kMigrations[] = {
    {1, "create World",
     "CREATE TABLE World (id INTEGER PRIMARY KEY, randomNumber INTEGER NOT NULL)"},
    {2, "10,000 worlds",
     "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)"
     " INSERT INTO World (id, randomNumber) SELECT i, abs(random() % 10000) + 1 FROM n"},
    {3, "create Fortune", "CREATE TABLE Fortune (id INTEGER PRIMARY KEY, message TEXT NOT NULL)"},
    {4, "TechEmpower's fortunes",
     "INSERT INTO Fortune (id, message) VALUES"
     " (1, 'fortune: No such file or directory'),"
     " (2, 'A computer scientist is someone who fixes things that aren''t broken.'),"
     " (3, 'After enough decimal places, nobody gives a damn.'),"
     " (4, 'A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1'),"
     " (5, 'A computer program does what you tell it to do, not what you want it to do.'),"
     " (6, 'Emacs is a nice operating system, but I prefer UNIX. \xE2\x80\x94 Tom Christaensen'),"
     " (7, 'Any program that runs right is obsolete.'),"
     " (8, 'A list is only as strong as its weakest link. \xE2\x80\x94 Donald Knuth'),"
     " (9, 'Feature: A bug with seniority.'),"
     " (10, 'Computers make very fast, very accurate mistakes.'),"
     " (11, '<script>alert(\"This should not be displayed in a browser alert box.\");</script>'),"
     " (12, '\xE3\x83\x95\xE3\x83\xAC\xE3\x83\xBC\xE3\x83\xA0\xE3\x83\xAF\xE3\x83\xBC\xE3\x82\xAF"
     "\xE3\x81\xAE\xE3\x83\x99\xE3\x83\xB3\xE3\x83\x81\xE3\x83\x9E\xE3\x83\xBC\xE3\x82\xAF')"},
};

constexpr std::string_view kFortunesPage =
    "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
    "<tr><th>id</th><th>message</th></tr>"
    "{% for f in fortunes %}<tr><td>{{ f.id }}</td><td>{{ f.message }}</td></tr>{% endfor %}"
    "</table></body></html>";

// A row number from 1 to 10,000, from the calling thread's own generator (a
// shared one would need a lock on every draw).
std::int64_t random_id() {
    thread_local std::minstd_rand generator{std::random_device{}()};
    return std::uniform_int_distribution<std::int64_t>(1, kWorldRows)(generator);
}

// The repositories: scoped, so each request gets its own, on its thread's
// connection; the connections are the container's one singleton.
class Worlds {
public:
    explicit Worlds(std::shared_ptr<orm::ConnectionPerThread> connections)
        : db_(connections->get()) {}

    World random() {
        auto world = orm::get<World>(db_, random_id());
        if (!world) {
            throw std::runtime_error(
                "the World table has lost a row: delete the file to remake it");
        }
        return *world;
    }

    std::vector<World> random(std::size_t count) {
        std::vector<World> worlds;
        worlds.reserve(count);
        for (std::size_t i = 0; i < count; ++i) {
            worlds.push_back(random());
        }
        return worlds;
    }

    // Each row read first, then all written in one transaction (the test
    // allows batching the writes).
    std::vector<World> update_random(std::size_t count) {
        std::vector<World> worlds = random(count);
        for (World& world : worlds) {
            const std::int64_t old = world.randomNumber;
            do {
                world.randomNumber = random_id();
            } while (world.randomNumber == old);  // a change a checker can see
        }
        orm::Transaction transaction(db_);
        for (const World& world : worlds) {
            orm::save(db_, world);
        }
        transaction.commit();
        return worlds;
    }

private:
    orm::Database& db_;
};

class Fortunes {
public:
    explicit Fortunes(std::shared_ptr<orm::ConnectionPerThread> connections)
        : db_(connections->get()) {}

    std::vector<Fortune> all() { return orm::query<Fortune>(db_).all(); }

private:
    orm::Database& db_;
};

// What the fortunes template reads: `fortunes`, a list of described structs.
struct FortunesData {
    std::vector<Fortune> fortunes;
};
BOOST_DESCRIBE_STRUCT(FortunesData, (), (fortunes))

// The parsed page: a singleton, parsed once at start, rendered by every thread.
struct FortunesPage {
    views::Template tmpl = views::parse_template(kFortunesPage, "fortunes.html");
};

// TechEmpower's rule for `queries`: absent or not a number is 1, then 1..500.
std::size_t queries_of(const http::Request& request) {
    const routing::Params query = routing::parse_query(request.query());
    long count = 1;
    if (const auto text = query.get("queries")) {
        const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), count);
        if (error != std::errc{} || end != text->data() + text->size()) {
            count = 1;
        }
    }
    return static_cast<std::size_t>(std::clamp(count, 1L, 500L));
}

http::Response fortunes_page(http::Context& context) {
    std::vector<Fortune> fortunes = di::service<Fortunes>(context)->all();
    fortunes.push_back({0, "Additional fortune added at request time."});
    std::sort(fortunes.begin(), fortunes.end(),
              [](const Fortune& a, const Fortune& b) { return a.message < b.message; });

    // The template reads the structs where they are: no copy into JSON.
    const FortunesData data{std::move(fortunes)};
    const views::Template& page = di::service<FortunesPage>(context)->tmpl;
    return http::Response::text(200, views::render(page, data), "text/html; charset=utf-8");
}

// The four tests that touch the database: plain handlers, each with the
// request's own scope.
http::Handler database_routes(const di::Container& services) {
    routing::Router router;
    router.get("/db", [](http::Context& context) {
        return views::json_response(di::service<Worlds>(context)->random());
    });
    router.get("/queries", [](http::Context& context) {
        const std::size_t count = queries_of(context.request());
        return views::json_response(di::service<Worlds>(context)->random(count));
    });
    router.get("/updates", [](http::Context& context) {
        const std::size_t count = queries_of(context.request());
        return views::json_response(di::service<Worlds>(context)->update_random(count));
    });
    router.get("/fortunes", fortunes_page);
    mw::Pipeline pipeline;
    pipeline.use("services", di::request_scope(services));
    return pipeline.build(router.to_handler());
}

// Made once per thread: the answers that never change, but are serialised
// anew for every request as the rules ask.
http::Response plaintext() { return http::Response::text(200, "Hello, World!", "text/plain"); }

http::Response hello_json() {
    return http::Response::text(200, json::serialize(json::object{{"message", "Hello, World!"}}),
                                "application/json");
}

// --db PATH is ours; the rest (--port, --threads, --host) goes to the server.
std::string take_db_path(int& argc, char** argv) {
    std::string path;
    int kept = 1;
    for (int i = 1; i < argc; ++i) {
        if (std::string_view(argv[i]) == "--db" && i + 1 < argc) {
            path = argv[++i];
        } else {
            argv[kept++] = argv[i];
        }
    }
    argc = kept;
    return path;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string db_path = take_db_path(argc, argv);
    if (db_path.empty()) {
        std::fprintf(stderr,
                     "usage: %s --db PATH [--port N] [--threads N] [--host ADDRESS]\n"
                     "  PATH: the SQLite file, created with its rows on the first start\n",
                     argv[0]);
        return 2;
    }
    try {
        orm::Database setup(db_path);
        orm::migrate(setup, kMigrations);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "techempower: %s\n", e.what());
        return 1;
    }

    di::ServiceCollection collection;
    collection
        .add_singleton<orm::ConnectionPerThread>([db_path](di::Resolver&) {
            return std::make_shared<orm::ConnectionPerThread>(db_path);
        })
        .add_singleton<FortunesPage>()
        .add_scoped<Worlds, Worlds, orm::ConnectionPerThread>()
        .add_scoped<Fortunes, Fortunes, orm::ConnectionPerThread>();
    const di::Container services = collection.build();
    services.get<FortunesPage>();  // parsed now: a broken template stops the start

    const http::Handler routes = database_routes(services);
    async::App app([&routes](http::Context& context) -> async::Task<http::Response> {
        const std::string_view path = context.request().path();
        http::Response response;
        if (path == "/plaintext") {
            response = plaintext();
        } else if (path == "/json") {
            response = hello_json();
        } else {
            // SQLite blocks: the pool runs these, the loop serves the others.
            response = co_await async::offload(context, [&] { return routes(context); });
        }
        response.headers.set("Server", "minifw");
        co_return response;
    });
    // A benchmark's clients keep their connections for millions of requests
    // (the nginx peer's keepalive_requests is the same): the default of
    // 1,000 per connection would close a pipelining client's connection
    // with part of its batch unanswered, and measure its reconnects.
    async::ServerOptions options;
    options.session.max_requests = 1'000'000;
    return async::run_example_server(argc, argv, std::move(app), std::move(options));
}
