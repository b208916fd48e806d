#pragma once
/// @file
/// JSON in and out by field descriptors (stage 06: the field checks are
/// exercise 06.1, the body and the response exercise 06.2).
///
/// A struct described once with BOOST_DESCRIBE_STRUCT becomes a JSON object
/// and is read back from one, with no JSON text written by hand. The walk
/// over the descriptors is here, given: a few lines of templates. The checks
/// are the exercise: each one knows the JSON pointer (RFC 6901) of the value
/// it looks at, so a client that sent a wrong field is told which one and
/// why, as a 422 problem (problem.hpp), never a 500.

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <boost/describe.hpp>
#include <boost/json.hpp>
#include <boost/mp11/algorithm.hpp>

#include "minifw/http/context.hpp"
#include "minifw/http/response.hpp"
#include "minifw/views/problem.hpp"

namespace minifw::views {

/// The pointer of member `key` of the value at `parent` (RFC 6901 section
/// 4): parent + "/" + key, with '~' written "~0" and '/' written "~1".
std::string pointer_to(std::string_view parent, std::string_view key);
/// The pointer of element `index` of the array at `parent`: "/tags" -> "/tags/2".
std::string pointer_to(std::string_view parent, std::size_t index);

/// What a value is, for messages: "null", "a boolean", "an integer" (int64
/// or uint64), "a number" (a double), "a string", "an array", "an object".
std::string_view kind_of(const boost::json::value& value);

/// Throws ProblemError 422 (Unprocessable Content, RFC 9110 15.5.21) for the
/// value at `pointer`: detail "<pointer>: <why>" ("the document: <why>" for
/// the root, pointer ""), and an extension "errors" holding one object
/// {"pointer": ..., "detail": why}, the shape RFC 9457 section 3 shows.
[[noreturn]] void field_error(std::string_view pointer, std::string_view why);

/// `value` as an object, or field_error "expected an object, got <kind>".
const boost::json::object& expect_object(const boost::json::value& value, std::string_view pointer);
/// `value` as an array, or field_error "expected an array, got <kind>".
const boost::json::array& expect_array(const boost::json::value& value, std::string_view pointer);
/// `value` as a bool, or field_error "expected a boolean, got <kind>".
bool read_bool(const boost::json::value& value, std::string_view pointer);
/// `value` as a string, or field_error "expected a string, got <kind>".
std::string read_string(const boost::json::value& value, std::string_view pointer);
/// `value` as a double (an integer is converted), or field_error
/// "expected a number, got <kind>".
double read_number(const boost::json::value& value, std::string_view pointer);
/// `value` as an integer in [min, max]. A double counts when it is a whole
/// number (JSON does not tell 1 from 1.0). field_error "expected an integer,
/// got <kind>", or "out of range: <value> is not between <min> and <max>".
std::int64_t read_signed(const boost::json::value& value, std::string_view pointer,
                         std::int64_t min, std::int64_t max);
/// The same for an unsigned integer in [0, max].
std::uint64_t read_unsigned(const boost::json::value& value, std::string_view pointer,
                            std::uint64_t max);
/// field_error "unknown field" at the pointer of the first member of
/// `object` whose key is not in `known`: a misspelt optional field would
/// otherwise be dropped without a word.
void refuse_unknown_fields(const boost::json::object& object,
                           std::span<const std::string_view> known, std::string_view pointer);

/// The request's body, read through context.read_body(), parsed. Throws
/// ProblemError 415 when the request has a Content-Type that is not JSON
/// (application/json or a "+json" type, RFC 6839 section 3.1; no
/// Content-Type at all is accepted), and ProblemError 400 naming the line
/// and column where a body that is not JSON goes wrong.
boost::json::value read_json_value(http::Context& context);

/// A response with `value` serialised as its body and Content-Type
/// application/json.
http::Response json_response(const boost::json::value& value, int status = 200);

namespace detail {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};

/// A struct with a BOOST_DESCRIBE_STRUCT.
template <class T>
concept Described = boost::describe::has_describe_members<T>::value;

template <class T>
using PublicMembers = boost::describe::describe_members<T, boost::describe::mod_public>;

/// `value` as JSON: described structs by their members, optionals as null
/// or their value, vectors as arrays, the rest as Boost.JSON converts it.
template <class T>
boost::json::value to_json(const T& value) {
    if constexpr (is_optional<T>::value) {
        return value ? to_json(*value) : boost::json::value(nullptr);
    } else if constexpr (is_vector<T>::value) {
        boost::json::array array;
        array.reserve(value.size());
        for (const auto& item : value) {
            array.push_back(to_json(item));
        }
        return array;
    } else if constexpr (Described<T>) {
        boost::json::object object;
        boost::mp11::mp_for_each<PublicMembers<T>>(
            [&](auto member) { object[member.name] = to_json(value.*member.pointer); });
        return object;
    } else {
        return boost::json::value_from(value);
    }
}

/// `value`, found at `pointer`, as a T; every failure goes through the
/// checks above, which name the pointer.
template <class T>
T from_json(const boost::json::value& value, std::string_view pointer) {
    if constexpr (std::is_same_v<T, boost::json::value>) {
        return value;
    } else if constexpr (std::is_same_v<T, bool>) {
        return read_bool(value, pointer);
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
        return static_cast<T>(read_signed(value, pointer, std::numeric_limits<T>::min(),
                                          std::numeric_limits<T>::max()));
    } else if constexpr (std::is_integral_v<T>) {
        return static_cast<T>(read_unsigned(value, pointer, std::numeric_limits<T>::max()));
    } else if constexpr (std::is_floating_point_v<T>) {
        return static_cast<T>(read_number(value, pointer));
    } else if constexpr (std::is_same_v<T, std::string>) {
        return read_string(value, pointer);
    } else if constexpr (is_optional<T>::value) {
        if (value.is_null()) {
            return std::nullopt;
        }
        return from_json<typename T::value_type>(value, pointer);
    } else if constexpr (is_vector<T>::value) {
        const boost::json::array& array = expect_array(value, pointer);
        T result;
        result.reserve(array.size());
        for (std::size_t i = 0; i < array.size(); ++i) {
            result.push_back(from_json<typename T::value_type>(array[i], pointer_to(pointer, i)));
        }
        return result;
    } else if constexpr (Described<T>) {
        const boost::json::object& object = expect_object(value, pointer);
        std::array<std::string_view, boost::mp11::mp_size<PublicMembers<T>>::value> names{};
        std::size_t next = 0;
        boost::mp11::mp_for_each<PublicMembers<T>>(
            [&](auto member) { names[next++] = member.name; });
        refuse_unknown_fields(object, names, pointer);
        T result{};
        boost::mp11::mp_for_each<PublicMembers<T>>([&](auto member) {
            using Member = std::remove_cvref_t<decltype(result.*member.pointer)>;
            const std::string child = pointer_to(pointer, member.name);
            if (const boost::json::value* found = object.if_contains(member.name)) {
                result.*member.pointer = from_json<Member>(*found, child);
            } else if constexpr (!is_optional<Member>::value) {
                field_error(child, "required, but missing");
            }
        });
        return result;
    } else {
        static_assert(Described<T>, "read_json: describe this type with BOOST_DESCRIBE_STRUCT");
    }
}

}  // namespace detail

/// A response with `value` as JSON (a struct described with
/// BOOST_DESCRIBE_STRUCT, a vector, an optional, a number, a string...);
/// Content-Type: application/json.
template <class T>
http::Response json_response(const T& value, int status = 200) {
    return json_response(detail::to_json(value), status);
}

/// A parsed JSON document as a T, with the checks read_json applies: for a
/// value that did not come from a request (a file, a test), and what
/// read_json does once the body is parsed.
template <class T>
T from_json(const boost::json::value& value) {
    return detail::from_json<T>(value, "");
}

/// The request's JSON body (read_json_value) as a T: a body that is not JSON
/// is a 400, a field missing, of the wrong type, out of range or unknown a
/// 422, each a ProblemError naming the field's JSON pointer (/author/age)
/// and why. A std::optional member may be missing or null.
template <class T>
T read_json(http::Context& context) {
    return from_json<T>(read_json_value(context));
}

}  // namespace minifw::views
