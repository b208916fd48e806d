#include "minifw/orm/condition.hpp"

#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace minifw::orm {

// A node is a lookup on one field, or a connective over other nodes. The
// values stay values until compile appends them to the parameters.
struct Condition::Node {
    enum class Kind { lookup, all_of, any_of, negation };
    Kind kind;
    std::string field;                // lookup: the field's name, unchecked
    std::string op;                   // lookup: "=", "IN", "LIKE", "IS NULL", ...
    std::vector<Value> values;        // lookup: what its ?s bind
    std::vector<Condition> operands;  // connectives
};

std::string quote_identifier(std::string_view name) {
    std::string quoted = "\"";
    for (const char c : name) {
        quoted += c;
        if (c == '"') {
            quoted += '"';  // SQL's escape for a quote inside quotes
        }
    }
    quoted += '"';
    return quoted;
}

std::string checked_identifier(const ModelInfo& model, std::string_view name) {
    for (const std::string_view field : model.fields) {
        if (field == name) {
            return quote_identifier(name);
        }
    }
    std::string known;
    for (const std::string_view field : model.fields) {
        known += known.empty() ? "" : ", ";
        known += field;
    }
    throw std::invalid_argument("unknown field '" + std::string(name) + "' of " +
                                std::string(model.table) + ": its fields are " + known);
}

std::string escape_like(std::string_view text) {
    std::string escaped;
    escaped.reserve(text.size());
    for (const char c : text) {
        if (c == '\\' || c == '%' || c == '_') {
            escaped += '\\';
        }
        escaped += c;
    }
    return escaped;
}

void Condition::compile(const ModelInfo& model, Compiled& out) const {
    const Node& node = *node_;
    switch (node.kind) {
        case Node::Kind::lookup:
            out.sql += checked_identifier(model, node.field);
            if (node.op == "IN") {
                // An empty list is valid SQL in SQLite, and matches no row.
                out.sql += " IN (";
                for (std::size_t i = 0; i < node.values.size(); ++i) {
                    out.sql += i == 0 ? "?" : ", ?";
                }
                out.sql += ")";
            } else if (node.op == "IS NULL" || node.op == "IS NOT NULL") {
                out.sql += " " + node.op;
            } else if (node.op == "LIKE") {
                out.sql += " LIKE ? ESCAPE '\\'";
            } else {
                out.sql += " " + node.op + " ?";
            }
            out.params.insert(out.params.end(), node.values.begin(), node.values.end());
            return;
        case Node::Kind::negation:
            out.sql += "NOT (";
            node.operands.front().compile(model, out);
            out.sql += ")";
            return;
        case Node::Kind::all_of:
        case Node::Kind::any_of:
            out.sql += "(";
            node.operands[0].compile(model, out);
            out.sql += node.kind == Node::Kind::all_of ? " AND " : " OR ";
            node.operands[1].compile(model, out);
            out.sql += ")";
            return;
    }
}

namespace {

Condition lookup(const std::string& field, std::string op, std::vector<Value> values) {
    for (const Value& value : values) {
        if (std::holds_alternative<Null>(value) && op != "IN") {
            throw std::invalid_argument("field '" + field + "' " + op +
                                        " NULL is never true in SQL: use is_null()");
        }
    }
    using Node = Condition::Node;
    return Condition(std::make_shared<const Node>(
        Node{Node::Kind::lookup, field, std::move(op), std::move(values), {}}));
}

Condition connective(Condition::Node::Kind kind, std::vector<Condition> operands) {
    using Node = Condition::Node;
    return Condition(std::make_shared<const Node>(Node{kind, "", "", {}, std::move(operands)}));
}

}  // namespace

Condition operator&&(const Condition& a, const Condition& b) {
    return connective(Condition::Node::Kind::all_of, {a, b});
}

Condition operator||(const Condition& a, const Condition& b) {
    return connective(Condition::Node::Kind::any_of, {a, b});
}

Condition operator!(const Condition& a) { return connective(Condition::Node::Kind::negation, {a}); }

Condition Field::eq(Value value) const { return lookup(name_, "=", {std::move(value)}); }
Condition Field::ne(Value value) const { return lookup(name_, "<>", {std::move(value)}); }
Condition Field::lt(Value value) const { return lookup(name_, "<", {std::move(value)}); }
Condition Field::lte(Value value) const { return lookup(name_, "<=", {std::move(value)}); }
Condition Field::gt(Value value) const { return lookup(name_, ">", {std::move(value)}); }
Condition Field::gte(Value value) const { return lookup(name_, ">=", {std::move(value)}); }
Condition Field::in(std::vector<Value> values) const {
    return lookup(name_, "IN", std::move(values));
}
Condition Field::like(std::string pattern) const {
    return lookup(name_, "LIKE", {std::move(pattern)});
}

Condition Field::contains(std::string_view text) const {
    return lookup(name_, "LIKE", {"%" + escape_like(text) + "%"});
}

Condition Field::is_null(bool is) const {
    return lookup(name_, is ? "IS NULL" : "IS NOT NULL", {});
}

}  // namespace minifw::orm
