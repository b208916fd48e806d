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

#include <boost/json.hpp>

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "minifw/http/server.hpp"
#include "minifw/http/status.hpp"
#include "minifw/log.hpp"
#include "minifw/orm/orm.hpp"
#include "minifw/routing/router.hpp"
#include "minifw/routing/url.hpp"

namespace http = minifw::http;
namespace orm = minifw::orm;
namespace routing = minifw::routing;
namespace json = boost::json;

namespace {

struct Post {
    std::int64_t id = 0;
    std::string title;
    std::string body;
    std::string author;
    bool published = false;
};
BOOST_DESCRIBE_STRUCT(Post, (), (id, title, body, author, published))

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

// A client error, answered as a problem. `pointer` names the JSON field at
// fault (RFC 6901), `parameter` the query parameter; either may be empty.
struct Problem {
    int status;
    std::string detail;
    std::string pointer = "";
    std::string parameter = "";
};

// Stage 06 gives these two as views::json_response and
// views::problem_response; here they are Boost.JSON directly.
http::Response json_response(const json::value& value, int status = 200) {
    return http::Response::text(status, json::serialize(value) + "\n", "application/json");
}

http::Response problem_response(int status, const std::string& detail,
                                const std::string& pointer = "",
                                const std::string& parameter = "") {
    json::object problem{{"type", "about:blank"},
                         {"title", std::string(http::reason_phrase(status))},
                         {"status", status}};
    if (!detail.empty()) {
        problem["detail"] = detail;
    }
    // RFC 9457 section 3 shows an "errors" member, one entry per field.
    if (!pointer.empty()) {
        problem["errors"] = json::array{json::object{{"pointer", pointer}, {"detail", detail}}};
    } else if (!parameter.empty()) {
        problem["errors"] = json::array{json::object{{"parameter", parameter}, {"detail", detail}}};
    }
    return http::Response::text(status, json::serialize(problem) + "\n",
                                "application/problem+json");
}

json::value to_json(const Post& post) {
    return json::object{{"id", post.id},
                        {"title", post.title},
                        {"body", post.body},
                        {"author", post.author},
                        {"published", post.published}};
}

// The body as a JSON object, or the problem that says what is wrong with it.
json::object read_object(const http::Request& request) {
    const auto type = request.headers.get("Content-Type").value_or("");
    if (!type.starts_with("application/json")) {
        throw Problem{415, "send the post as JSON, with Content-Type: application/json", ""};
    }
    boost::system::error_code error;
    json::value value = json::parse(request.body, error);
    if (error) {
        throw Problem{400, "the body is not JSON: " + error.message(), ""};
    }
    if (!value.is_object()) {
        throw Problem{422, "the body must be a JSON object", ""};
    }
    return std::move(value.as_object());
}

// Copies the fields `object` has onto `post`; every field is checked, and an
// unknown one is refused rather than silently dropped.
void apply(const json::object& object, Post& post) {
    for (const auto& [key, value] : object) {
        const std::string pointer = "/" + std::string(key);
        if (key == "title" || key == "body" || key == "author") {
            if (!value.is_string()) {
                throw Problem{422, pointer + " must be a string", pointer};
            }
            std::string& field = key == "title"  ? post.title
                                 : key == "body" ? post.body
                                                 : post.author;
            field = value.as_string().c_str();
        } else if (key == "published") {
            if (!value.is_bool()) {
                throw Problem{422, pointer + " must be true or false", pointer};
            }
            post.published = value.as_bool();
        } else {
            throw Problem{422, pointer + " is not a field of a post", pointer};
        }
    }
    if (post.title.empty() || post.title.size() > 200) {
        throw Problem{422, "/title must hold 1 to 200 characters", "/title"};
    }
    if (post.author.empty()) {
        throw Problem{422, "/author must not be empty", "/author"};
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
        throw Problem{400,
                      std::string(name) + " must be a whole number from " + std::to_string(low) +
                          " to " + std::to_string(high),
                      "", std::string(name)};
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
            throw Problem{400, "published must be true or false", "", "published"};
        }
        posts = posts.filter(orm::field("published").eq(*published == "true"));
    }
    const std::int64_t page = number_param(params, "page", 1, 1, 1'000'000);
    const std::int64_t per_page = number_param(params, "per_page", 20, 1, 100);
    json::array items;
    for (const Post& post :
         posts.order_by("-id").limit(per_page).offset((page - 1) * per_page).all()) {
        items.push_back(to_json(post));
    }
    return json_response(json::object{{"items", std::move(items)},
                                      {"page", page},
                                      {"per_page", per_page},
                                      {"total", posts.count()}});
}

Post find(orm::Database& db, std::int64_t id) {
    auto post = orm::get<Post>(db, id);
    if (!post) {
        throw Problem{404, "there is no post " + std::to_string(id), ""};
    }
    return *post;
}

// Every answer of the API as JSON: problems for what the client can fix, a
// 503 when the database stays locked, and a 500 that reveals nothing else.
http::Handler as_json_api(http::Handler inner) {
    return [inner](http::Context& context) {
        try {
            http::Response response = inner(context);
            const auto type = response.headers.get("Content-Type").value_or("");
            if (response.status >= 400 && !type.starts_with("application/")) {
                // The router's own 404 and 405 (its Allow field is kept).
                http::Response problem = problem_response(response.status, "");
                if (auto allow = response.headers.get("Allow")) {
                    problem.headers.set("Allow", *allow);
                }
                return problem;
            }
            return response;
        } catch (const Problem& problem) {
            return problem_response(problem.status, problem.detail, problem.pointer,
                                    problem.parameter);
        } catch (const http::HttpError& e) {
            return problem_response(e.status(), e.status() < 500 ? e.what() : "");
        } catch (const orm::BusyError& e) {
            minifw::log_line(std::string("api: ") + e.what());
            http::Response busy = problem_response(503, "the database is busy: try again");
            busy.headers.set("Retry-After", "1");
            return busy;
        } catch (const std::exception& e) {
            minifw::log_line(std::string("api: ") + e.what());
            return problem_response(500, "");
        }
    };
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
    router.post("/posts", [&connections](const http::Request& request, const routing::Params&) {
        Post post;
        apply(read_object(request), post);
        orm::insert(connections.get(), post);
        http::Response response = json_response(to_json(post), 201);
        response.headers.set("Location", "/posts/" + std::to_string(post.id));
        return response;
    });
    router.get<"/posts/{id:int}">([&connections](const http::Request&, std::int64_t id) {
        return json_response(to_json(find(connections.get(), id)));
    });
    router.add("PATCH", "/posts/{id:int}",
               [&connections](const http::Request& request, const routing::Params& params) {
                   orm::Database& db = connections.get();
                   const json::object changes = read_object(request);
                   // Read, change and write in one transaction, so that two
                   // PATCHes of one post cannot interleave.
                   orm::Transaction tx{db};
                   Post post = find(db, std::stoll(std::string(params.at("id"))));
                   apply(changes, post);
                   orm::save(db, post);
                   tx.commit();
                   return json_response(to_json(post));
               });
    router.add(
        "DELETE", "/posts/{id:int}",
        [&connections](const http::Request&, const routing::Params& params) {
            const std::int64_t id = std::stoll(std::string(params.at("id")));
            if (orm::query<Post>(connections.get()).filter(orm::field("id").eq(id)).remove() == 0) {
                throw Problem{404, "there is no post " + std::to_string(id), ""};
            }
            return http::Response::text(204, "", "application/json");
        });
    return http::run_example_server(static_cast<int>(server_args.size()), server_args.data(),
                                    as_json_api(router.to_handler()));
}
