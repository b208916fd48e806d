// A small JSON API over a SQLite file, made on first start: migrations run
// at every start (each applied once), every request gets its thread's own
// connection, and every error is an RFC 9457 problem+json.
//
//   GET    /posts?author=ada&q=orm&published=true&page=1&per_page=20
//   POST   /posts         {"title": ..., "author": ..., "body": ..., "published": ...}
//   GET    /posts/{id}
//   PATCH  /posts/{id}    any of the fields above
//   DELETE /posts/{id}
//
// Run it, then from another terminal:
//
//   ./build/reference/example_07_api --db /tmp/posts.db --port 8080
//   J='Content-Type: application/json'
//   curl -i -H "$J" -d '{"title": "Hello", "author": "ada"}' http://127.0.0.1:8080/posts
//   curl -i 'http://127.0.0.1:8080/posts?author=ada&page=1&per_page=10'
//   curl -i -X PATCH -H "$J" -d '{"published": true}' http://127.0.0.1:8080/posts/1
//   curl -i -H "$J" -d '{"title": 5}' http://127.0.0.1:8080/posts
//   curl -i -X DELETE http://127.0.0.1:8080/posts/1
//
// Stop it and start it again: the posts are still there, and the migrations
// are not applied twice.

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/describe.hpp>

#include "minifw/http/server.hpp"
#include "minifw/log.hpp"
#include "minifw/middleware/pipeline.hpp"
#include "minifw/orm/orm.hpp"
#include "minifw/routing/router.hpp"
#include "minifw/routing/url.hpp"
#include "minifw/views/json.hpp"
#include "minifw/views/problem.hpp"

namespace http = minifw::http;
namespace orm = minifw::orm;
namespace routing = minifw::routing;
namespace views = minifw::views;
namespace middleware = minifw::middleware;

namespace {

// One description serves the row (stage 07) and the JSON (stage 06).
struct Post {
    std::int64_t id = 0;
    std::string title;
    std::string body;
    std::string author;
    bool published = false;
};
BOOST_DESCRIBE_STRUCT(Post, (), (id, title, body, author, published))

// What a client sends to create a post: the two optional fields may be left out.
struct NewPost {
    std::string title;
    std::string author;
    std::optional<std::string> body;
    std::optional<bool> published;
};
BOOST_DESCRIBE_STRUCT(NewPost, (), (title, author, body, published))

// What a client sends to change one: any of the fields.
struct PostChanges {
    std::optional<std::string> title;
    std::optional<std::string> author;
    std::optional<std::string> body;
    std::optional<bool> published;
};
BOOST_DESCRIBE_STRUCT(PostChanges, (), (title, author, body, published))

// One page of a list.
struct Page {
    std::vector<Post> items;
    std::int64_t page = 1;
    std::int64_t per_page = 20;
    std::int64_t total = 0;
};
BOOST_DESCRIBE_STRUCT(Page, (), (items, page, per_page, total))

}  // namespace

template <>
struct minifw::orm::Table<Post> {
    static constexpr std::string_view name = "posts";
    static constexpr auto primary_key = &Post::id;
};

namespace {

// The schema, one step at a time. A step that has run is never changed:
// a change is a new step.
constexpr orm::Migration kMigrations[] = {
    {1, "create posts",
     "CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL,"
     " author TEXT NOT NULL, published INTEGER NOT NULL DEFAULT 0)"},
    {2, "index posts by author", "CREATE INDEX posts_by_author ON posts(author)"},
};

// A 4xx problem about one thing the client sent: `member` is "pointer" for
// a field of the body (a JSON pointer, RFC 6901) or "parameter" for one of
// the query, the shape of RFC 9457 section 3's "errors" member.
[[noreturn]] void refuse(int status, const std::string& detail, std::string_view member = "",
                         std::string_view where = "") {
    views::Problem problem = views::make_problem(status, detail);
    if (!member.empty()) {
        problem.extensions["errors"] =
            boost::json::array{boost::json::object{{member, where}, {"detail", detail}}};
    }
    throw views::ProblemError(std::move(problem));
}

// The rules the JSON types cannot say.
void check(const Post& post) {
    if (post.title.empty() || post.title.size() > 200) {
        refuse(422, "/title: must hold 1 to 200 characters", "pointer", "/title");
    }
    if (post.author.empty()) {
        refuse(422, "/author: must not be empty", "pointer", "/author");
    }
}

// A query parameter that must be a whole number in [low, high].
std::int64_t number_param(const routing::Params& query, std::string_view name,
                          std::int64_t fallback, std::int64_t low, std::int64_t high) {
    const auto text = query.get(name);
    if (!text) {
        return fallback;
    }
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (error != std::errc{} || end != text->data() + text->size() || value < low || value > high) {
        refuse(400,
               std::string(name) + " must be a whole number from " + std::to_string(low) + " to " +
                   std::to_string(high),
               "parameter", name);
    }
    return value;
}

http::Response list(orm::Database& db, const http::Request& request) {
    const routing::Params params = routing::parse_query(request.query());
    auto posts = orm::query<Post>(db);
    if (auto author = params.get("author")) {
        posts = posts.filter(orm::field("author").eq(std::string(*author)));
    }
    if (auto text = params.get("q")) {
        posts =
            posts.filter(orm::field("title").contains(*text) || orm::field("body").contains(*text));
    }
    if (auto published = params.get("published")) {
        if (*published != "true" && *published != "false") {
            refuse(400, "published must be true or false", "parameter", "published");
        }
        posts = posts.filter(orm::field("published").eq(*published == "true"));
    }
    Page page;
    page.page = number_param(params, "page", 1, 1, 1'000'000);
    page.per_page = number_param(params, "per_page", 20, 1, 100);
    page.items =
        posts.order_by("-id").limit(page.per_page).offset((page.page - 1) * page.per_page).all();
    page.total = posts.count();
    return views::json_response(page);
}

std::int64_t id_of(const http::Context& context) {
    return std::stoll(std::string(routing::route_of(context)->params.at("id")));
}

Post find(orm::Database& db, std::int64_t id) {
    auto post = orm::get<Post>(db, id);
    if (!post) {
        refuse(404, "there is no post " + std::to_string(id));
    }
    return *post;
}

// Errors as problems (views::problem_error_handler), except a database that
// stays locked: a 503 the client may retry, not a 500.
http::Response api_error(const http::Request& request, std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const orm::BusyError& e) {
        minifw::log_line(std::string("api: ") + e.what());
        http::Response busy =
            views::problem_response(views::make_problem(503, "the database is busy: try again"));
        busy.headers.set("Retry-After", "1");
        return busy;
    } catch (...) {
        return views::problem_error_handler(request, error);
    }
}

// The router's own 404 and 405 are plain text: make them problems too,
// keeping Allow, so that every answer of the API is JSON.
http::Response as_problem(http::Context& context, middleware::Next& next) {
    http::Response response = next(context);
    const auto type = response.headers.get("Content-Type").value_or("");
    if (response.status < 400 || type.starts_with("application/")) {
        return response;
    }
    http::Response problem = views::problem_response(views::make_problem(response.status, ""));
    if (auto allow = response.headers.get("Allow")) {
        problem.headers.set("Allow", *allow);
    }
    return problem;
}

}  // namespace

int main(int argc, char** argv) {
    // --db PATH is ours; the other arguments (--host, --port) are the server's.
    std::string path = "posts.db";
    std::vector<char*> server_args{argv[0]};
    for (int i = 1; i < argc; ++i) {
        if (std::string_view(argv[i]) == "--db" && i + 1 < argc) {
            path = argv[++i];
        } else {
            server_args.push_back(argv[i]);
        }
    }
    try {
        orm::Database db(path);
        orm::migrate(db, kMigrations);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "cannot prepare the database %s: %s\n", path.c_str(), e.what());
        return 1;
    }

    // The server runs each connection on a thread of its own; each thread
    // gets its own connection to the file.
    orm::ConnectionPerThread connections(path);
    routing::Router router;
    router.get("/posts", [&connections](const http::Request& request, const routing::Params&) {
        return list(connections.get(), request);
    });
    router.post("/posts", [&connections](http::Context& context) {
        const NewPost sent = views::read_json<NewPost>(context);
        Post post{0, sent.title, sent.body.value_or(""), sent.author,
                  sent.published.value_or(false)};
        check(post);
        orm::insert(connections.get(), post);
        http::Response response = views::json_response(post, 201);
        response.headers.set("Location", "/posts/" + std::to_string(post.id));
        return response;
    });
    router.get<"/posts/{id:int}">([&connections](const http::Request&, std::int64_t id) {
        return views::json_response(find(connections.get(), id));
    });
    router.add("PATCH", "/posts/{id:int}", [&connections](http::Context& context) {
        const PostChanges changes = views::read_json<PostChanges>(context);
        orm::Database& db = connections.get();
        // Read, change and write in one transaction, so that two PATCHes of
        // one post cannot interleave.
        orm::Transaction tx{db};
        Post post = find(db, id_of(context));
        post.title = changes.title.value_or(post.title);
        post.author = changes.author.value_or(post.author);
        post.body = changes.body.value_or(post.body);
        post.published = changes.published.value_or(post.published);
        check(post);
        orm::save(db, post);
        tx.commit();
        return views::json_response(post);
    });
    router.add("DELETE", "/posts/{id:int}", [&connections](http::Context& context) {
        const std::int64_t id = id_of(context);
        if (orm::query<Post>(connections.get()).filter(orm::field("id").eq(id)).remove() == 0) {
            refuse(404, "there is no post " + std::to_string(id));
        }
        http::Response done;
        done.status = 204;  // no body, and so no Content-Type
        return done;
    });

    middleware::Pipeline pipeline;
    pipeline.on_error(api_error).use("problems", as_problem);
    return http::run_example_server(static_cast<int>(server_args.size()), server_args.data(),
                                    pipeline.build(router.to_handler()));
}
