#pragma once
/// @file
/// One connection per thread (given, not an exercise).

#include <atomic>
#include <cstdint>
#include <string>

#include "minifw/orm/database.hpp"

namespace minifw::orm {

/// Opens one Database per thread that asks, on the same file, and keeps it
/// for that thread until the thread ends. A sqlite3 connection used by two
/// threads at once must be serialised by SQLite's own mutex (its
/// "serialized" mode), so they would take turns even to read; and the
/// statement cache, the transaction depth and the statement counter are one
/// connection's state, which a second thread would corrupt. With WAL,
/// connections of their own let readers run in parallel with each other
/// and with the one writer.
///
/// The connections live in thread_local storage, so a thread that ends
/// (the server's thread per connection) closes its own. A thread that
/// outlives the object keeps its connection until it ends.
class ConnectionPerThread {
public:
    /// Connections to `path` (a file: ":memory:" would give every thread a
    /// different, empty database), opened with `options`.
    ConnectionPerThread(std::string path, OpenOptions options = {});

    /// The calling thread's connection, opened on its first call.
    Database& get();
    /// How many connections were opened so far, one per thread that asked.
    std::uint64_t opened() const noexcept { return opened_.load(); }

private:
    std::uint64_t id_;  // tells this object's connections from an earlier one's
    std::string path_;
    OpenOptions options_;
    std::atomic<std::uint64_t> opened_{0};
};

}  // namespace minifw::orm
