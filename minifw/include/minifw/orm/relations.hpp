#pragma once
/// @file
/// Relations between models: belongs-to and has-many, one at a time (N + 1
/// statements for a page of N) or prefetched for a whole page in one `IN`
/// query (exercise 07.8 writes load_related).

#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "minifw/orm/database.hpp"
#include "minifw/orm/model.hpp"
#include "minifw/orm/query.hpp"

namespace minifw::orm {

/// The most keys one prefetch statement binds. SQLite refuses a statement
/// with more parameters than SQLITE_MAX_VARIABLE_NUMBER (999 before 3.32);
/// more keys take one statement per 500.
inline constexpr std::size_t max_keys_per_statement = 500;

/// Rows of one model, loaded for a set of keys and grouped by key.
struct Related {
    /// The rows, ordered by the model's primary key.
    ResultSet result;
    /// For each key found, the indices of its rows in `result.rows`.
    std::map<Value, std::vector<std::size_t>> rows_by_key;
};

/// Every row of `model` whose field `field` equals one of `keys`: one
/// `SELECT ... WHERE "field" IN (?, ...) ORDER BY "pk"` per
/// max_keys_per_statement distinct keys, NULL keys skipped, and no statement
/// at all when no key is left. std::invalid_argument for an unknown field.
Related load_related(Database& db, const ModelInfo& model, std::string_view field,
                     std::span<const Value> keys);

/// The Parent a child points to through `foreign_key` (none if NULL or
/// dangling): one statement.
template <Model Parent, Model Child, class Key>
std::optional<Parent> belongs_to(Database& db, const Child& child, Key Child::*foreign_key) {
    const Value key = to_value(child.*foreign_key);
    if (std::holds_alternative<Null>(key)) {
        return std::nullopt;
    }
    return get<Parent>(db, key);
}

/// The Children whose field `foreign_key` holds the parent's primary key,
/// by their primary key: one statement.
template <Model Child, Model Parent>
std::vector<Child> has_many(Database& db, const Parent& parent, std::string_view foreign_key) {
    return query<Child>(db)
        .filter(field(std::string(foreign_key)).eq(to_value(parent.*Table<Parent>::primary_key)))
        .order_by(std::string(model_info<Child>().primary_key_name()))
        .all();
}

/// belongs_to for every child at once: element i is the parent of
/// children[i]. One statement for the page instead of one per child.
template <Model Parent, Model Child, class Key>
std::vector<std::optional<Parent>> prefetch_belongs_to(Database& db,
                                                       const std::vector<Child>& children,
                                                       Key Child::*foreign_key) {
    const ModelInfo& model = model_info<Parent>();
    std::vector<Value> keys;
    keys.reserve(children.size());
    for (const Child& child : children) {
        keys.push_back(to_value(child.*foreign_key));
    }
    const Related related = load_related(db, model, model.primary_key_name(), keys);
    std::vector<std::optional<Parent>> parents(children.size());
    if (related.result.rows.empty()) {
        return parents;
    }
    const RowReader reader(model, related.result.columns);
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (auto found = related.rows_by_key.find(keys[i]); found != related.rows_by_key.end()) {
            parents[i] = read_row<Parent>(reader, related.result.rows[found->second.front()]);
        }
    }
    return parents;
}

/// has_many for every parent at once: element i holds the children of
/// parents[i]. One statement for the page instead of one per parent.
template <Model Child, Model Parent>
std::vector<std::vector<Child>> prefetch_has_many(Database& db, const std::vector<Parent>& parents,
                                                  std::string_view foreign_key) {
    std::vector<Value> keys;
    keys.reserve(parents.size());
    for (const Parent& parent : parents) {
        keys.push_back(to_value(parent.*Table<Parent>::primary_key));
    }
    const Related related = load_related(db, model_info<Child>(), foreign_key, keys);
    std::vector<std::vector<Child>> children(parents.size());
    if (related.result.rows.empty()) {
        return children;
    }
    const RowReader reader(model_info<Child>(), related.result.columns);
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (auto found = related.rows_by_key.find(keys[i]); found != related.rows_by_key.end()) {
            for (std::size_t row : found->second) {
                children[i].push_back(read_row<Child>(reader, related.result.rows[row]));
            }
        }
    }
    return children;
}

}  // namespace minifw::orm
