// Exercise 07.1: opening a connection.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

#include "orm_test.hpp"

namespace {

using minifw::orm::Database;
using minifw::orm::DatabaseError;
using minifw::orm::OpenOptions;
using orm_test::TempDir;
using testing::HasSubstr;

// The first column of the first row of `sql`, as text, read with SQLite's
// own sqlite3_exec: these tests need nothing of exercise 07.2.
std::string raw_scalar(const Database& db, const char* sql) {
    std::string value = "(no row)";
    auto first = [](void* out, int, char** values, char**) {
        *static_cast<std::string*>(out) = values[0] != nullptr ? values[0] : "NULL";
        return 1;  // one row is enough: stop
    };
    sqlite3_exec(db.handle(), sql, first, &value, nullptr);
    return value;
}

TEST(Database, OpensAFileWithWalAndForeignKeys) {
    TempDir dir;
    Database db(dir.file("app.db"));
    EXPECT_EQ(raw_scalar(db, "PRAGMA journal_mode"), "wal");
    EXPECT_EQ(raw_scalar(db, "PRAGMA foreign_keys"), "1");
    EXPECT_EQ(raw_scalar(db, "PRAGMA busy_timeout"), "5000");

    db.execute(orm_test::kSchema);
    try {
        db.execute("INSERT INTO posts (title, author_id) VALUES ('orphan', 42)");
        ADD_FAILURE() << "a post of author 42, who does not exist, was accepted: "
                         "turn foreign keys on with PRAGMA foreign_keys = ON";
    } catch (const DatabaseError& e) {
        EXPECT_EQ(e.code(), SQLITE_CONSTRAINT_FOREIGNKEY);
        EXPECT_THAT(e.what(), HasSubstr("FOREIGN KEY constraint failed"));
        EXPECT_THAT(e.sql(), HasSubstr("'orphan', 42"));
    }
}

TEST(Database, OpenFailureNamesThePath) {
    TempDir dir;
    const std::string missing = dir.file("no-such-dir/app.db");
    try {
        Database db(missing);
        ADD_FAILURE() << "opened a file in a directory that does not exist";
    } catch (const DatabaseError& e) {
        EXPECT_THAT(e.what(), HasSubstr(missing));
    }
    OpenOptions no_create;
    no_create.create = false;
    EXPECT_THROW(Database(dir.file("absent.db"), no_create), DatabaseError);
}

TEST(Database, ExecuteRunsAScriptAndReportsWhatChanged) {
    Database db(":memory:");
    EXPECT_EQ(db.statements_executed(), 0U) << "the pragmas of opening are not counted";
    db.execute(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);"
        "INSERT INTO t (name) VALUES ('a'), ('b'), ('c');"
        "UPDATE t SET name = 'x' WHERE id >= 2");
    EXPECT_EQ(db.changes(), 2) << "the rows the last statement changed";
    EXPECT_EQ(db.last_insert_rowid(), 3);
    EXPECT_EQ(raw_scalar(db, "SELECT group_concat(name, '') FROM t"), "axx");
    EXPECT_EQ(db.statements_executed(), 1U) << "a script counts as one";
    try {
        db.execute("INSERT INTO nowhere VALUES (1)");
        ADD_FAILURE() << "a statement on a missing table succeeded";
    } catch (const DatabaseError& e) {
        EXPECT_EQ(e.code(), SQLITE_ERROR);
        EXPECT_THAT(e.what(), HasSubstr("no such table: nowhere"));
        EXPECT_THAT(e.what(), HasSubstr("sqlite error 1 ("));
        EXPECT_EQ(e.sql(), "INSERT INTO nowhere VALUES (1)");
    }
}

TEST(Database, ReadOnlyConnectionRefusesWrites) {
    TempDir dir;
    const std::string path = dir.file("app.db");
    {
        Database writer(path);
        writer.execute("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)");
    }
    OpenOptions read_only;
    read_only.read_only = true;
    Database reader(path, read_only);
    EXPECT_EQ(raw_scalar(reader, "SELECT x FROM t"), "1");
    try {
        reader.execute("INSERT INTO t VALUES (2)");
        ADD_FAILURE() << "a read-only connection wrote";
    } catch (const DatabaseError& e) {
        EXPECT_EQ(e.code() & 0xff, SQLITE_READONLY);
        EXPECT_THAT(e.what(), HasSubstr("readonly"));
    }
}

}  // namespace
