#pragma once
// What the renderer asks of a value: its text, its truth, its length, its
// members, and words for it in messages (given code of stage 06, not an
// exercise: the walk of the tree is the exercise).

#include <array>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "minifw/views/template.hpp"

namespace minifw::views::detail {

/// How a value reads as text: a string as it is, null as nothing, a double in
/// its shortest exact form (1.5, not Boost.JSON's 1.5E0), the rest as JSON
/// writes it (42, true, [1,2]).
inline std::string to_text(const boost::json::value& value) {
    if (const boost::json::string* s = value.if_string()) {
        return std::string(*s);
    }
    if (value.is_null()) {
        return {};
    }
    if (const double* d = value.if_double()) {
        std::array<char, 32> buffer{};
        const auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), *d).ptr;
        return std::string(buffer.data(), end);
    }
    return boost::json::serialize(value);
}

/// False for null, false, 0, 0.0, "", [] and {}; true for everything else.
inline bool truthy(const boost::json::value& value) {
    switch (value.kind()) {
        case boost::json::kind::null:
            return false;
        case boost::json::kind::bool_:
            return value.get_bool();
        case boost::json::kind::int64:
            return value.get_int64() != 0;
        case boost::json::kind::uint64:
            return value.get_uint64() != 0;
        case boost::json::kind::double_:
            return value.get_double() != 0.0;
        case boost::json::kind::string:
            return !value.get_string().empty();
        case boost::json::kind::array:
            return !value.get_array().empty();
        case boost::json::kind::object:
            return !value.get_object().empty();
    }
    return false;
}

/// Characters (UTF-8 code points), not bytes: "é" is one to the reader.
inline std::int64_t utf8_length(std::string_view text) {
    std::int64_t count = 0;
    for (char c : text) {
        count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    return count;
}

/// The member `name` of an object, or element `name` (all digits) of an
/// array; nullptr when there is none.
inline const boost::json::value* member(const boost::json::value& value, const std::string& name) {
    if (const boost::json::object* object = value.if_object()) {
        return object->if_contains(name);
    }
    const boost::json::array* array = value.if_array();
    if (array == nullptr || name.empty() || name.size() > 9 ||
        name.find_first_not_of("0123456789") != std::string::npos) {
        return nullptr;
    }
    const std::size_t index = std::stoul(name);
    return index < array->size() ? &(*array)[index] : nullptr;
}

/// An expression's name as written: "user.name".
inline std::string dotted(const Expression& expression) {
    std::string name;
    for (const std::string& part : expression.path) {
        name += (name.empty() ? "" : ".") + part;
    }
    return name;
}

/// A value's kind for messages: "a string", "a number", "a boolean", ...
inline std::string kind(const boost::json::value& value) {
    switch (value.kind()) {
        case boost::json::kind::bool_:
            return "a boolean";
        case boost::json::kind::int64:
        case boost::json::kind::uint64:
        case boost::json::kind::double_:
            return "a number";
        case boost::json::kind::string:
            return "a string";
        case boost::json::kind::array:
            return "a list";
        case boost::json::kind::object:
            return "an object";
        case boost::json::kind::null:
            break;
    }
    return "null";
}

}  // namespace minifw::views::detail
