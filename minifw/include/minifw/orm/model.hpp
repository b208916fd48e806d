#pragma once
/// @file
/// Models: a described struct plus its table, and the mapping between a row
/// and a struct (stage 07; exercise 07.3 writes RowReader).
///
/// A model is a plain struct, described once:
///
///     struct Post { std::int64_t id = 0; std::string title; std::int64_t author_id = 0; };
///     BOOST_DESCRIBE_STRUCT(Post, (), (id, title, author_id))
///     template <> struct minifw::orm::Table<Post> {
///         static constexpr std::string_view name = "posts";
///         static constexpr auto primary_key = &Post::id;
///     };
///
/// The same description serves the JSON of stage 06.

#include <boost/describe.hpp>
#include <boost/mp11.hpp>
#include <concepts>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "minifw/orm/value.hpp"

namespace minifw::orm {

/// Specialise for each model: `name` (the table) and `primary_key` (a
/// pointer to the member that holds it).
template <class T>
struct Table;

/// What the non-template parts of the ORM know of a model: its table, its
/// fields in declaration order, and which one is the primary key.
struct ModelInfo {
    /// The table name, unquoted.
    std::string_view table;
    /// The described fields, which are the columns, in declaration order.
    std::vector<std::string_view> fields;
    /// The index in `fields` of the primary key.
    std::size_t primary_key = 0;

    /// The primary key's name.
    std::string_view primary_key_name() const { return fields[primary_key]; }
};

/// A model: a described struct with a Table specialisation.
template <class T>
concept Model = boost::describe::has_describe_members<T>::value && requires {
    { Table<T>::name } -> std::convertible_to<std::string_view>;
    Table<T>::primary_key;
};

/// The ModelInfo of T, built once from its description.
template <Model T>
const ModelInfo& model_info() {
    static const ModelInfo info = [] {
        ModelInfo made{Table<T>::name, {}, 0};
        using Members = boost::describe::describe_members<T, boost::describe::mod_public>;
        boost::mp11::mp_for_each<Members>([&](auto member) {
            if constexpr (std::is_same_v<decltype(member.pointer),
                                         std::remove_cv_t<decltype(Table<T>::primary_key)>>) {
                if (member.pointer == Table<T>::primary_key) {
                    made.primary_key = made.fields.size();
                }
            }
            made.fields.push_back(member.name);
        });
        return made;
    }();
    return info;
}

/// Maps the columns of one result onto a model's fields, once per result
/// rather than once per row.
class RowReader {
public:
    /// Finds each field of `model` among `columns`; std::invalid_argument
    /// naming the missing field's column and listing the columns there are.
    RowReader(const ModelInfo& model, std::span<const std::string> columns);

    /// The index in a row of the column for field `field` (an index into
    /// ModelInfo::fields).
    std::size_t column_of(std::size_t field) const noexcept { return columns_[field]; }
    /// The model it reads.
    const ModelInfo& model() const noexcept { return model_; }

private:
    const ModelInfo& model_;
    std::vector<std::size_t> columns_;  // field index -> column index
};

/// Builds a T from one row, each field through from_value.
template <Model T>
T read_row(const RowReader& reader, std::span<const Value> row) {
    T out{};
    std::size_t field = 0;
    using Members = boost::describe::describe_members<T, boost::describe::mod_public>;
    boost::mp11::mp_for_each<Members>([&](auto member) {
        const std::size_t column = reader.column_of(field++);
        from_value(row[column], out.*member.pointer, ColumnRef{reader.model().table, member.name});
    });
    return out;
}

/// The values of a T's fields, in ModelInfo::fields order.
template <Model T>
std::vector<Value> values_of(const T& object) {
    std::vector<Value> values;
    using Members = boost::describe::describe_members<T, boost::describe::mod_public>;
    boost::mp11::mp_for_each<Members>(
        [&](auto member) { values.push_back(to_value(object.*member.pointer)); });
    return values;
}

}  // namespace minifw::orm
