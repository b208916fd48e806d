#include "minifw/orm/migrations.hpp"

#include <stdexcept>
#include <string>

#include "minifw/orm/transaction.hpp"

namespace minifw::orm {
namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS minifw_migrations ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)";

void check_order(std::span<const Migration> migrations) {
    int previous = 0;
    for (const Migration& migration : migrations) {
        if (migration.version <= previous) {
            throw std::invalid_argument(
                "migration " + std::to_string(migration.version) + " ('" +
                std::string(migration.name) + "') must have a positive version greater than " +
                std::to_string(previous) + ": number migrations 1, 2, 3, ... in order");
        }
        previous = migration.version;
    }
}

// The name recorded for `version`, or "" if it was never applied.
std::string recorded_name(Database& db, int version) {
    const ResultSet result =
        db.run({"SELECT name FROM minifw_migrations WHERE version = ?", {std::int64_t{version}}});
    if (result.rows.empty()) {
        return "";
    }
    return std::get<std::string>(result.rows.front().front());
}

}  // namespace

std::vector<int> applied_migrations(Database& db) {
    const ResultSet exists = db.run(
        {"SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'minifw_migrations'", {}});
    std::vector<int> versions;
    if (exists.rows.empty()) {
        return versions;
    }
    for (const auto& row :
         db.run({"SELECT version FROM minifw_migrations ORDER BY version", {}}).rows) {
        versions.push_back(static_cast<int>(std::get<std::int64_t>(row.front())));
    }
    return versions;
}

std::vector<int> migrate(Database& db, std::span<const Migration> migrations) {
    check_order(migrations);
    db.execute(kCreateTable);
    std::vector<int> applied;
    for (const Migration& migration : migrations) {
        const std::string label = "migration " + std::to_string(migration.version) + " ('" +
                                  std::string(migration.name) + "')";
        // One transaction holds both the change and its record: either the
        // schema changed and says so, or neither happened.
        Transaction tx{db};
        const std::string recorded = recorded_name(db, migration.version);
        if (!recorded.empty()) {
            if (recorded != migration.name) {
                throw MigrationError(
                    migration.version,
                    label + " was applied under the name '" + recorded +
                        "': an applied migration must never change; add a new one");
            }
            continue;  // applied before; tx rolls back an empty transaction
        }
        try {
            db.execute(migration.sql);
            db.run({"INSERT INTO minifw_migrations (version, name) VALUES (?, ?)",
                    {std::int64_t{migration.version}, std::string(migration.name)}});
        } catch (const DatabaseError& e) {
            throw MigrationError(migration.version,
                                 label + " failed and was rolled back: " + e.what());
        }
        tx.commit();
        applied.push_back(migration.version);
    }
    return applied;
}

}  // namespace minifw::orm
