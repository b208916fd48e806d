#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "minifw/views/template.hpp"
#include "values.hpp"

namespace minifw::views {
namespace json = boost::json;
namespace {

using detail::dotted;

char ascii_case(char c, bool upper) {
    if (upper && c >= 'a' && c <= 'z') {
        return static_cast<char>(c - 'a' + 'A');
    }
    if (!upper && c >= 'A' && c <= 'Z') {
        return static_cast<char>(c - 'A' + 'a');
    }
    return c;
}

// The value a path names: loop variables first (innermost first), then the
// data, then member by member. A view into the data, or null.
ValueRef lookup(const std::vector<std::string>& path, const Scope& scope) {
    ValueRef value;
    bool found = false;
    for (auto loop = scope.loops.rbegin(); loop != scope.loops.rend() && !found; ++loop) {
        if (loop->name == path.front()) {
            value = loop->value;
            found = true;
        }
    }
    if (!found) {
        value = scope.data.kind() == ValueRef::Kind::object ? scope.data.member(path.front())
                                                            : ValueRef();
    }
    for (std::size_t i = 1; i < path.size() && !value.is_null(); ++i) {
        value = value.member(path[i]);
    }
    return value;
}

// The filter's result, or nullopt when it leaves the value as it is.
std::optional<json::value> apply(const Filter& filter, ValueRef value, const Expression& expression,
                                 const Scope& scope) {
    if (filter.name == "upper" || filter.name == "lower") {
        std::string text = value.to_text();
        for (char& c : text) {
            c = ascii_case(c, filter.name == "upper");
        }
        return json::string(text);
    }
    if (filter.name == "length") {
        if (const std::optional<std::string_view> s = value.if_string()) {
            return detail::utf8_length(*s);
        }
        const ValueRef::Kind kind = value.kind();
        if (kind == ValueRef::Kind::list || kind == ValueRef::Kind::object) {
            return static_cast<std::int64_t>(value.size());
        }
        if (kind == ValueRef::Kind::null) {
            return 0;
        }
        throw TemplateError(std::string(scope.template_name), expression.position.line,
                            expression.position.column,
                            "filter 'length' needs a string, a list or an object, but '" +
                                dotted(expression) + "' is " + std::string(value.kind_name()));
    }
    // default: for a missing (null) or empty value.
    const std::optional<std::string_view> s = value.if_string();
    if (value.is_null() || (s && s->empty())) {
        return *filter.argument;
    }
    return std::nullopt;
}

}  // namespace

ValueRef evaluate(const Expression& expression, const Scope& scope,
                  std::optional<json::value>& scratch, bool& safe) {
    ValueRef value = lookup(expression.path, scope);
    for (const Filter& filter : expression.filters) {
        if (filter.name == "safe") {
            safe = true;
            continue;
        }
        if (std::optional<json::value> result = apply(filter, value, expression, scope)) {
            value = scratch.emplace(std::move(*result));
        }
    }
    return value;
}

}  // namespace minifw::views
