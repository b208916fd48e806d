#pragma once
/// @file
/// Numbered schema migrations, each applied once, in a transaction, and
/// recorded in the table minifw_migrations (exercise 07.7).

#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "minifw/orm/database.hpp"

namespace minifw::orm {

/// One step of the schema.
struct Migration {
    /// Its number: positive, and increasing along the list.
    int version;
    /// A short name, recorded with it ("create posts").
    std::string_view name;
    /// The SQL script that makes the change (one or more statements).
    std::string_view sql;
};

/// A migration failed: nothing of it was kept, and the versions after it
/// were not tried. what() names the version, the name and SQLite's error.
class MigrationError : public std::runtime_error {
public:
    /// For migration `version`.
    MigrationError(int version, const std::string& message)
        : std::runtime_error(message), version_(version) {}
    /// The version that failed.
    int version() const noexcept { return version_; }

private:
    int version_;
};

/// Applies, in order, every migration not yet recorded, each in its own
/// transaction with its record, and returns the versions it applied.
/// std::invalid_argument for versions that are not positive and increasing,
/// MigrationError for one that fails or whose recorded name differs.
std::vector<int> migrate(Database& db, std::span<const Migration> migrations);

/// The versions recorded as applied, in order (none if the table is absent).
std::vector<int> applied_migrations(Database& db);

}  // namespace minifw::orm
