#pragma once
// Models, a schema and a temporary directory shared by the stage 07 tests.

#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include "minifw/orm/orm.hpp"

namespace orm_test {

struct Author {
    std::int64_t id = 0;
    std::string name;
    std::optional<std::string> email;
    bool operator==(const Author&) const = default;
};
BOOST_DESCRIBE_STRUCT(Author, (), (id, name, email))

struct Post {
    std::int64_t id = 0;
    std::string title;
    std::int64_t author_id = 0;
    int views = 0;
    std::optional<double> rating;
    bool operator==(const Post&) const = default;
};
BOOST_DESCRIBE_STRUCT(Post, (), (id, title, author_id, views, rating))

// Every field a SQL keyword, and the table too.
struct Keyword {
    std::int64_t id = 0;
    std::string order;
    std::string group;
    std::int64_t select = 0;
    bool operator==(const Keyword&) const = default;
};
BOOST_DESCRIBE_STRUCT(Keyword, (), (id, order, group, select))

// One field of each kind the ORM maps.
struct Sample {
    std::int64_t id = 0;
    int small = 0;
    bool flag = false;
    double real = 0;
    std::string text;
    minifw::orm::Blob bytes;
    std::optional<std::int64_t> maybe;
    bool operator==(const Sample&) const = default;
};
BOOST_DESCRIBE_STRUCT(Sample, (), (id, small, flag, real, text, bytes, maybe))

}  // namespace orm_test

template <>
struct minifw::orm::Table<orm_test::Author> {
    static constexpr std::string_view name = "authors";
    static constexpr auto primary_key = &orm_test::Author::id;
};
template <>
struct minifw::orm::Table<orm_test::Post> {
    static constexpr std::string_view name = "posts";
    static constexpr auto primary_key = &orm_test::Post::id;
};
template <>
struct minifw::orm::Table<orm_test::Keyword> {
    static constexpr std::string_view name = "order";
    static constexpr auto primary_key = &orm_test::Keyword::id;
};
template <>
struct minifw::orm::Table<orm_test::Sample> {
    static constexpr std::string_view name = "samples";
    static constexpr auto primary_key = &orm_test::Sample::id;
};

namespace orm_test {

// The tables of the models above.
inline constexpr const char* kSchema = R"sql(
CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE);
CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT NOT NULL,
                    author_id INTEGER NOT NULL REFERENCES authors(id),
                    views INTEGER NOT NULL DEFAULT 0, rating REAL);
CREATE TABLE "order" (id INTEGER PRIMARY KEY, "order" TEXT, "group" TEXT, "select" INTEGER);
CREATE TABLE samples (id INTEGER PRIMARY KEY, small INTEGER, flag INTEGER, real REAL,
                      text TEXT, bytes BLOB, maybe INTEGER);
)sql";

// A directory of its own under the system's temporary directory, removed
// with everything in it when the test ends.
class TempDir {
public:
    TempDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "minifw-orm-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed for " + pattern);
        }
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

}  // namespace orm_test
