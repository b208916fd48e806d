// What the ORM costs, in one run. A primary-key lookup through get<Post>
// (compile the query, find the cached statement, bind, step, map the row)
// against the same lookup with one raw prepared sqlite3 statement (the
// ceiling) and against the Django ORM on the same file; and a page of 20
// posts with their authors, one query per author (N + 1) against one IN
// query for all of them. Counters: `vs_raw` is the raw lookup's time over
// this case's (1.0 = as fast as the ceiling), `vs_naive` the N + 1 page's
// time over this one's, `statements` per page.
// Run: ./course bench 07 (or build/release/bench_07_orm).

#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <time.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "minifw/orm/orm.hpp"

namespace {

namespace orm = minifw::orm;

struct Author {
    std::int64_t id = 0;
    std::string name;
    std::optional<std::string> email;
};
BOOST_DESCRIBE_STRUCT(Author, (), (id, name, email))

struct Post {
    std::int64_t id = 0;
    std::string title;
    std::int64_t author_id = 0;
    int views = 0;
    std::optional<double> rating;
};
BOOST_DESCRIBE_STRUCT(Post, (), (id, title, author_id, views, rating))

}  // namespace

template <>
struct minifw::orm::Table<Author> {
    static constexpr std::string_view name = "authors";
    static constexpr auto primary_key = &Author::id;
};
template <>
struct minifw::orm::Table<Post> {
    static constexpr std::string_view name = "posts";
    static constexpr auto primary_key = &Post::id;
};

namespace {

constexpr int kAuthors = 100;
constexpr int kPosts = 10000;

// One database file for every case, made on first use and removed at exit.
class Fixture {
public:
    static Fixture& get() {
        static Fixture fixture;
        return fixture;
    }
    const std::string& path() const { return path_; }
    orm::Database& db() { return *db_; }

    ~Fixture() {
        db_.reset();
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }

private:
    Fixture() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "minifw-bench-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed");
        }
        dir_ = pattern;
        path_ = (dir_ / "bench.db").string();
        db_ = std::make_unique<orm::Database>(path_);
        db_->execute(
            "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT);"
            "CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT NOT NULL,"
            " author_id INTEGER NOT NULL REFERENCES authors(id), views INTEGER NOT NULL,"
            " rating REAL)");
        orm::Transaction tx{*db_};
        for (int i = 1; i <= kAuthors; ++i) {
            Author author{0, "author " + std::to_string(i), std::nullopt};
            orm::insert(*db_, author);
        }
        for (int i = 1; i <= kPosts; ++i) {
            Post post{0, "post number " + std::to_string(i), (i * 7) % kAuthors + 1, i, 2.5};
            orm::insert(*db_, post);
        }
        tx.commit();
    }

    std::filesystem::path dir_;
    std::string path_;
    std::unique_ptr<orm::Database> db_;
};

// The ceiling: one statement prepared once, bound, stepped and reset.
class RawLookup {
public:
    explicit RawLookup(sqlite3* db) {
        const char* sql = "SELECT id, title, author_id, views, rating FROM posts WHERE id = ?";
        if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
            throw std::runtime_error(sqlite3_errmsg(db));
        }
    }
    ~RawLookup() { sqlite3_finalize(stmt_); }
    RawLookup(const RawLookup&) = delete;
    RawLookup& operator=(const RawLookup&) = delete;

    Post operator()(std::int64_t id) {
        sqlite3_bind_int64(stmt_, 1, id);
        Post post;
        if (sqlite3_step(stmt_) == SQLITE_ROW) {
            post.id = sqlite3_column_int64(stmt_, 0);
            const auto* title = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, 1));
            post.title.assign(title, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, 1)));
            post.author_id = sqlite3_column_int64(stmt_, 2);
            post.views = sqlite3_column_int(stmt_, 3);
            if (sqlite3_column_type(stmt_, 4) != SQLITE_NULL) {
                post.rating = sqlite3_column_double(stmt_, 4);
            }
        }
        sqlite3_reset(stmt_);
        return post;
    }

private:
    sqlite3_stmt* stmt_ = nullptr;
};

// This thread's CPU time in nanoseconds. The ratios are of CPU time, which
// other processes on a busy machine do not inflate as they do wall time.
double cpu_ns() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e9 + static_cast<double>(now.tv_nsec);
}

// CPU nanoseconds per call of `f`, over `count` calls, on the same ids as
// the benchmark loops use.
template <class F>
double ns_per_call(int count, F& f) {
    const double start = cpu_ns();
    for (int i = 0; i < count; ++i) {
        benchmark::DoNotOptimize(f(i % kPosts + 1));
    }
    return (cpu_ns() - start) / count;
}

// Measured once per run, after a warm-up: the framework calls a case more
// than once while it chooses the number of iterations.
double raw_ns() {
    static const double measured = [] {
        RawLookup raw(Fixture::get().db().handle());
        ns_per_call(50000, raw);  // warm the page cache and the branch predictors
        return ns_per_call(200000, raw);
    }();
    return measured;
}

void BM_RawPreparedLookup(benchmark::State& state) {
    RawLookup raw(Fixture::get().db().handle());
    std::int64_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(raw(i++ % kPosts + 1));
    }
    state.counters["vs_raw"] = 1.0;
}
BENCHMARK(BM_RawPreparedLookup);

void BM_OrmGet(benchmark::State& state) {
    orm::Database& db = Fixture::get().db();
    const double baseline = raw_ns();
    std::int64_t i = 0;
    const double start = cpu_ns();
    for (auto _ : state) {
        benchmark::DoNotOptimize(orm::get<Post>(db, i++ % kPosts + 1));
    }
    const double took = cpu_ns() - start;
    state.counters["vs_raw"] = baseline / (took / static_cast<double>(state.iterations()));
}
BENCHMARK(BM_OrmGet);

// Django on the same file: the script times its own loop, and every
// iteration here reports that time, so Python's start-up is not counted.
void BM_DjangoGet(benchmark::State& state) {
    static const std::optional<double> django_ns = []() -> std::optional<double> {
        const auto script = std::filesystem::path(__FILE__).parent_path() / "django_lookup.py";
        // Debian's interpreter, which python3-django installs into, even
        // when another python3 comes first on the PATH.
        const std::string python =
            std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        const std::string command = python + " '" + script.string() + "' '" +
                                    Fixture::get().path() + "' " + std::to_string(kPosts) +
                                    " 20000";
        FILE* pipe = popen(command.c_str(), "r");
        if (pipe == nullptr) {
            return std::nullopt;
        }
        char line[64] = {};
        const bool read = std::fgets(line, sizeof line, pipe) != nullptr;
        if (pclose(pipe) != 0 || !read) {
            return std::nullopt;
        }
        return std::stod(line);
    }();
    if (!django_ns) {
        state.SkipWithError("python3 with Django (python3-django) did not run the lookup script");
        return;
    }
    const double baseline = raw_ns();
    for (auto _ : state) {
        state.SetIterationTime(*django_ns / 1e9);
    }
    state.counters["vs_raw"] = baseline / *django_ns;
}
BENCHMARK(BM_DjangoGet)->UseManualTime();

// The page: the 20 newest posts with more than 100 views, each with its
// author (posts go round the 100 authors, so 20 different ones).
orm::Query<Post> page(orm::Database& db) {
    return orm::query<Post>(db).filter(orm::field("views").gt(100)).order_by("-id").limit(20);
}

std::size_t naive_page(orm::Database& db) {
    std::size_t names = 0;
    for (const Post& post : page(db).all()) {
        names += orm::belongs_to<Author>(db, post, &Post::author_id)->name.size();
    }
    return names;
}

std::size_t prefetched_page(orm::Database& db) {
    const std::vector<Post> posts = page(db).all();
    std::size_t names = 0;
    for (const auto& author : orm::prefetch_belongs_to<Author>(db, posts, &Post::author_id)) {
        names += author->name.size();
    }
    return names;
}

// The N + 1 page's CPU time, measured once per run like raw_ns().
double naive_page_ns() {
    static const double measured = [] {
        orm::Database& db = Fixture::get().db();
        for (int i = 0; i < 500; ++i) {
            benchmark::DoNotOptimize(naive_page(db));
        }
        const double start = cpu_ns();
        for (int i = 0; i < 5000; ++i) {
            benchmark::DoNotOptimize(naive_page(db));
        }
        return (cpu_ns() - start) / 5000;
    }();
    return measured;
}

template <std::size_t (*Page)(orm::Database&)>
void BM_Page(benchmark::State& state) {
    orm::Database& db = Fixture::get().db();
    const double naive = naive_page_ns();
    const auto executed = db.statements_executed();
    const double start = cpu_ns();
    for (auto _ : state) {
        benchmark::DoNotOptimize(Page(db));
    }
    const double took = cpu_ns() - start;
    const auto iterations = static_cast<double>(state.iterations());
    state.counters["statements"] =
        static_cast<double>(db.statements_executed() - executed) / iterations;
    state.counters["vs_naive"] = naive / (took / iterations);
}
BENCHMARK(BM_Page<naive_page>)->Name("BM_PageOf20WithAuthors/naive");
BENCHMARK(BM_Page<prefetched_page>)->Name("BM_PageOf20WithAuthors/prefetched");

}  // namespace

BENCHMARK_MAIN();
