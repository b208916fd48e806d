#pragma once
/// @file
/// The values SQLite stores, and how C++ fields become them and back
/// (stage 07, exercise 07.3 writes the reading side).

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace minifw::orm {

/// SQL NULL. std::monostate rather than std::nullptr_t, because a Value must
/// be ordered (prefetch groups rows by key in a std::map).
using Null = std::monostate;

/// The one NULL value, to bind or assign; a lookup refuses it
/// (`eq(orm::null)` is never true in SQL: use `is_null()`).
inline constexpr Null null{};

/// Bytes that are not text: bound with sqlite3_bind_blob, read back as given.
using Blob = std::vector<std::uint8_t>;

/// One SQLite value: its five storage classes (NULL, INTEGER, REAL, TEXT,
/// BLOB). TEXT is a std::string of exactly the bytes given, NULs included;
/// the ORM never checks or changes its encoding.
using Value = std::variant<Null, std::int64_t, double, std::string, Blob>;

/// The name of a value's storage class ("NULL", "INTEGER", "REAL", "TEXT",
/// "BLOB"), for error messages.
inline std::string_view storage_class(const Value& value) noexcept {
    static constexpr std::string_view names[] = {"NULL", "INTEGER", "REAL", "TEXT", "BLOB"};
    return names[value.index()];
}

/// Where a value was read from, so that a conversion error names the table
/// and the column.
struct ColumnRef {
    /// The model's table, such as "posts".
    std::string_view table;
    /// The column the value came from, the model's field of the same name.
    std::string_view column;
};

/// @name C++ field -> Value (given)
/// @{
/// An integer field is an INTEGER.
inline Value to_value(std::int64_t v) { return v; }
/// An int field is an INTEGER.
inline Value to_value(int v) { return std::int64_t{v}; }
/// A bool is stored as the INTEGER 0 or 1, as SQLite itself does.
inline Value to_value(bool v) { return std::int64_t{v ? 1 : 0}; }
/// A double is a REAL.
inline Value to_value(double v) { return v; }
/// A string is TEXT, every byte kept.
inline Value to_value(const std::string& v) { return v; }
/// A blob is a BLOB.
inline Value to_value(const Blob& v) { return v; }
/// A Value is itself.
inline Value to_value(const Value& v) { return v; }
/// An empty optional is NULL; this is how a model says a column is nullable.
template <class T>
Value to_value(const std::optional<T>& v) {
    return v ? to_value(*v) : Value{null};
}
/// @}

/// @name Value -> C++ field (exercise 07.3)
/// Each throws std::invalid_argument naming the table, the column, the
/// storage class found and the field's type when the value does not fit:
/// NULL into a field that is not std::optional, TEXT into an integer, an
/// INTEGER outside the range of an int, a REAL into an integer.
/// @{
/// INTEGER only.
void from_value(const Value& value, std::int64_t& out, ColumnRef where);
/// INTEGER within the range of int.
void from_value(const Value& value, int& out, ColumnRef where);
/// INTEGER 0 or 1.
void from_value(const Value& value, bool& out, ColumnRef where);
/// REAL, or an INTEGER (SQLite stores 2.0 in a REAL column as the integer 2).
void from_value(const Value& value, double& out, ColumnRef where);
/// TEXT only, every byte.
void from_value(const Value& value, std::string& out, ColumnRef where);
/// BLOB only.
void from_value(const Value& value, Blob& out, ColumnRef where);
/// NULL becomes an empty optional; anything else is read as a T.
template <class T>
void from_value(const Value& value, std::optional<T>& out, ColumnRef where) {
    if (std::holds_alternative<Null>(value)) {
        out.reset();
        return;
    }
    T inner{};
    from_value(value, inner, where);
    out = std::move(inner);
}
/// @}

}  // namespace minifw::orm
