#include "minifw/views/json.hpp"

#include <cmath>
#include <string>
#include <string_view>

#include "minifw/util/ascii.hpp"

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

// The whole-number value of a double, when it is one and fits in [min, max].
template <class Int>
bool whole(double d, Int min, Int max, Int& out) {
    if (!std::isfinite(d) || d != std::trunc(d) || d < static_cast<double>(min) ||
        d >= static_cast<double>(max) + 1.0) {
        return false;
    }
    out = static_cast<Int>(d);
    return true;
}

[[noreturn]] void out_of_range(std::string_view pointer, const std::string& value,
                               const std::string& min, const std::string& max) {
    field_error(pointer, "out of range: " + value + " is not between " + min + " and " + max);
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
    const auto range = [&](const std::string& shown) {
        out_of_range(pointer, shown, std::to_string(min), std::to_string(max));
    };
    if (const std::int64_t* i = value.if_int64()) {
        if (*i < min || *i > max) {
            range(std::to_string(*i));
        }
        return *i;
    }
    if (const std::uint64_t* u = value.if_uint64()) {
        // Boost.JSON keeps only numbers above INT64_MAX as uint64.
        if (*u > static_cast<std::uint64_t>(max)) {
            range(std::to_string(*u));
        }
        return static_cast<std::int64_t>(*u);
    }
    if (const double* d = value.if_double()) {
        std::int64_t out = 0;
        if (*d != std::trunc(*d) || !std::isfinite(*d)) {
            wrong_kind(value, pointer, "an integer");
        }
        if (!whole(*d, min, max, out)) {
            range(json::serialize(value));
        }
        return out;
    }
    wrong_kind(value, pointer, "an integer");
}

std::uint64_t read_unsigned(const json::value& value, std::string_view pointer, std::uint64_t max) {
    const auto range = [&](const std::string& shown) {
        out_of_range(pointer, shown, "0", std::to_string(max));
    };
    if (const std::uint64_t* u = value.if_uint64()) {
        if (*u > max) {
            range(std::to_string(*u));
        }
        return *u;
    }
    if (const std::int64_t* i = value.if_int64()) {
        if (*i < 0 || static_cast<std::uint64_t>(*i) > max) {
            range(std::to_string(*i));
        }
        return static_cast<std::uint64_t>(*i);
    }
    if (const double* d = value.if_double()) {
        std::uint64_t out = 0;
        if (*d != std::trunc(*d) || !std::isfinite(*d)) {
            wrong_kind(value, pointer, "an integer");
        }
        if (!whole(*d, std::uint64_t{0}, max, out)) {
            range(json::serialize(value));
        }
        return out;
    }
    wrong_kind(value, pointer, "an integer");
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

namespace {

// application/json, or a structured syntax suffix "+json" (RFC 6839 3.1),
// ignoring parameters such as charset and the case of the name.
bool is_json_media_type(std::string_view content_type) {
    std::string type(util::trim_ows(content_type.substr(0, content_type.find(';'))));
    for (char& c : type) {
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    const std::string_view suffix = "+json";
    return type == "application/json" || (type.starts_with("application/") &&
                                          type.size() > suffix.size() && type.ends_with(suffix));
}

// 1-based line and column of byte `offset` in `text`.
std::string position_of(std::string_view text, std::size_t offset) {
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace

json::value read_json_value(http::Context& context) {
    const http::Request& head = context.request();
    if (auto type = head.headers.combined("Content-Type"); type && !is_json_media_type(*type)) {
        throw ProblemError(make_problem(
            415, "the body must be JSON: send Content-Type: application/json, not " + *type));
    }
    const std::string& body = context.read_body().body;
    json::stream_parser parser;
    boost::system::error_code error;
    const std::size_t used = parser.write(body.data(), body.size(), error);
    if (!error) {
        parser.finish(error);
    }
    if (error) {
        throw ProblemError(make_problem(
            400, "the body is not JSON: " + error.message() + " at " + position_of(body, used)));
    }
    return parser.release();
}

http::Response json_response(const json::value& value, int status) {
    return http::Response::text(status, json::serialize(value), "application/json");
}

}  // namespace minifw::views
