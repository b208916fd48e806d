// Exercise 07.7: transactions and migrations.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "orm_test.hpp"

namespace {

using minifw::orm::applied_migrations;
using minifw::orm::BusyError;
using minifw::orm::Database;
using minifw::orm::migrate;
using minifw::orm::Migration;
using minifw::orm::MigrationError;
using minifw::orm::OpenOptions;
using minifw::orm::Transaction;
using minifw::orm::Value;
using orm_test::TempDir;
using testing::ElementsAre;
using testing::HasSubstr;

std::vector<std::string> names(Database& db) {
    std::vector<std::string> out;
    for (const auto& row : db.run({"SELECT name FROM authors ORDER BY id", {}}).rows) {
        out.push_back(std::get<std::string>(row[0]));
    }
    return out;
}

void add_author(Database& db, const std::string& name) {
    db.run({"INSERT INTO authors (name) VALUES (?)", {name}});
}

// Everything the schema holds, as SQLite itself records it.
std::vector<std::string> schema(Database& db) {
    std::vector<std::string> out;
    for (const auto& row :
         db.run({"SELECT type, name, sql FROM sqlite_schema ORDER BY type, name", {}}).rows) {
        std::string line;
        for (const Value& value : row) {
            line += std::holds_alternative<std::string>(value) ? std::get<std::string>(value) : "-";
            line += " | ";
        }
        out.push_back(line);
    }
    return out;
}

TEST(Transaction, RollsBackUnlessCommitted) {
    Database db(":memory:");
    db.execute(orm_test::kSchema);
    {
        Transaction tx{db};
        add_author(db, "kept");
        tx.commit();
    }
    {
        Transaction tx{db};
        add_author(db, "forgotten");
    }
    try {
        Transaction tx{db};
        add_author(db, "thrown");
        throw std::runtime_error("the request failed half-way");
    } catch (const std::runtime_error&) {
    }
    EXPECT_THAT(names(db), ElementsAre("kept"));
    EXPECT_EQ(db.transaction_depth(), 0);

    Transaction tx{db};
    tx.rollback();
    EXPECT_THROW(tx.commit(), std::logic_error) << "a finished transaction cannot be committed";
}

TEST(Transaction, NestedTransactionsAreSavepoints) {
    Database db(":memory:");
    db.execute(orm_test::kSchema);
    {
        Transaction outer{db};
        EXPECT_FALSE(outer.nested());
        add_author(db, "outer");
        {
            Transaction inner{db};
            EXPECT_TRUE(inner.nested());
            EXPECT_EQ(db.transaction_depth(), 2);
            add_author(db, "inner, rolled back");
        }
        {
            Transaction inner{db};
            add_author(db, "inner, released");
            EXPECT_THROW(outer.commit(), std::logic_error) << "the inner one is still open";
            inner.commit();
        }
        outer.commit();
    }
    EXPECT_THAT(names(db), ElementsAre("outer", "inner, released"));
    {
        Transaction outer{db};
        Transaction inner{db};
        add_author(db, "committed inside, but the outer one rolls back");
        inner.commit();
    }
    EXPECT_THAT(names(db), ElementsAre("outer", "inner, released"));
}

TEST(Transaction, BusyDatabaseGivesABusyErrorAfterTheTimeout) {
    TempDir dir;
    const std::string path = dir.file("busy.db");
    Database writer(path);
    writer.execute(orm_test::kSchema);
    OpenOptions impatient;
    impatient.busy_timeout = std::chrono::milliseconds(50);
    Database other(path, impatient);

    Transaction held{writer};  // holds the write lock
    add_author(writer, "writer");
    try {
        Transaction blocked{other};
        ADD_FAILURE() << "two connections held the write lock at once";
    } catch (const BusyError& e) {
        EXPECT_EQ(e.code() & 0xff, 5) << "SQLITE_BUSY";
        EXPECT_THAT(e.what(), HasSubstr("50 ms"));
        EXPECT_THAT(e.what(), HasSubstr("BEGIN IMMEDIATE"));
    }
    EXPECT_TRUE(names(other).empty())
        << "WAL: a reader is not blocked, and sees no uncommitted row";
    held.commit();
    Transaction now{other};
    add_author(other, "other");
    now.commit();
    EXPECT_THAT(names(writer), ElementsAre("writer", "other"));
}

const Migration kFirst{1, "create authors",
                       "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"};
const Migration kSecond{2, "create posts",
                        "CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT NOT NULL,"
                        " author_id INTEGER REFERENCES authors(id));"
                        "CREATE INDEX posts_by_author ON posts(author_id)"};
const Migration kThird{3, "add email", "ALTER TABLE authors ADD COLUMN email TEXT"};

TEST(Migrations, ApplyEachOnceInOrderAndRecordIt) {
    TempDir dir;
    const std::string path = dir.file("app.db");
    {
        Database db(path);
        const std::vector<Migration> two = {kFirst, kSecond};
        EXPECT_THAT(migrate(db, two), ElementsAre(1, 2));
        EXPECT_TRUE(migrate(db, two).empty()) << "applied migrations are skipped";
    }
    Database db(path);  // as after a restart
    const std::vector<Migration> three = {kFirst, kSecond, kThird};
    EXPECT_THAT(migrate(db, three), ElementsAre(3));
    EXPECT_THAT(applied_migrations(db), ElementsAre(1, 2, 3));
    const auto rows =
        db.run({"SELECT version, name, applied_at FROM minifw_migrations ORDER BY version", {}})
            .rows;
    ASSERT_EQ(rows.size(), 3U);
    EXPECT_EQ(rows[1][1], Value{"create posts"});
    EXPECT_TRUE(std::holds_alternative<std::string>(rows[2][2])) << "applied_at is recorded";
    db.execute("INSERT INTO authors (name, email) VALUES ('Ada', 'ada@example.com')");
}

TEST(Migrations, AFailedMigrationLeavesTheSchemaExactlyAsItWas) {
    Database db(":memory:");
    const std::vector<Migration> first = {kFirst};
    migrate(db, first);
    const auto before = schema(db);
    const Migration broken{2, "half done",
                           "CREATE TABLE tags (name TEXT);"
                           "CREATE INDEX tags_by_name ON tags(name);"
                           "CREATE TABLE authors (oops TEXT)"};
    const std::vector<Migration> list = {kFirst, broken, kThird};
    try {
        migrate(db, list);
        ADD_FAILURE() << "a migration that fails was reported as applied";
    } catch (const MigrationError& e) {
        EXPECT_EQ(e.version(), 2);
        EXPECT_THAT(e.what(), HasSubstr("'half done'"));
        EXPECT_THAT(e.what(), HasSubstr("already exists"));
    }
    EXPECT_EQ(schema(db), before) << "tags and its index must be gone again";
    EXPECT_THAT(applied_migrations(db), ElementsAre(1)) << "and migration 3 never ran";
    EXPECT_EQ(db.transaction_depth(), 0);
}

TEST(Migrations, RefusesVersionsOutOfOrderAndAnAppliedMigrationRenamed) {
    Database db(":memory:");
    const std::vector<Migration> backwards = {kSecond, kFirst};
    EXPECT_THROW(migrate(db, backwards), std::invalid_argument);
    const std::vector<Migration> zero = {{0, "zero", "SELECT 1"}};
    EXPECT_THROW(migrate(db, zero), std::invalid_argument);
    EXPECT_TRUE(applied_migrations(db).empty());

    const std::vector<Migration> first = {kFirst};
    migrate(db, first);
    const std::vector<Migration> renamed = {{1, "make authors", kFirst.sql}};
    try {
        migrate(db, renamed);
        ADD_FAILURE() << "a changed migration was taken for the applied one";
    } catch (const MigrationError& e) {
        EXPECT_THAT(e.what(), HasSubstr("'create authors'"));
        EXPECT_THAT(e.what(), HasSubstr("'make authors'"));
    }
}

}  // namespace
