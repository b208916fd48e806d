#include "minifw/orm/transaction.hpp"

#include <sqlite3.h>

#include <stdexcept>
#include <string>

#include "minifw/log.hpp"

namespace minifw::orm {
namespace {

std::string savepoint_name(int level) { return "minifw_" + std::to_string(level); }

}  // namespace

Transaction::Transaction(Database& db) : db_(db), level_(db.transaction_depth_ + 1) {
    // IMMEDIATE takes the write lock now, under the busy timeout. A plain
    // BEGIN would take it at the first write, where SQLite may have to fail
    // at once with SQLITE_BUSY to avoid a deadlock between two readers that
    // both want to write.
    db_.execute(level_ == 1 ? "BEGIN IMMEDIATE" : "SAVEPOINT " + savepoint_name(level_));
    db_.transaction_depth_ = level_;
}

Transaction::~Transaction() {
    if (finished_) {
        return;
    }
    try {
        finish(false);
    } catch (const std::exception& e) {
        // A destructor must not throw; SQLite rolls back what it can when
        // the connection closes, and the log says what happened.
        log_line(std::string("minifw: rollback failed: ") + e.what());
    }
}

void Transaction::commit() { finish(true); }

void Transaction::rollback() { finish(false); }

void Transaction::finish(bool commit) {
    if (finished_) {
        throw std::logic_error("this transaction was already committed or rolled back");
    }
    if (db_.transaction_depth_ != level_) {
        throw std::logic_error("a transaction inside this one is still open: finish it first");
    }
    finished_ = true;
    db_.transaction_depth_ = level_ - 1;
    if (level_ == 1) {
        // A failed statement may have ended the transaction already
        // (SQLITE_FULL, SQLITE_IOERR): then there is nothing to roll back.
        if (commit || sqlite3_get_autocommit(db_.handle()) == 0) {
            db_.execute(commit ? "COMMIT" : "ROLLBACK");
        }
        return;
    }
    const std::string name = savepoint_name(level_);
    if (!commit) {
        // ROLLBACK TO undoes the changes but keeps the savepoint open.
        db_.execute("ROLLBACK TO " + name);
    }
    db_.execute("RELEASE " + name);
}

}  // namespace minifw::orm
