#pragma once
/// @file
/// What a service is keyed by: one address per type, without RTTI, and a
/// readable name of the type for error messages (given, not an exercise).

#include <string_view>
#include <type_traits>

namespace minifw::di {

namespace detail {
// One object per type; its address is the type's key. An inline variable of a
// class template has one address in the whole program, whatever the number of
// translation units that name it.
template <class T>
struct KeyTag {
    static constexpr char id = 0;  ///< its address is the key
};

// The text the compiler gives the function: GCC writes
// "... name_of_impl() [with T = shop::Clock; ...]", Clang
// "... name_of_impl() [T = shop::Clock]". The name sits between "T = " and
// the first ';' or the closing ']' after it.
template <class T>
constexpr std::string_view name_of_impl() noexcept {
    std::string_view text = __PRETTY_FUNCTION__;
    const auto start = text.find("T = ");
    if (start == std::string_view::npos) {
        return "an unnamed type";
    }
    text.remove_prefix(start + 4);
    const auto end = text.find_first_of(";]");
    return text.substr(0, end);
}
}  // namespace detail

/// The name of type T as the compiler spells it ("shop::Clock"), for
/// messages: error text must name the service a learner wrote.
template <class T>
constexpr std::string_view name_of() noexcept {
    return detail::name_of_impl<std::remove_cv_t<T>>();
}

/// The key of one service type: its identity and its name.
struct ServiceKey {
    const void* id = nullptr;  ///< the type's address; equal keys, same type
    std::string_view name;     ///< name_of<T>(), for messages

    /// Same type, same key; the name plays no part.
    friend bool operator==(const ServiceKey& a, const ServiceKey& b) noexcept {
        return a.id == b.id;
    }
};

/// The key of type T (const and volatile do not make another service).
template <class T>
ServiceKey key_of() noexcept {
    using Plain = std::remove_cv_t<T>;
    return ServiceKey{&detail::KeyTag<Plain>::id, name_of<Plain>()};
}

}  // namespace minifw::di
