#pragma once
/// @file
/// What a template reads: a ValueRef, a small view of one value that is
/// either part of a boost::json::value or part of the application's own
/// data (described structs, vectors of them, strings, numbers), so that a
/// handler can render its structs without copying them into a JSON document
/// first (given code of stage 06; the renderer of exercises 06.6 and 06.7
/// reads values only through it).

#include <array>
#include <charconv>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <ranges>
#include <string>
#include <string_view>
#include <type_traits>

#include <boost/describe.hpp>
#include <boost/json.hpp>
#include <boost/mp11/algorithm.hpp>

namespace minifw::views {

/// What a value is, as the template language sees it.
enum class ValueKind : std::uint8_t { null, boolean, integer, number, string, list, object };

class ValueRef;

namespace detail {

/// How a ValueRef reads one C++ type: one table per type, so that a ValueRef
/// is two pointers wide, copied in registers. Only the entries for the
/// type's kind are set.
struct ValueOps {
    /// The kind every value of the type has.
    ValueKind kind;
    /// A string's text.
    std::string_view (*text)(const void* value);
    /// An integer's value, or a boolean's as 0 or 1.
    std::int64_t (*integer)(const void* value);
    /// A number's value.
    double (*number)(const void* value);
    /// The member `name` of a struct, or element `name` (all digits) of a list; null when none.
    ValueRef (*member)(const void* value, std::string_view name);
    /// The elements of a list, or the members of a struct.
    std::size_t (*size)(const void* value);
    /// Element `index` of a list (index < size).
    ValueRef (*at)(const void* value, std::size_t index);
    /// A list or a struct copied into JSON: for filters and for a script element.
    boost::json::value (*to_json)(const void* value);
};

/// Types that read as text: std::string, std::string_view, const char*.
template <class T>
concept TextLike = std::convertible_to<const T&, std::string_view>;

/// Integers that fit an int64_t whatever their value (not bool, not uint64_t).
template <class T>
concept SmallInteger =
    std::integral<T> && !std::same_as<T, bool> && (std::is_signed_v<T> || sizeof(T) < 8);

/// A struct described with BOOST_DESCRIBE_STRUCT.
template <class T>
concept DescribedStruct = std::is_class_v<T> && boost::describe::has_describe_members<T>::value;

/// Random access ranges with a size: std::vector, std::array, std::span (not
/// a boost::json::object, whose elements are key-value pairs).
template <class T>
concept ListLike = std::ranges::random_access_range<const T> && std::ranges::sized_range<const T> &&
    !std::same_as<T, boost::json::object>;

/// Whether T is a std::optional: viewed as its value, or as null when empty.
template <class T>
struct IsOptional : std::false_type {};
/// A std::optional is one.
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

/// `text` as an index: all digits, at most nine of them; nullopt otherwise.
inline std::optional<std::size_t> list_index(std::string_view text) {
    std::size_t index = 0;
    if (text.empty() || text.size() > 9 ||
        std::from_chars(text.data(), text.data() + text.size(), index).ptr !=
            text.data() + text.size()) {
        return std::nullopt;
    }
    return index;
}

}  // namespace detail

/// The types a ValueRef can view (besides boost::json::value): text, bool,
/// integers that fit int64_t, floating point, std::optional of a viewable
/// type (empty: null), described structs (their public members) and random
/// access ranges such as std::vector and std::span of viewable types; and
/// boost::json::object, boost::json::array and boost::json::string.
template <class T>
concept Viewable =
    std::same_as<T, boost::json::value> || detail::TextLike<T> || std::same_as<T, bool> ||
    detail::SmallInteger<T> || std::floating_point<T> || detail::IsOptional<T>::value ||
    detail::DescribedStruct<T> || detail::ListLike<T> || std::same_as<T, boost::json::object>;

/// A view of one value while a template renders: it copies nothing and owns
/// nothing, so whatever it views must outlive it (the data render() was
/// given, or a filter's result kept in the caller's scratch).
class ValueRef {
public:
    /// What the value is.
    using Kind = ValueKind;

    /// Null: what a missing name is.
    ValueRef() = default;

    /// A view of `value`, or of a part of it (implicit: every JSON value can be rendered).
    ValueRef(const boost::json::value& value) noexcept : pointer_(&value) {}  // NOLINT

    /// A view of the application's own `value` (implicit, so render(tmpl, page) reads a
    /// described struct in place).
    template <Viewable T>
    requires(!std::same_as<T, boost::json::value>) ValueRef(const T& value)
    noexcept {  // NOLINT
        if constexpr (detail::IsOptional<T>::value) {
            if (value) {
                *this = ValueRef(*value);
            }
        } else {
            pointer_ = &value;
            ops_ = &kOps<T>;
        }
    }
    /// Not of a temporary, which would be gone before the view is read.
    template <Viewable T>
    requires(!std::same_as<T, boost::json::value>) ValueRef(const T&&)
    = delete;

    /// The kind; a JSON uint64 is an integer too.
    Kind kind() const noexcept {
        if (ops_ != nullptr) {
            return ops_->kind;
        }
        if (pointer_ == nullptr) {
            return Kind::null;
        }
        switch (json_value().kind()) {
            case boost::json::kind::null:
                return Kind::null;
            case boost::json::kind::bool_:
                return Kind::boolean;
            case boost::json::kind::int64:
            case boost::json::kind::uint64:
                return Kind::integer;
            case boost::json::kind::double_:
                return Kind::number;
            case boost::json::kind::string:
                return Kind::string;
            case boost::json::kind::array:
                return Kind::list;
            case boost::json::kind::object:
                return Kind::object;
        }
        return Kind::null;
    }
    /// Null, or a missing name.
    bool is_null() const noexcept { return kind() == Kind::null; }

    /// The JSON value this views, when it views one (nullptr for the application's data).
    const boost::json::value* json() const noexcept {
        return ops_ == nullptr ? static_cast<const boost::json::value*>(pointer_) : nullptr;
    }

    /// The text of a string; nullopt for every other kind.
    std::optional<std::string_view> if_string() const noexcept {
        if (ops_ != nullptr) {
            return ops_->kind == Kind::string ? std::optional(ops_->text(pointer_)) : std::nullopt;
        }
        const boost::json::string* s = pointer_ != nullptr ? json_value().if_string() : nullptr;
        return s != nullptr ? std::optional<std::string_view>(*s) : std::nullopt;
    }

    /// The value of an integer that fits int64_t; nullopt for every other
    /// kind (and a JSON uint64 beyond it).
    std::optional<std::int64_t> if_int64() const noexcept {
        if (ops_ != nullptr) {
            return ops_->kind == Kind::integer ? std::optional(ops_->integer(pointer_))
                                               : std::nullopt;
        }
        const std::int64_t* i = pointer_ != nullptr ? json_value().if_int64() : nullptr;
        return i != nullptr ? std::optional<std::int64_t>(*i) : std::nullopt;
    }

    /// The member `name` of an object, or element `name` (all digits) of a
    /// list; null when there is none, or for any other kind.
    ValueRef member(std::string_view name) const {
        if (ops_ != nullptr) {
            return ops_->member != nullptr ? ops_->member(pointer_, name) : ValueRef();
        }
        if (pointer_ == nullptr) {
            return {};
        }
        if (const boost::json::object* object = json_value().if_object()) {
            const boost::json::value* found = object->if_contains(name);
            return found != nullptr ? ValueRef(*found) : ValueRef();
        }
        const boost::json::array* array = json_value().if_array();
        const std::optional<std::size_t> index =
            array != nullptr ? detail::list_index(name) : std::nullopt;
        return index && *index < array->size() ? ValueRef((*array)[*index]) : ValueRef();
    }

    /// The elements of a list or the members of an object; 0 for any other kind.
    std::size_t size() const noexcept {
        if (ops_ != nullptr) {
            return ops_->size != nullptr ? ops_->size(pointer_) : 0;
        }
        if (pointer_ == nullptr) {
            return 0;
        }
        if (const boost::json::array* array = json_value().if_array()) {
            return array->size();
        }
        const boost::json::object* object = json_value().if_object();
        return object != nullptr ? object->size() : 0;
    }

    /// Element `index` of a list (index < size()); null for any other kind.
    ValueRef operator[](std::size_t index) const {
        if (ops_ != nullptr) {
            return ops_->at != nullptr ? ops_->at(pointer_, index) : ValueRef();
        }
        const boost::json::array* array = pointer_ != nullptr ? json_value().if_array() : nullptr;
        return array != nullptr ? ValueRef((*array)[index]) : ValueRef();
    }

    /// False for null, false, 0, 0.0, "", an empty list and an object without
    /// members; true for everything else.
    bool truthy() const noexcept {
        const boost::json::value* json = this->json();
        switch (kind()) {
            case Kind::null:
                return false;
            case Kind::boolean:
                return json != nullptr ? json->get_bool() : ops_->integer(pointer_) != 0;
            case Kind::integer:
                return json != nullptr && json->is_uint64() ? json->get_uint64() != 0
                                                            : *if_int64() != 0;
            case Kind::number:
                return (json != nullptr ? json->get_double() : ops_->number(pointer_)) != 0.0;
            case Kind::string:
                return !if_string()->empty();
            case Kind::list:
            case Kind::object:
                return size() != 0;
        }
        return false;
    }

    /// How the value reads as text: a string as it is, null as nothing, a
    /// number in its shortest exact form (1.5, not Boost.JSON's 1.5E0),
    /// true and false, lists and objects as JSON writes them.
    std::string to_text() const {
        std::array<char, 32> buffer{};
        char* const first = buffer.data();
        char* const last = buffer.data() + buffer.size();
        switch (kind()) {
            case Kind::null:
                return {};
            case Kind::string:
                return std::string(*if_string());
            case Kind::number: {
                const double d = json() != nullptr ? json()->get_double() : ops_->number(pointer_);
                return std::string(first, std::to_chars(first, last, d).ptr);
            }
            case Kind::integer:
                if (const std::optional<std::int64_t> i = if_int64()) {
                    return std::string(first, std::to_chars(first, last, *i).ptr);
                }
                break;  // a JSON uint64 beyond int64_t: as JSON writes it
            case Kind::boolean:
            case Kind::list:
            case Kind::object:
                break;
        }
        return boost::json::serialize(to_json());
    }

    /// The value copied into a boost::json::value (filters keep their
    /// results as JSON; json_for_script writes JSON).
    boost::json::value to_json() const {
        if (ops_ == nullptr) {
            return pointer_ != nullptr ? json_value() : boost::json::value();
        }
        switch (ops_->kind) {
            case Kind::boolean:
                return ops_->integer(pointer_) != 0;
            case Kind::integer:
                return ops_->integer(pointer_);
            case Kind::number:
                return ops_->number(pointer_);
            case Kind::string:
                return boost::json::string(ops_->text(pointer_));
            case Kind::list:
            case Kind::object:
                return ops_->to_json(pointer_);
            case Kind::null:
                break;
        }
        return nullptr;
    }

    /// The kind in words, for messages: "a string", "a number", "null", ...
    std::string_view kind_name() const noexcept {
        switch (kind()) {
            case Kind::boolean:
                return "a boolean";
            case Kind::integer:
            case Kind::number:
                return "a number";
            case Kind::string:
                return "a string";
            case Kind::list:
                return "a list";
            case Kind::object:
                return "an object";
            case Kind::null:
                break;
        }
        return "null";
    }

private:
    /// The value behind a table's `const void*`, as the type the table was made for.
    template <class T>
    static const T& as(const void* value) noexcept {
        return *static_cast<const T*>(value);
    }

    /// The table for type T, made at compile time from what T is.
    template <class T>
    static constexpr detail::ValueOps make_ops() {
        detail::ValueOps ops{};
        if constexpr (detail::TextLike<T>) {
            ops.kind = Kind::string;
            ops.text = [](const void* v) { return std::string_view(as<T>(v)); };
        } else if constexpr (std::same_as<T, bool>) {
            ops.kind = Kind::boolean;
            ops.integer = [](const void* v) { return std::int64_t{as<T>(v) ? 1 : 0}; };
        } else if constexpr (detail::SmallInteger<T>) {
            ops.kind = Kind::integer;
            ops.integer = [](const void* v) { return static_cast<std::int64_t>(as<T>(v)); };
        } else if constexpr (std::floating_point<T>) {
            ops.kind = Kind::number;
            ops.number = [](const void* v) { return static_cast<double>(as<T>(v)); };
        } else if constexpr (detail::DescribedStruct<T>) {
            using Members = boost::describe::describe_members<T, boost::describe::mod_public>;
            ops.kind = Kind::object;
            ops.member = [](const void* v, std::string_view name) {
                ValueRef found;
                boost::mp11::mp_for_each<Members>([&](auto member) {
                    if (found.ops_ == nullptr && name == member.name) {
                        found = ValueRef(as<T>(v).*member.pointer);
                    }
                });
                return found;
            };
            ops.size = [](const void*) {
                return std::size_t{boost::mp11::mp_size<Members>::value};
            };
            ops.to_json = [](const void* v) {
                boost::json::value out(boost::json::object_kind);
                boost::mp11::mp_for_each<Members>([&](auto member) {
                    out.get_object()[member.name] = ValueRef(as<T>(v).*member.pointer).to_json();
                });
                return out;
            };
        } else if constexpr (std::same_as<T, boost::json::object>) {
            ops.kind = Kind::object;
            ops.member = [](const void* v, std::string_view name) {
                const boost::json::value* found = as<T>(v).if_contains(name);
                return found != nullptr ? ValueRef(*found) : ValueRef();
            };
            ops.size = [](const void* v) { return as<T>(v).size(); };
            ops.to_json = [](const void* v) { return boost::json::value(as<T>(v)); };
        } else {
            ops.kind = Kind::list;
            ops.member = [](const void* v, std::string_view name) {
                const std::optional<std::size_t> index = detail::list_index(name);
                return index && *index < std::ranges::size(as<T>(v))
                           ? ValueRef(std::ranges::begin(as<T>(v))[*index])
                           : ValueRef();
            };
            ops.size = [](const void* v) {
                return static_cast<std::size_t>(std::ranges::size(as<T>(v)));
            };
            ops.at = [](const void* v, std::size_t index) {
                return ValueRef(std::ranges::begin(as<T>(v))[index]);
            };
            ops.to_json = [](const void* v) {
                boost::json::value out(boost::json::array_kind);
                for (const auto& element : as<T>(v)) {
                    out.get_array().push_back(ValueRef(element).to_json());
                }
                return out;
            };
        }
        return ops;
    }
    /// One table per type, shared by every ValueRef of that type.
    template <class T>
    static constexpr detail::ValueOps kOps = make_ops<T>();

    /// The JSON value viewed (only when ops_ is null and pointer_ is not).
    const boost::json::value& json_value() const noexcept {
        return *static_cast<const boost::json::value*>(pointer_);
    }

    // Two words, so a ValueRef is returned in registers, not through memory.
    /// What is viewed: the JSON value or the application's value; null: nothing.
    const void* pointer_ = nullptr;
    /// How to read it; null for a JSON value (or for null).
    const detail::ValueOps* ops_ = nullptr;
};

}  // namespace minifw::views
