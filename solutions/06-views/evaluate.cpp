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
using detail::kind;
using detail::to_text;

const json::value kNull;

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
// data, then member by member. A reference into the data, or kNull.
const json::value& lookup(const std::vector<std::string>& path, const Scope& scope) {
    const json::value* value = nullptr;
    for (auto loop = scope.loops.rbegin(); loop != scope.loops.rend() && value == nullptr; ++loop) {
        if (loop->name == path.front()) {
            value = loop->value;
        }
    }
    if (value == nullptr) {
        const json::object* top = scope.data.if_object();
        value = top != nullptr ? top->if_contains(path.front()) : nullptr;
    }
    for (std::size_t i = 1; i < path.size() && value != nullptr; ++i) {
        value = detail::member(*value, path[i]);
    }
    return value != nullptr ? *value : kNull;
}

json::value apply(const Filter& filter, const json::value& value, const Expression& expression,
                  const Scope& scope) {
    if (filter.name == "upper" || filter.name == "lower") {
        std::string text = to_text(value);
        for (char& c : text) {
            c = ascii_case(c, filter.name == "upper");
        }
        return json::string(text);
    }
    if (filter.name == "length") {
        if (const json::string* s = value.if_string()) {
            return detail::utf8_length(*s);
        }
        if (const json::array* a = value.if_array()) {
            return static_cast<std::int64_t>(a->size());
        }
        if (const json::object* o = value.if_object()) {
            return static_cast<std::int64_t>(o->size());
        }
        if (value.is_null()) {
            return 0;
        }
        throw TemplateError(std::string(scope.template_name), expression.position.line,
                            expression.position.column,
                            "filter 'length' needs a string, a list or an object, but '" +
                                dotted(expression) + "' is " + kind(value));
    }
    // default: for a missing (null) or empty value.
    const json::string* s = value.if_string();
    if (value.is_null() || (s != nullptr && s->empty())) {
        return *filter.argument;
    }
    return value;
}

}  // namespace

const json::value& evaluate(const Expression& expression, const Scope& scope,
                            std::optional<json::value>& scratch, bool& safe) {
    const json::value* value = &lookup(expression.path, scope);
    for (const Filter& filter : expression.filters) {
        if (filter.name == "safe") {
            safe = true;
            continue;
        }
        json::value result = apply(filter, *value, expression, scope);
        value = &scratch.emplace(std::move(result));
    }
    return *value;
}

}  // namespace minifw::views
