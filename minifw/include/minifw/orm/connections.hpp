#pragma once
/// @file
/// One connection per thread (given, not an exercise).

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "minifw/orm/database.hpp"

namespace minifw::orm {

/// Opens one Database per thread that asks, on the same file, and keeps it
/// for that thread. A sqlite3 connection used by two threads at once must be
/// serialised by SQLite's own mutex (its "serialized" mode), so they would
/// take turns even to read; and the statement cache, the transaction depth
/// and the statement counter are one connection's state, which a second
/// thread would corrupt. With WAL, connections of their own let readers run
/// in parallel with each other and with the one writer.
class ConnectionPerThread {
public:
    /// Connections to `path` (a file: ":memory:" would give every thread a
    /// different, empty database), opened with `options`.
    ConnectionPerThread(std::string path, OpenOptions options = {});

    /// The calling thread's connection, opened on its first call.
    Database& get();
    /// How many connections are open.
    std::size_t size() const;

private:
    std::string path_;
    OpenOptions options_;
    mutable std::mutex mutex_;  // guards the map, never a connection
    std::map<std::thread::id, std::unique_ptr<Database>> connections_;
};

}  // namespace minifw::orm
