#pragma once
/// @file
/// RAII handles for a SQLite connection and its prepared statements
/// (stage 07: exercise 07.1 writes the connection, 07.2 the statements,
/// 07.6 the statement cache and run).

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "minifw/orm/value.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace minifw::orm {

/// A failure SQLite reported: its result code, its message and the SQL that
/// was running, so a log line says what failed, why, and where.
class DatabaseError : public std::runtime_error {
public:
    /// `message` is the whole text (what(): the caller formats it).
    DatabaseError(int code, const std::string& message, std::string sql)
        : std::runtime_error(message), code_(code), sql_(std::move(sql)) {}

    /// SQLite's extended result code, such as 2067 (SQLITE_CONSTRAINT_UNIQUE).
    int code() const noexcept { return code_; }
    /// The SQL text that failed ("" when none was running, as for open).
    const std::string& sql() const noexcept { return sql_; }

private:
    int code_;
    std::string sql_;
};

/// SQLITE_BUSY after the busy timeout ran out: another connection held the
/// write lock for longer. Worth retrying later; a 503 rather than a 500.
class BusyError : public DatabaseError {
public:
    using DatabaseError::DatabaseError;
};

/// How a Database opens its file.
struct OpenOptions {
    /// Create the file if it does not exist (SQLITE_OPEN_CREATE).
    bool create = true;
    /// Open read-only (SQLITE_OPEN_READONLY); the pragmas that write are skipped.
    bool read_only = false;
    /// `PRAGMA journal_mode=WAL`: readers no longer wait for the writer.
    /// Ignored for ":memory:", which has no journal file.
    bool wal = true;
    /// How long a statement waits for another connection's lock before it
    /// fails with BusyError (sqlite3_busy_timeout).
    std::chrono::milliseconds busy_timeout{5000};
};

/// The rows a query returned: column names once, then the values.
struct ResultSet {
    /// The result's column names, in order (sqlite3_column_name).
    std::vector<std::string> columns;
    /// One vector of values per row, each as long as `columns`.
    std::vector<std::vector<Value>> rows;
};

/// SQL text with the values for its `?` parameters, in order: what every
/// query node compiles to. Values never enter the text.
struct Compiled {
    /// The SQL, with one `?` per parameter.
    std::string sql;
    /// The values bound to the parameters, the first to index 1.
    std::vector<Value> params;
};

class Database;

/// One prepared statement (sqlite3_stmt). Made by Database::prepare, or
/// directly for a statement outside the cache; finalized by its destructor.
/// It refers to its Database, so it must not outlive it.
class Statement {
public:
    /// Prepares exactly one statement; DatabaseError naming the SQL if it
    /// does not compile, std::invalid_argument if text follows the first
    /// statement (use Database::execute for scripts).
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    /// Binds `value` to parameter `index` (1-based) with sqlite3_bind_*;
    /// text and blobs are copied (SQLITE_TRANSIENT) with their length.
    void bind(int index, const Value& value);
    /// Binds every value in order; std::invalid_argument unless their number
    /// is the statement's parameter count.
    void bind_all(std::span<const Value> values);
    /// Runs to the next row: true when a row is ready, false when done.
    /// The first step after a reset counts one statement on the Database.
    bool step();
    /// The number of columns of the result.
    int column_count() const;
    /// The name of column `index` (0-based).
    std::string column_name(int index) const;
    /// The value of column `index` (0-based) of the current row.
    Value column(int index) const;
    /// Makes the statement ready to run again: sqlite3_reset and
    /// sqlite3_clear_bindings.
    void reset();
    /// The SQL text it was prepared from.
    const std::string& sql() const noexcept { return sql_; }

private:
    Database& db_;
    sqlite3_stmt* stmt_ = nullptr;
    std::string sql_;
    bool running_ = false;  // stepped since the last reset
};

/// One connection to one SQLite file (sqlite3*). Not shared between
/// threads: give each thread its own (orm::ConnectionPerThread).
class Database {
public:
    /// Opens `path` (":memory:" for a private in-memory database) with
    /// sqlite3_open_v2, then sets the busy timeout, `PRAGMA foreign_keys=ON`
    /// and, if asked, WAL. DatabaseError naming the path if it cannot.
    explicit Database(const std::string& path, OpenOptions options = {});
    /// Finalizes the cached statements, then closes the connection.
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// Runs a script of one or more statements (sqlite3_exec), as migrations
    /// are; counts as one statement.
    void execute(std::string_view sql);
    /// The cached statement for `sql` (prepared on first use), reset and
    /// with its bindings cleared. One object per text: finish with it before
    /// asking for the same text again. The cache keeps every text it was
    /// asked for, so an IN list of a new length adds one.
    Statement& prepare(std::string_view sql);
    /// Prepares `sql` (through the cache), binds `params`, steps through
    /// every row and resets: a whole query in one call.
    ResultSet run(std::string_view sql, std::span<const Value> params);
    /// The same for a compiled query.
    ResultSet run(const Compiled& query) { return run(query.sql, query.params); }
    /// The rowid of the last INSERT on this connection.
    std::int64_t last_insert_rowid() const;
    /// How many rows the last INSERT, UPDATE or DELETE changed.
    std::int64_t changes() const;

    /// Statements executed so far on this connection; tests use it to count
    /// the queries a page runs (2 with prefetch, N + 1 without).
    std::uint64_t statements_executed() const noexcept { return statements_executed_; }
    /// How many distinct SQL texts the statement cache holds.
    std::size_t cached_statements() const noexcept { return cache_.size(); }
    /// The open transactions and savepoints (orm::Transaction keeps it).
    int transaction_depth() const noexcept { return transaction_depth_; }
    /// The connection's busy timeout, for error messages.
    std::chrono::milliseconds busy_timeout() const noexcept { return options_.busy_timeout; }
    /// The raw handle, for what the ORM does not wrap.
    sqlite3* handle() const noexcept { return db_; }

private:
    friend class Statement;
    friend class Transaction;

    // Heterogeneous lookup: a query's text finds its statement without
    // first being copied into a std::string.
    struct TextHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const noexcept {
            return std::hash<std::string_view>{}(text);
        }
    };

    sqlite3* db_ = nullptr;
    std::string path_;
    OpenOptions options_;
    std::uint64_t statements_executed_ = 0;
    int transaction_depth_ = 0;
    std::unordered_map<std::string, std::unique_ptr<Statement>, TextHash, std::equal_to<>> cache_;
};

namespace detail {
/// Throws the DatabaseError (BusyError for SQLITE_BUSY) for result `code` on
/// `db`: the code, sqlite3_errstr, sqlite3_errmsg and the SQL in one message.
[[noreturn]] void throw_error(sqlite3* db, int code, std::string_view sql,
                              std::chrono::milliseconds busy_timeout);
}  // namespace detail

}  // namespace minifw::orm
