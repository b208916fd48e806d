// Exercise 07.2: statements and binding.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <future>
#include <string>
#include <vector>

#include "orm_test.hpp"

namespace {

using minifw::orm::Blob;
using minifw::orm::ConnectionPerThread;
using minifw::orm::Database;
using minifw::orm::DatabaseError;
using minifw::orm::null;
using minifw::orm::Statement;
using minifw::orm::Value;
using orm_test::TempDir;
using testing::HasSubstr;

// The one value of a one-row, one-column query.
Value scalar(Database& db, const std::string& sql, std::vector<Value> params = {}) {
    Statement statement(db, sql);
    statement.bind_all(params);
    EXPECT_TRUE(statement.step()) << sql;
    return statement.column(0);
}

TEST(Statement, BindsEveryStorageClassAndReadsItBack) {
    Database db(":memory:");
    const std::vector<Value> values = {
        null, std::int64_t{-9007199254740993}, 2.5, "text", Blob{0, 1, 2, 255}, Blob{}};
    Statement statement(db, "SELECT ?, ?, ?, ?, ?, ?, typeof(?5), typeof(?6), typeof(?1)");
    statement.bind_all(values);
    ASSERT_TRUE(statement.step());
    ASSERT_EQ(statement.column_count(), 9);
    for (int i = 0; i < 6; ++i) {
        EXPECT_EQ(statement.column(i), values[static_cast<std::size_t>(i)]) << "column " << i;
    }
    // An empty blob is a blob, not NULL (a null pointer would bind NULL).
    EXPECT_EQ(statement.column(6), Value{"blob"});
    EXPECT_EQ(statement.column(7), Value{"blob"});
    EXPECT_EQ(statement.column(8), Value{"null"});
    EXPECT_FALSE(statement.step());
}

TEST(Statement, KeepsNulBytesAndInvalidUtf8AsGiven) {
    Database db(":memory:");
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)");
    const std::string with_nul("before\0after", 12);
    const std::string not_utf8 = "\xff\xfe\xc3(\x80";
    for (const std::string& text : {with_nul, not_utf8}) {
        Statement insert(db, "INSERT INTO t (body) VALUES (?)");
        insert.bind(1, text);
        EXPECT_FALSE(insert.step());
        Statement select(db, "SELECT body, body = ? FROM t WHERE id = ?");
        select.bind(1, text);
        select.bind(2, db.last_insert_rowid());
        ASSERT_TRUE(select.step());
        EXPECT_EQ(select.column(0), Value{text}) << "the text must come back byte for byte";
        EXPECT_EQ(select.column(1), Value{std::int64_t{1}});
    }
}

TEST(Statement, ValuesAreBoundNeverSpliced) {
    Database db(":memory:");
    db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)");
    db.execute("INSERT INTO users (name) VALUES ('ada')");
    const std::vector<std::string> attacks = {"' OR 1=1 --", "\"; DROP TABLE users; --",
                                              "'); DELETE FROM users; --", "?"};
    for (const std::string& attack : attacks) {
        Statement find(db, "SELECT count(*) FROM users WHERE name = ?");
        find.bind(1, attack);
        ASSERT_TRUE(find.step());
        EXPECT_EQ(find.column(0), Value{std::int64_t{0}}) << attack;
        Statement insert(db, "INSERT INTO users (name) VALUES (?)");
        insert.bind(1, attack);
        EXPECT_FALSE(insert.step());
    }
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM users"), Value{std::int64_t{5}});
    EXPECT_EQ(scalar(db, "SELECT name FROM users WHERE id = 3"), Value{attacks[1]});
}

TEST(Statement, ErrorsNameTheCodeTheMessageAndTheSql) {
    Database db(":memory:");
    try {
        Statement bad(db, "SELEC 1");
        ADD_FAILURE() << "a syntax error was prepared";
    } catch (const DatabaseError& e) {
        EXPECT_EQ(e.code(), SQLITE_ERROR);
        EXPECT_THAT(e.what(), HasSubstr("syntax error"));
        EXPECT_THAT(e.what(), HasSubstr("SELEC 1"));
        EXPECT_EQ(e.sql(), "SELEC 1");
    }
    try {
        Statement two(db, "SELECT 1; SELECT 2");
        ADD_FAILURE() << "two statements were prepared as one; the second would be ignored";
    } catch (const std::invalid_argument& e) {
        EXPECT_THAT(e.what(), HasSubstr("execute"));
    }
    Statement statement(db, "SELECT ? + ?");
    try {
        statement.bind_all(std::vector<Value>{std::int64_t{1}});
        ADD_FAILURE() << "one value was accepted for two parameters";
    } catch (const std::invalid_argument& e) {
        EXPECT_THAT(e.what(), HasSubstr("2 parameters"));
        EXPECT_THAT(e.what(), HasSubstr("given 1"));
    }
    db.execute("CREATE TABLE u (email TEXT UNIQUE)");
    db.execute("INSERT INTO u VALUES ('a@example.com')");
    Statement duplicate(db, "INSERT INTO u VALUES (?)");
    duplicate.bind(1, "a@example.com");
    try {
        duplicate.step();
        ADD_FAILURE() << "a duplicate was inserted into a UNIQUE column";
    } catch (const DatabaseError& e) {
        EXPECT_EQ(e.code(), SQLITE_CONSTRAINT_UNIQUE);
        EXPECT_THAT(e.what(), HasSubstr("UNIQUE constraint failed: u.email"));
    }
}

TEST(Statement, ResetRunsItAgainAndEachRunCountsOnce) {
    Database db(":memory:");
    db.execute("CREATE TABLE n (x INTEGER)");
    db.execute("INSERT INTO n VALUES (1), (2), (3)");
    const auto before = db.statements_executed();
    Statement statement(db, "SELECT x FROM n WHERE x >= ? ORDER BY x");
    for (std::int64_t from : {1, 2, 3}) {
        statement.reset();
        statement.bind(1, from);
        std::vector<Value> seen;
        while (statement.step()) {
            seen.push_back(statement.column(0));
        }
        EXPECT_EQ(seen.size(), static_cast<std::size_t>(4 - from));
        EXPECT_EQ(seen.front(), Value{from});
    }
    // Three runs, six rows: a run counts once, however many rows it has.
    EXPECT_EQ(db.statements_executed() - before, 3U);
    EXPECT_EQ(statement.column_name(0), "x");
    statement.reset();
    EXPECT_FALSE(statement.step())
        << "reset must clear the bindings too: x >= NULL matches no row, x >= 3 would";
}

TEST(ConnectionPerThread, GivesEachThreadItsOwnConnectionToOneFile) {
    TempDir dir;
    const std::string path = dir.file("shared.db");
    {
        Database setup(path);
        setup.execute("CREATE TABLE notes (body TEXT)");
    }
    ConnectionPerThread connections(path);
    Database& mine = connections.get();
    EXPECT_EQ(&mine, &connections.get()) << "the same thread gets the same connection";
    mine.execute("INSERT INTO notes VALUES ('from the first thread')");

    auto other = std::async(std::launch::async, [&] {
        Database& theirs = connections.get();
        Statement read(theirs, "SELECT body FROM notes");
        const bool row = read.step();
        return std::make_pair(&theirs, row ? read.column(0) : Value{});
    });
    ASSERT_EQ(other.wait_for(std::chrono::seconds(5)), std::future_status::ready);
    const auto [theirs, seen] = other.get();
    EXPECT_NE(theirs, &mine) << "another thread must get a connection of its own";
    EXPECT_EQ(seen, Value{"from the first thread"});
    EXPECT_EQ(connections.opened(), 2U);
    EXPECT_THROW(ConnectionPerThread(":memory:"), std::invalid_argument);
}

}  // namespace
