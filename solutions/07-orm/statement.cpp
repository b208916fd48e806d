#include <sqlite3.h>

#include <string>
#include <type_traits>
#include <variant>

#include "minifw/orm/database.hpp"

namespace minifw::orm {

Statement::Statement(Database& db, std::string_view sql) : db_(db), sql_(sql) {
    const char* tail = nullptr;
    // The length is given, so the text need not be terminated and may not
    // be cut at a NUL. PERSISTENT: a cached statement lives long.
    const int rc = sqlite3_prepare_v3(db.handle(), sql_.data(), static_cast<int>(sql_.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt_, &tail);
    if (rc != SQLITE_OK) {
        detail::throw_error(db.handle(), rc, sql_, db.busy_timeout());
    }
    const std::string_view rest(tail, sql_.data() + sql_.size() - tail);
    if (stmt_ == nullptr || rest.find_first_not_of(" \t\r\n;") != std::string_view::npos) {
        sqlite3_finalize(stmt_);
        throw std::invalid_argument(
            "Statement runs exactly one SQL statement, and this text holds " +
            std::string(stmt_ == nullptr ? "none" : "more") + ": " + sql_ +
            " (use Database::execute for a script)");
    }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::bind(int index, const Value& value) {
    // SQLITE_TRANSIENT: SQLite copies text and blobs now, so the Value may
    // die before the statement runs; the length keeps NUL bytes in.
    const int rc = std::visit(
        [&](const auto& v) -> int {
            using V = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<V, Null>) {
                return sqlite3_bind_null(stmt_, index);
            } else if constexpr (std::is_same_v<V, std::int64_t>) {
                return sqlite3_bind_int64(stmt_, index, v);
            } else if constexpr (std::is_same_v<V, double>) {
                return sqlite3_bind_double(stmt_, index, v);
            } else if constexpr (std::is_same_v<V, std::string>) {
                return sqlite3_bind_text64(stmt_, index, v.data(), v.size(), SQLITE_TRANSIENT,
                                           SQLITE_UTF8);
            } else if (v.empty()) {
                // A null pointer would bind NULL: an empty blob is not NULL.
                return sqlite3_bind_zeroblob(stmt_, index, 0);
            } else {
                return sqlite3_bind_blob64(stmt_, index, v.data(), v.size(), SQLITE_TRANSIENT);
            }
        },
        value);
    if (rc != SQLITE_OK) {
        detail::throw_error(db_.handle(), rc, sql_, db_.busy_timeout());
    }
}

void Statement::bind_all(std::span<const Value> values) {
    const int expected = sqlite3_bind_parameter_count(stmt_);
    if (static_cast<int>(values.size()) != expected) {
        throw std::invalid_argument("the statement takes " + std::to_string(expected) +
                                    " parameters but was given " + std::to_string(values.size()) +
                                    ": " + sql_);
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
        bind(static_cast<int>(i) + 1, values[i]);
    }
}

bool Statement::step() {
    if (!running_) {
        running_ = true;
        ++db_.statements_executed_;
    }
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    // The error of a step is the statement's; sqlite3_reset would also
    // return it, and readies the statement for another run.
    sqlite3_reset(stmt_);
    running_ = false;
    detail::throw_error(db_.handle(), sqlite3_extended_errcode(db_.handle()), sql_,
                        db_.busy_timeout());
}

int Statement::column_count() const { return sqlite3_column_count(stmt_); }

std::string Statement::column_name(int index) const {
    const char* name = sqlite3_column_name(stmt_, index);
    return name != nullptr ? name : "";
}

Value Statement::column(int index) const {
    switch (sqlite3_column_type(stmt_, index)) {
        case SQLITE_INTEGER:
            return std::int64_t{sqlite3_column_int64(stmt_, index)};
        case SQLITE_FLOAT:
            return sqlite3_column_double(stmt_, index);
        case SQLITE_TEXT: {
            // The pointer first, then the size: the documented order, since
            // asking for the text may convert the value.
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
            return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)));
        }
        case SQLITE_BLOB: {
            const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, index));
            return Blob(data, data + sqlite3_column_bytes(stmt_, index));
        }
        default:
            return null;
    }
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    running_ = false;
}

}  // namespace minifw::orm
