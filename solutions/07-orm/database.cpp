#include "minifw/orm/database.hpp"

#include <sqlite3.h>

#include <string>
#include <utility>

namespace minifw::orm {

namespace detail {

void throw_error(sqlite3* db, int code, std::string_view sql,
                 std::chrono::milliseconds busy_timeout) {
    std::string message =
        "sqlite error " + std::to_string(code) + " (" + sqlite3_errstr(code) + ")";
    // sqlite3_errmsg describes the most recent failure on the connection,
    // which is this one; without a connection (open failed) there is none.
    if (db != nullptr) {
        message += ": ";
        message += sqlite3_errmsg(db);
    }
    if (!sql.empty()) {
        message += ", in: ";
        message += sql;
    }
    // The primary code is the low byte: SQLITE_BUSY_SNAPSHOT is a busy too.
    if ((code & 0xff) == SQLITE_BUSY) {
        message += " (another connection held the lock for longer than the busy timeout of " +
                   std::to_string(busy_timeout.count()) + " ms)";
        throw BusyError(code, message, std::string(sql));
    }
    throw DatabaseError(code, message, std::string(sql));
}

}  // namespace detail

Database::Database(const std::string& path, OpenOptions options) : path_(path), options_(options) {
    // No SQLITE_OPEN_FULLMUTEX: a connection belongs to one thread, so
    // SQLite's per-connection mutex would only cost (NOMUTEX, "multi-thread").
    int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    flags |= options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (options.create && !options.read_only) {
        flags |= SQLITE_OPEN_CREATE;
    }
    const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        // sqlite3_open_v2 hands out a handle even on failure: read its
        // message, then close it so nothing leaks.
        std::string message = "cannot open database '" + path +
                              "': " + (db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
        sqlite3_close(db_);
        db_ = nullptr;
        throw DatabaseError(rc, message, "");
    }
    sqlite3_busy_timeout(db_, static_cast<int>(options.busy_timeout.count()));
    try {
        // SQLite leaves foreign keys off for compatibility: a dangling
        // author_id would be accepted without this.
        execute("PRAGMA foreign_keys = ON");
        if (options.wal && !options.read_only && path != ":memory:" && !path.empty()) {
            execute("PRAGMA journal_mode = WAL");
            // Safe with WAL (a power cut may lose the last commits, never
            // the file) and many times fewer fsyncs than FULL.
            execute("PRAGMA synchronous = NORMAL");
        }
    } catch (...) {
        sqlite3_close(db_);
        throw;
    }
    statements_executed_ = 0;  // the pragmas are not the application's
}

Database::~Database() {
    cache_.clear();
    // close_v2: should a Statement of the caller's still be alive, the
    // connection closes when it is finalized, instead of leaking.
    sqlite3_close_v2(db_);
}

void Database::execute(std::string_view sql) {
    const std::string text(sql);  // sqlite3_exec wants a terminated string
    char* error = nullptr;
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
    sqlite3_free(error);  // the same text sqlite3_errmsg gives
    ++statements_executed_;
    if (rc != SQLITE_OK) {
        detail::throw_error(db_, sqlite3_extended_errcode(db_), sql, options_.busy_timeout);
    }
}

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

std::int64_t Database::changes() const { return sqlite3_changes64(db_); }

}  // namespace minifw::orm
