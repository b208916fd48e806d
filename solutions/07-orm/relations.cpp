#include "minifw/orm/relations.hpp"

#include <set>
#include <string>

namespace minifw::orm {

Related load_related(Database& db, const ModelInfo& model, std::string_view field,
                     std::span<const Value> keys) {
    // A page of 20 posts by 3 authors asks for 3 authors, not 20: each key
    // once, in the order first seen, and a NULL key matches nothing anyway.
    std::vector<Value> distinct;
    std::set<Value> seen;
    for (const Value& key : keys) {
        if (!std::holds_alternative<Null>(key) && seen.insert(key).second) {
            distinct.push_back(key);
        }
    }
    const std::string name(field);
    const std::string order(model.primary_key_name());
    Related related;
    for (std::size_t start = 0; start < distinct.size(); start += max_keys_per_statement) {
        const std::size_t end = std::min(distinct.size(), start + max_keys_per_statement);
        QuerySpec spec{&model,
                       {orm::field(name).in({distinct.begin() + start, distinct.begin() + end})},
                       {order},
                       std::nullopt,
                       std::nullopt};
        ResultSet part = db.run(compile_select(spec));
        related.result.columns = std::move(part.columns);
        for (auto& row : part.rows) {
            related.result.rows.push_back(std::move(row));
        }
    }
    if (related.result.rows.empty()) {
        return related;
    }
    // The SELECT lists the model's fields in order, so the key's column is
    // the field's index, which compile_select already checked exists.
    std::size_t column = 0;
    while (model.fields[column] != field) {
        ++column;
    }
    for (std::size_t row = 0; row < related.result.rows.size(); ++row) {
        related.rows_by_key[related.result.rows[row][column]].push_back(row);
    }
    return related;
}

}  // namespace minifw::orm
