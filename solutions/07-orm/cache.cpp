#include <memory>
#include <string>
#include <string_view>

#include "minifw/orm/database.hpp"

namespace minifw::orm {

Statement& Database::prepare(std::string_view sql) {
    auto found = cache_.find(sql);
    if (found == cache_.end()) {
        // Preparing compiles the SQL; a hit skips that and only resets.
        auto statement = std::make_unique<Statement>(*this, sql);
        found = cache_.emplace(std::string(sql), std::move(statement)).first;
    }
    Statement& statement = *found->second;
    statement.reset();
    return statement;
}

ResultSet Database::run(std::string_view sql, std::span<const Value> params) {
    Statement& statement = prepare(sql);
    // Reset on every way out, so a failed run leaves no lock or half-read
    // result behind for the next user of the cached statement.
    struct ResetOnExit {
        Statement& statement;
        ~ResetOnExit() { statement.reset(); }
    } guard{statement};
    statement.bind_all(params);
    ResultSet result;
    const int columns = statement.column_count();
    result.columns.reserve(static_cast<std::size_t>(columns));
    for (int i = 0; i < columns; ++i) {
        result.columns.push_back(statement.column_name(i));
    }
    while (statement.step()) {
        auto& row = result.rows.emplace_back();
        row.reserve(static_cast<std::size_t>(columns));
        for (int i = 0; i < columns; ++i) {
            row.push_back(statement.column(i));
        }
    }
    return result;
}

}  // namespace minifw::orm
