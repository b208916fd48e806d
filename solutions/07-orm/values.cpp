#include <limits>
#include <stdexcept>
#include <string>
#include <variant>

#include "minifw/orm/model.hpp"
#include "minifw/orm/value.hpp"

namespace minifw::orm {
namespace {

[[noreturn]] void mismatch(const Value& value, std::string_view field_type, ColumnRef where,
                           std::string_view why = "") {
    std::string message = "column '" + std::string(where.column) + "' of " +
                          std::string(where.table) + " holds " + std::string(storage_class(value)) +
                          ", which does not fit the field's " + std::string(field_type);
    if (!why.empty()) {
        message += ": ";
        message += why;
    }
    throw std::invalid_argument(message);
}

// The one check every integer field shares.
std::int64_t integer_of(const Value& value, std::string_view field_type, ColumnRef where) {
    if (const auto* integer = std::get_if<std::int64_t>(&value)) {
        return *integer;
    }
    if (std::holds_alternative<Null>(value)) {
        mismatch(value, field_type, where, "make the field std::optional, or the column NOT NULL");
    }
    mismatch(value, field_type, where);
}

}  // namespace

void from_value(const Value& value, std::int64_t& out, ColumnRef where) {
    out = integer_of(value, "std::int64_t", where);
}

void from_value(const Value& value, int& out, ColumnRef where) {
    const std::int64_t integer = integer_of(value, "int", where);
    if (integer < std::numeric_limits<int>::min() || integer > std::numeric_limits<int>::max()) {
        mismatch(value, "int", where, std::to_string(integer) + " is out of its range");
    }
    out = static_cast<int>(integer);
}

void from_value(const Value& value, bool& out, ColumnRef where) {
    const std::int64_t integer = integer_of(value, "bool", where);
    if (integer != 0 && integer != 1) {
        mismatch(value, "bool", where, std::to_string(integer) + " is neither 0 nor 1");
    }
    out = integer == 1;
}

void from_value(const Value& value, double& out, ColumnRef where) {
    if (const auto* real = std::get_if<double>(&value)) {
        out = *real;
        return;
    }
    out = static_cast<double>(integer_of(value, "double", where));
}

void from_value(const Value& value, std::string& out, ColumnRef where) {
    if (const auto* text = std::get_if<std::string>(&value)) {
        out = *text;
        return;
    }
    mismatch(value, "std::string", where,
             std::holds_alternative<Null>(value)
                 ? "make the field std::optional, or the column NOT NULL"
                 : "");
}

void from_value(const Value& value, Blob& out, ColumnRef where) {
    if (const auto* blob = std::get_if<Blob>(&value)) {
        out = *blob;
        return;
    }
    mismatch(value, "Blob", where,
             std::holds_alternative<Null>(value)
                 ? "make the field std::optional, or the column NOT NULL"
                 : "");
}

RowReader::RowReader(const ModelInfo& model, std::span<const std::string> columns) : model_(model) {
    columns_.reserve(model.fields.size());
    for (const std::string_view field : model.fields) {
        std::size_t found = 0;
        while (found < columns.size() && columns[found] != field) {
            ++found;
        }
        if (found == columns.size()) {
            std::string present;
            for (const auto& column : columns) {
                present += present.empty() ? "" : ", ";
                present += column;
            }
            throw std::invalid_argument(
                "the result has no column '" + std::string(field) +
                "' for the field of the same name of " + std::string(model.table) +
                "; its columns are: " + (present.empty() ? "(none)" : present));
        }
        columns_.push_back(found);
    }
}

}  // namespace minifw::orm
