#pragma once
/// @file
/// Transactions as RAII: rolled back unless committed, nested through
/// SAVEPOINT (exercise 07.7).

#include "minifw/orm/database.hpp"

namespace minifw::orm {

/// A transaction, or a savepoint inside one. The outermost runs
/// `BEGIN IMMEDIATE`, which takes the write lock at once (waiting up to the
/// busy timeout), so a transaction that reads and then writes cannot fail
/// half-way for a lock; an inner one runs `SAVEPOINT minifw_N`.
///
///     Transaction tx{db};
///     ...                       // any exception: the destructor rolls back
///     tx.commit();
class Transaction {
public:
    /// Begins; BusyError if another connection keeps the write lock longer
    /// than the busy timeout.
    explicit Transaction(Database& db);
    /// Rolls back unless commit() or rollback() ran; never throws.
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    /// Makes the changes stand: COMMIT, or RELEASE for a savepoint.
    /// std::logic_error if already finished or an inner one is still open.
    void commit();
    /// Undoes the changes: ROLLBACK, or ROLLBACK TO and RELEASE.
    void rollback();
    /// Whether this is a savepoint inside another transaction.
    bool nested() const noexcept { return level_ > 1; }

private:
    void finish(bool commit);

    Database& db_;
    int level_;  // 1 for the outermost, 2 for a savepoint inside it, ...
    bool finished_ = false;
};

}  // namespace minifw::orm
