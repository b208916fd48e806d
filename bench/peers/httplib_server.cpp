// The cpp-httplib peer: TechEmpower's six tests on cpp-httplib (Debian's
// libcpp-httplib-dev), Boost.JSON and SQLite's C API, written the way its
// users write them: a handler per route, a thread pool, blocking I/O.
//
//   bench_peer_httplib --db PATH --port N --threads N
//
// cpp-httplib serves a connection on one pool thread until the connection
// closes, so each thread keeps its own SQLite connection and prepared
// statements (thread_local): no lock around the database.

#include <httplib.h>
#include <sqlite3.h>

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <csignal>
#include <ctime>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace json = boost::json;

namespace {

std::string database_path;

/// One thread's connection and its prepared statements.
class Database {
public:
    Database() {
        if (sqlite3_open_v2(database_path.c_str(), &db_,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
            throw std::runtime_error{"cannot open " + database_path + ": " + sqlite3_errmsg(db_)};
        }
        sqlite3_busy_timeout(db_, 5000);
        // As the app's ORM sets it on every connection: in WAL mode a commit
        // then waits for the disk only at checkpoints.
        sqlite3_exec(db_, "PRAGMA synchronous = NORMAL", nullptr, nullptr, nullptr);
        world_ = prepare("SELECT id, randomNumber FROM World WHERE id = ?");
        update_ = prepare("UPDATE World SET randomNumber = ? WHERE id = ?");
        fortunes_ = prepare("SELECT id, message FROM Fortune");
    }
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database() {
        for (sqlite3_stmt* statement : {world_, update_, fortunes_}) {
            sqlite3_finalize(statement);
        }
        sqlite3_close(db_);
    }

    /// The World row with this id, as {"id":..,"randomNumber":..}.
    json::object world(int id) {
        sqlite3_bind_int(world_, 1, id);
        json::object row;
        if (sqlite3_step(world_) == SQLITE_ROW) {
            row["id"] = sqlite3_column_int(world_, 0);
            row["randomNumber"] = sqlite3_column_int(world_, 1);
        }
        sqlite3_reset(world_);
        return row;
    }

    /// Writes every row's new randomNumber in one transaction.
    void update(const std::vector<std::pair<int, int>>& rows) {
        sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
        for (auto [id, number] : rows) {
            sqlite3_bind_int(update_, 1, number);
            sqlite3_bind_int(update_, 2, id);
            sqlite3_step(update_);
            sqlite3_reset(update_);
        }
        sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    }

    /// Every fortune, as (id, message).
    std::vector<std::pair<int, std::string>> fortunes() {
        std::vector<std::pair<int, std::string>> rows;
        while (sqlite3_step(fortunes_) == SQLITE_ROW) {
            rows.emplace_back(sqlite3_column_int(fortunes_, 0),
                              reinterpret_cast<const char*>(sqlite3_column_text(fortunes_, 1)));
        }
        sqlite3_reset(fortunes_);
        return rows;
    }

private:
    sqlite3_stmt* prepare(const char* sql) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) !=
            SQLITE_OK) {
            throw std::runtime_error{std::string{"cannot prepare "} + sql + ": " +
                                     sqlite3_errmsg(db_)};
        }
        return statement;
    }

    sqlite3* db_ = nullptr;
    sqlite3_stmt* world_ = nullptr;
    sqlite3_stmt* update_ = nullptr;
    sqlite3_stmt* fortunes_ = nullptr;
};

Database& database() {
    thread_local Database db;
    return db;
}

int random_id() {
    thread_local std::minstd_rand generator{std::random_device{}()};
    return std::uniform_int_distribution<int>{1, 10000}(generator);
}

/// TechEmpower's rule: queries is clamped to 1..500, and anything else is 1.
int queries_count(const httplib::Request& request) {
    std::string text = request.get_param_value("queries");
    int count = 1;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
    if (error != std::errc{} || end != text.data() + text.size()) {
        return 1;
    }
    return std::clamp(count, 1, 500);
}

std::string http_date() {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    std::array<char, 64> text{};
    return {text.data(),
            std::strftime(text.data(), text.size(), "%a, %d %b %Y %H:%M:%S GMT", &utc)};
}

/// HTML-escapes text the way a hand-written page must: & < > " '.
void append_escaped(std::string& out, std::string_view text) {
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#x27;";
                break;
            default:
                out += c;
        }
    }
}

json::array random_worlds(int count) {
    json::array worlds;
    worlds.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        worlds.push_back(database().world(random_id()));
    }
    return worlds;
}

httplib::Server* running = nullptr;

}  // namespace

int main(int argc, char** argv) {
    int port = 8080;
    int threads = 8;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string_view name = argv[i];
        if (name == "--db") {
            database_path = argv[i + 1];
        } else if (name == "--port") {
            port = std::atoi(argv[i + 1]);
        } else if (name == "--threads") {
            threads = std::max(1, std::atoi(argv[i + 1]));
        } else {
            std::cerr << "httplib_server: unknown option " << name
                      << ": use --db PATH --port N --threads N\n";
            return 2;
        }
    }
    if (database_path.empty()) {
        std::cerr << "httplib_server: --db PATH is required (the SQLite file the app made)\n";
        return 2;
    }

    httplib::Server server;
    server.new_task_queue = [threads] {
        return new httplib::ThreadPool(static_cast<std::size_t>(threads));
    };
    server.set_default_headers({{"Server", "httplib"}});
    // cpp-httplib writes the head and the body in separate sends; without
    // TCP_NODELAY, Nagle's algorithm holds the body until the client's delayed
    // ACK (40 ms on Linux), which caps a keep-alive connection at 25 requests/s.
    server.set_tcp_nodelay(true);
    // cpp-httplib does not send Date; TechEmpower's rules want it on every response.
    server.set_post_routing_handler([](const httplib::Request&, httplib::Response& response) {
        response.set_header("Date", http_date());
    });

    server.Get("/plaintext", [](const httplib::Request&, httplib::Response& response) {
        response.set_content("Hello, World!", "text/plain");
    });
    server.Get("/json", [](const httplib::Request&, httplib::Response& response) {
        response.set_content(json::serialize(json::object{{"message", "Hello, World!"}}),
                             "application/json");
    });
    server.Get("/db", [](const httplib::Request&, httplib::Response& response) {
        response.set_content(json::serialize(database().world(random_id())), "application/json");
    });
    server.Get("/queries", [](const httplib::Request& request, httplib::Response& response) {
        response.set_content(json::serialize(random_worlds(queries_count(request))),
                             "application/json");
    });
    server.Get("/updates", [](const httplib::Request& request, httplib::Response& response) {
        json::array worlds = random_worlds(queries_count(request));
        std::vector<std::pair<int, int>> rows;
        for (json::value& world : worlds) {
            json::object& row = world.as_object();
            int number = random_id();
            row["randomNumber"] = number;
            rows.emplace_back(static_cast<int>(row["id"].as_int64()), number);
        }
        std::sort(rows.begin(), rows.end());  // one lock order for every writer
        database().update(rows);
        response.set_content(json::serialize(worlds), "application/json");
    });
    server.Get("/fortunes", [](const httplib::Request&, httplib::Response& response) {
        auto rows = database().fortunes();
        rows.emplace_back(0, "Additional fortune added at request time.");
        std::sort(rows.begin(), rows.end(),
                  [](const auto& a, const auto& b) { return a.second < b.second; });
        std::string page =
            "<!DOCTYPE "
            "html><html><head><title>Fortunes</title></head><body><table><tr><th>id</"
            "th><th>message</th></tr>";
        for (const auto& [id, message] : rows) {
            page += "<tr><td>";
            page += std::to_string(id);
            page += "</td><td>";
            append_escaped(page, message);
            page += "</td></tr>";
        }
        page += "</table></body></html>";
        response.set_content(page, "text/html; charset=utf-8");
    });

    int bound = port == 0 ? server.bind_to_any_port("127.0.0.1")
                          : (server.bind_to_port("127.0.0.1", port) ? port : -1);
    if (bound < 0) {
        std::cerr << "httplib_server: cannot listen on 127.0.0.1:" << port << '\n';
        return 1;
    }
    std::cout << "listening on http://127.0.0.1:" << bound << std::endl;
    running = &server;
    std::signal(SIGTERM, [](int) { running->stop(); });
    std::signal(SIGINT, [](int) { running->stop(); });
    server.listen_after_bind();
    return 0;
}
