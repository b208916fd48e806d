#pragma once
/// @file
/// Conditions of a WHERE clause: lookups on a field, combined with `&&`,
/// `||` and `!`, each compiling to (SQL text, parameters) (exercise 07.4).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "minifw/orm/database.hpp"
#include "minifw/orm/model.hpp"
#include "minifw/orm/value.hpp"

namespace minifw::orm {

/// An identifier as SQL text: in double quotes, an embedded quote doubled,
/// so that `order` or `a"b` are names and never syntax.
std::string quote_identifier(std::string_view name);

/// `name` quoted, if it is a field of `model`; otherwise
/// std::invalid_argument naming it, the table, and the fields there are.
std::string checked_identifier(const ModelInfo& model, std::string_view name);

/// `text` with `\`, `%` and `_` preceded by `\`, for a LIKE pattern whose
/// ESCAPE character is `\`: contains("100%") matches "100%", not "1000".
std::string escape_like(std::string_view text);

/// A condition: a tree of lookups and connectives, immutable and cheap to
/// copy (its nodes are shared). Field names are checked against the model
/// when it is compiled, by the query that uses it.
class Condition {
public:
    /// One node of the tree; defined where the conditions compile.
    struct Node;

    /// Appends this condition's SQL to `out.sql`, and its values to
    /// `out.params`, in the order of their `?`s.
    void compile(const ModelInfo& model, Compiled& out) const;

    /// Both must hold: `(a AND b)`.
    friend Condition operator&&(const Condition& a, const Condition& b);
    /// Either holds: `(a OR b)`.
    friend Condition operator||(const Condition& a, const Condition& b);
    /// Does not hold: `NOT (a)`.
    friend Condition operator!(const Condition& a);

    /// Wraps a node (used by Field and the operators).
    explicit Condition(std::shared_ptr<const Node> node) : node_(std::move(node)) {}

private:
    std::shared_ptr<const Node> node_;
};

/// A field named in a lookup: `field("title").contains("orm")`. Each lookup
/// compiles to `"field" <operator> ?` with the value bound, never spliced.
class Field {
public:
    /// The field's name, checked when the condition is compiled.
    explicit Field(std::string name) : name_(std::move(name)) {}

    /// `"f" = ?`. Comparing with NULL is never true in SQL: use is_null.
    Condition eq(Value value) const;
    /// `"f" <> ?` (a NULL in the column matches neither eq nor ne).
    Condition ne(Value value) const;
    /// `"f" < ?`.
    Condition lt(Value value) const;
    /// `"f" <= ?`.
    Condition lte(Value value) const;
    /// `"f" > ?`.
    Condition gt(Value value) const;
    /// `"f" >= ?`.
    Condition gte(Value value) const;
    /// `"f" IN (?, ?, ...)`, one parameter each; an empty list matches nothing.
    Condition in(std::vector<Value> values) const;
    /// `"f" LIKE ? ESCAPE '\'`, the pattern as given: `%` and `_` are wildcards.
    Condition like(std::string pattern) const;
    /// `"f" LIKE ? ESCAPE '\'` with `%text%`, the text escaped: a substring
    /// match (ASCII letters ignore case, as SQLite's LIKE does).
    Condition contains(std::string_view text) const;
    /// `"f" IS NULL`, or `"f" IS NOT NULL` when `is` is false.
    Condition is_null(bool is = true) const;

    /// The name given.
    const std::string& name() const noexcept { return name_; }

private:
    std::string name_;
};

/// Starts a lookup on the field `name`.
inline Field field(std::string name) { return Field(std::move(name)); }

}  // namespace minifw::orm
