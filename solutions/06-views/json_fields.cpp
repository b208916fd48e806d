#include "minifw/views/json.hpp"

#include <cmath>
#include <string>
#include <string_view>
#include <utility>

namespace minifw::views {
namespace json = boost::json;

std::string pointer_to(std::string_view parent, std::string_view key) {
    std::string pointer(parent);
    pointer.reserve(parent.size() + key.size() + 1);
    pointer += '/';
    for (char c : key) {
        // RFC 6901 section 3: '~' and '/' are the two characters with a meaning.
        if (c == '~') {
            pointer += "~0";
        } else if (c == '/') {
            pointer += "~1";
        } else {
            pointer += c;
        }
    }
    return pointer;
}

std::string pointer_to(std::string_view parent, std::size_t index) {
    return std::string(parent) + "/" + std::to_string(index);
}

std::string_view kind_of(const json::value& value) {
    switch (value.kind()) {
        case json::kind::null:
            return "null";
        case json::kind::bool_:
            return "a boolean";
        case json::kind::int64:
        case json::kind::uint64:
            return "an integer";
        case json::kind::double_:
            return "a number";
        case json::kind::string:
            return "a string";
        case json::kind::array:
            return "an array";
        case json::kind::object:
            return "an object";
    }
    return "a value";
}

void field_error(std::string_view pointer, std::string_view why) {
    const std::string where = pointer.empty() ? "the document" : std::string(pointer);
    Problem problem = make_problem(422, where + ": " + std::string(why));
    problem.extensions["errors"] = json::array{json::object{{"pointer", pointer}, {"detail", why}}};
    throw ProblemError(std::move(problem));
}

namespace {

[[noreturn]] void wrong_kind(const json::value& value, std::string_view pointer,
                             std::string_view expected) {
    field_error(pointer,
                "expected " + std::string(expected) + ", got " + std::string(kind_of(value)));
}

// `value` as an Int in [min, max]: the one check behind read_signed and
// read_unsigned. std::cmp_less and friends compare across signedness.
template <class Int>
Int read_integer(const json::value& value, std::string_view pointer, Int min, Int max) {
    const auto out_of_range = [&](const std::string& shown) {
        field_error(pointer, "out of range: " + shown + " is not between " + std::to_string(min) +
                                 " and " + std::to_string(max));
    };
    if (const std::int64_t* i = value.if_int64()) {
        if (std::cmp_less(*i, min) || std::cmp_greater(*i, max)) {
            out_of_range(std::to_string(*i));
        }
        return static_cast<Int>(*i);
    }
    if (const std::uint64_t* u = value.if_uint64()) {
        // Boost.JSON keeps only numbers above INT64_MAX as uint64.
        if (std::cmp_greater(*u, max)) {
            out_of_range(std::to_string(*u));
        }
        return static_cast<Int>(*u);
    }
    // JSON does not tell 7 from 7.0: a whole double counts, 1.5 does not.
    const double* d = value.if_double();
    if (d == nullptr || !std::isfinite(*d) || *d != std::trunc(*d)) {
        wrong_kind(value, pointer, "an integer");
    }
    if (*d < static_cast<double>(min) || *d >= static_cast<double>(max) + 1.0) {
        out_of_range(json::serialize(value));
    }
    return static_cast<Int>(*d);
}

}  // namespace

const json::object& expect_object(const json::value& value, std::string_view pointer) {
    if (const json::object* object = value.if_object()) {
        return *object;
    }
    wrong_kind(value, pointer, "an object");
}

const json::array& expect_array(const json::value& value, std::string_view pointer) {
    if (const json::array* array = value.if_array()) {
        return *array;
    }
    wrong_kind(value, pointer, "an array");
}

bool read_bool(const json::value& value, std::string_view pointer) {
    if (const bool* b = value.if_bool()) {
        return *b;
    }
    wrong_kind(value, pointer, "a boolean");
}

std::string read_string(const json::value& value, std::string_view pointer) {
    if (const json::string* s = value.if_string()) {
        return std::string(*s);
    }
    wrong_kind(value, pointer, "a string");
}

double read_number(const json::value& value, std::string_view pointer) {
    if (!value.is_number()) {
        wrong_kind(value, pointer, "a number");
    }
    return value.to_number<double>();
}

std::int64_t read_signed(const json::value& value, std::string_view pointer, std::int64_t min,
                         std::int64_t max) {
    return read_integer(value, pointer, min, max);
}

std::uint64_t read_unsigned(const json::value& value, std::string_view pointer, std::uint64_t max) {
    return read_integer(value, pointer, std::uint64_t{0}, max);
}

void refuse_unknown_fields(const json::object& object, std::span<const std::string_view> known,
                           std::string_view pointer) {
    for (const auto& member : object) {
        bool found = false;
        for (std::string_view name : known) {
            found = found || name == member.key();
        }
        if (!found) {
            field_error(pointer_to(pointer, member.key()), "unknown field");
        }
    }
}

}  // namespace minifw::views
