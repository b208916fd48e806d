#include "minifw/orm/query.hpp"

#include <stdexcept>
#include <string>

namespace minifw::orm {
namespace {

// ` WHERE (a) AND (b)`: every filter must hold. Each condition brings its
// own parentheses where it needs them.
void append_where(const QuerySpec& query, Compiled& out) {
    for (std::size_t i = 0; i < query.where.size(); ++i) {
        out.sql += i == 0 ? " WHERE " : " AND ";
        query.where[i].compile(*query.model, out);
    }
}

// ORDER BY, then LIMIT and OFFSET as parameters: numbers are values too.
void append_order_and_range(const QuerySpec& query, Compiled& out) {
    for (std::size_t i = 0; i < query.order.size(); ++i) {
        std::string_view name = query.order[i];
        const bool descending = name.starts_with('-');
        if (descending) {
            name.remove_prefix(1);
        }
        out.sql += i == 0 ? " ORDER BY " : ", ";
        out.sql += checked_identifier(*query.model, name);
        out.sql += descending ? " DESC" : " ASC";
    }
    if (query.limit || query.offset) {
        // SQLite has no OFFSET without LIMIT; a negative limit means none.
        out.sql += " LIMIT ?";
        out.params.emplace_back(query.limit.value_or(-1));
    }
    if (query.offset) {
        out.sql += " OFFSET ?";
        out.params.emplace_back(*query.offset);
    }
}

void refuse_range(const QuerySpec& query, std::string_view what) {
    if (!query.order.empty() || query.limit || query.offset) {
        throw std::invalid_argument(std::string(what) + " of " + std::string(query.model->table) +
                                    " takes filters only, not order_by, limit or offset: "
                                    "select the keys first, then filter on them");
    }
}

}  // namespace

Compiled compile_select(const QuerySpec& query) {
    Compiled out;
    out.sql = "SELECT ";
    for (std::size_t i = 0; i < query.model->fields.size(); ++i) {
        out.sql += i == 0 ? "" : ", ";
        out.sql += quote_identifier(query.model->fields[i]);
    }
    out.sql += " FROM " + quote_identifier(query.model->table);
    append_where(query, out);
    append_order_and_range(query, out);
    return out;
}

Compiled compile_count(const QuerySpec& query) {
    Compiled out;
    const bool ranged = query.limit || query.offset;
    // A limit applies to the rows counted, so it goes in a subquery.
    out.sql = ranged ? "SELECT COUNT(*) FROM (SELECT 1 FROM " : "SELECT COUNT(*) FROM ";
    out.sql += quote_identifier(query.model->table);
    append_where(query, out);
    append_order_and_range(query, out);
    if (ranged) {
        out.sql += ")";
    }
    return out;
}

Compiled compile_update(const QuerySpec& query, std::span<const Assignment> assignments) {
    refuse_range(query, "update");
    if (assignments.empty()) {
        throw std::invalid_argument("update of " + std::string(query.model->table) +
                                    " needs at least one field to set");
    }
    Compiled out;
    out.sql = "UPDATE " + quote_identifier(query.model->table) + " SET ";
    for (std::size_t i = 0; i < assignments.size(); ++i) {
        out.sql += i == 0 ? "" : ", ";
        out.sql += checked_identifier(*query.model, assignments[i].first) + " = ?";
        out.params.push_back(assignments[i].second);
    }
    append_where(query, out);
    return out;
}

Compiled compile_delete(const QuerySpec& query) {
    refuse_range(query, "remove");
    Compiled out;
    out.sql = "DELETE FROM " + quote_identifier(query.model->table);
    append_where(query, out);
    return out;
}

Compiled compile_insert(const ModelInfo& model, std::span<const Value> values,
                        bool without_primary_key) {
    if (values.size() != model.fields.size()) {
        throw std::invalid_argument("insert into " + std::string(model.table) + " needs " +
                                    std::to_string(model.fields.size()) + " values, got " +
                                    std::to_string(values.size()));
    }
    Compiled out;
    std::string marks;
    out.sql = "INSERT INTO " + quote_identifier(model.table) + " (";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (without_primary_key && i == model.primary_key) {
            continue;
        }
        out.sql += marks.empty() ? "" : ", ";
        marks += marks.empty() ? "?" : ", ?";
        out.sql += quote_identifier(model.fields[i]);
        out.params.push_back(values[i]);
    }
    out.sql += ") VALUES (" + marks + ")";
    return out;
}

}  // namespace minifw::orm
