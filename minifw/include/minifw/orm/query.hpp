#pragma once
/// @file
/// The query builder: a lazy, immutable Query<T> whose every method returns
/// a new query, compiled to (SQL text, parameters) only when it runs
/// (exercise 07.5 writes the compilers, 07.6 the statement cache that runs them).

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "minifw/orm/condition.hpp"
#include "minifw/orm/database.hpp"
#include "minifw/orm/model.hpp"

namespace minifw::orm {

/// One `SET "field" = ?` of an update.
using Assignment = std::pair<std::string, Value>;

/// Everything a query says, without its model's C++ type: what the
/// compilers below read.
struct QuerySpec {
    /// The model queried.
    const ModelInfo* model = nullptr;
    /// Conditions that must all hold (exclude() adds a negated one).
    std::vector<Condition> where;
    /// Fields to order by, in order; a leading '-' means descending.
    std::vector<std::string> order;
    /// At most this many rows.
    std::optional<std::int64_t> limit;
    /// Skip this many rows first.
    std::optional<std::int64_t> offset;
};

/// `SELECT "a", "b" FROM "t" WHERE ... ORDER BY ... LIMIT ? OFFSET ?`.
Compiled compile_select(const QuerySpec& query);
/// `SELECT COUNT(*) FROM "t" WHERE ...` (limit and offset respected).
Compiled compile_count(const QuerySpec& query);
/// `UPDATE "t" SET "a" = ? WHERE ...`; std::invalid_argument for no
/// assignments, an unknown field, or a query with order, limit or offset.
Compiled compile_update(const QuerySpec& query, std::span<const Assignment> assignments);
/// `DELETE FROM "t" WHERE ...`; refuses order, limit and offset likewise.
Compiled compile_delete(const QuerySpec& query);
/// `INSERT INTO "t" ("a", "b") VALUES (?, ?)` for `values` in field order;
/// without the primary key column when `without_primary_key`.
Compiled compile_insert(const ModelInfo& model, std::span<const Value> values,
                        bool without_primary_key);

/// A query of model T on one connection. Immutable: filter() and the rest
/// return a new query and leave this one as it was, so a query can be kept
/// and refined. Nothing runs until all(), first(), count(), exists(),
/// update() or remove().
template <Model T>
class Query {
public:
    /// All rows of T's table, on `db`.
    explicit Query(Database& db) : db_(&db) { spec_.model = &model_info<T>(); }

    /// Only the rows for which `condition` holds (added with AND).
    Query filter(Condition condition) const {
        Query next = *this;
        next.spec_.where.push_back(std::move(condition));
        return next;
    }
    /// Only the rows for which `condition` does not hold.
    Query exclude(const Condition& condition) const { return filter(!condition); }
    /// Ordered by `field` ("-field": descending), after any earlier order.
    Query order_by(std::string field) const {
        Query next = *this;
        next.spec_.order.push_back(std::move(field));
        return next;
    }
    /// At most `count` rows.
    Query limit(std::int64_t count) const {
        Query next = *this;
        next.spec_.limit = count;
        return next;
    }
    /// Skips `count` rows.
    Query offset(std::int64_t count) const {
        Query next = *this;
        next.spec_.offset = count;
        return next;
    }

    /// The SELECT this query runs, for tests and logs.
    Compiled sql() const { return compile_select(spec_); }
    /// What the query says, for the compilers.
    const QuerySpec& spec() const noexcept { return spec_; }

    /// Every row, as T.
    std::vector<T> all() const {
        const ResultSet result = db_->run(compile_select(spec_));
        const RowReader reader(*spec_.model, result.columns);
        std::vector<T> objects;
        objects.reserve(result.rows.size());
        for (const auto& row : result.rows) {
            objects.push_back(read_row<T>(reader, row));
        }
        return objects;
    }
    /// The first row, or none.
    std::optional<T> first() const {
        auto rows = limit(1).all();
        if (rows.empty()) {
            return std::nullopt;
        }
        return std::move(rows.front());
    }
    /// How many rows there are.
    std::int64_t count() const { return scalar(compile_count(spec_)); }
    /// Whether there is any row (a count of at most one).
    bool exists() const { return limit(1).count() > 0; }
    /// Sets the fields of every row; returns how many rows changed.
    std::int64_t update(std::span<const Assignment> assignments) const {
        db_->run(compile_update(spec_, assignments));
        return db_->changes();
    }
    /// The same, for `update({{"title", "x"}})`.
    std::int64_t update(std::initializer_list<Assignment> assignments) const {
        return update(std::span<const Assignment>(assignments.begin(), assignments.size()));
    }
    /// Deletes every row; returns how many.
    std::int64_t remove() const {
        db_->run(compile_delete(spec_));
        return db_->changes();
    }

private:
    std::int64_t scalar(const Compiled& compiled) const {
        const ResultSet result = db_->run(compiled);
        std::int64_t value = 0;
        from_value(result.rows.at(0).at(0), value, ColumnRef{spec_.model->table, "COUNT(*)"});
        return value;
    }

    Database* db_;
    QuerySpec spec_;
};

/// All rows of T on `db`: the start of every query.
template <Model T>
Query<T> query(Database& db) {
    return Query<T>(db);
}

/// The row of T whose primary key is `key`, or none.
template <Model T>
std::optional<T> get(Database& db, const Value& key) {
    // The SQL of a primary-key lookup depends on the model alone, so it is
    // compiled once, on the first call; every call after that only binds.
    // SQLAlchemy caches the compiled form of every query shape this way.
    static const std::string sql =
        query<T>(db)
            .filter(field(std::string(model_info<T>().primary_key_name())).eq(key))
            .sql()
            .sql;
    const Value params[] = {key};
    const ResultSet result = db.run(sql, params);
    if (result.rows.empty()) {
        return std::nullopt;
    }
    return read_row<T>(RowReader(model_info<T>(), result.columns), result.rows.front());
}

/// Inserts `object`. An integer primary key of 0 (or an empty optional) is
/// left to SQLite, and the rowid it chose is written back into `object`.
template <Model T>
void insert(Database& db, T& object) {
    const ModelInfo& model = model_info<T>();
    const std::vector<Value> values = values_of(object);
    const Value& key = values[model.primary_key];
    const bool generated =
        std::holds_alternative<Null>(key) ||
        (std::holds_alternative<std::int64_t>(key) && std::get<std::int64_t>(key) == 0);
    db.run(compile_insert(model, values, generated));
    if (generated) {
        from_value(Value{db.last_insert_rowid()}, object.*Table<T>::primary_key,
                   ColumnRef{model.table, model.primary_key_name()});
    }
}

/// Writes every field of `object` to the row with its primary key;
/// std::out_of_range naming the table and key if there is no such row.
template <Model T>
void save(Database& db, const T& object) {
    const ModelInfo& model = model_info<T>();
    const std::vector<Value> values = values_of(object);
    std::vector<Assignment> assignments;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i != model.primary_key) {
            assignments.emplace_back(std::string(model.fields[i]), values[i]);
        }
    }
    const std::string key_name(model.primary_key_name());
    if (query<T>(db).filter(field(key_name).eq(values[model.primary_key])).update(assignments) ==
        0) {
        throw std::out_of_range("save: no row of " + std::string(model.table) + " has " + key_name +
                                " = the object's key; insert it first");
    }
}

}  // namespace minifw::orm
