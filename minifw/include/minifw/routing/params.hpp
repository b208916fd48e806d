#pragma once
/// @file
/// Named string values in order: the parameters a route captured, or the
/// fields of a query string (given, not an exercise).

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace minifw::routing {

/// (name, value) pairs in the order they were found.
///
/// A list rather than a map: a query string may repeat a key ("tag=a&tag=b")
/// and its order can matter, and a route has a handful of parameters, where
/// a linear scan beats hashing.
class Params {
public:
    /// One (name, value) pair.
    using Entry = std::pair<std::string, std::string>;

    /// Appends a pair, keeping any earlier one with the same name.
    void add(std::string name, std::string value) {
        entries_.emplace_back(std::move(name), std::move(value));
    }

    /// The first value named `name`, if there is one.
    std::optional<std::string_view> get(std::string_view name) const {
        for (const auto& [key, value] : entries_) {
            if (key == name) {
                return value;
            }
        }
        return std::nullopt;
    }

    /// Every value named `name`, in order ("tag=a&tag=b" gives {"a", "b"}).
    std::vector<std::string_view> get_all(std::string_view name) const {
        std::vector<std::string_view> values;
        for (const auto& [key, value] : entries_) {
            if (key == name) {
                values.emplace_back(value);
            }
        }
        return values;
    }

    /// The first value named `name`; throws std::out_of_range naming it when
    /// absent (a handler asking for a parameter its route does not have).
    std::string_view at(std::string_view name) const {
        if (auto value = get(name)) {
            return *value;
        }
        throw std::out_of_range("no parameter named \"" + std::string(name) +
                                "\": check the spelling against the route pattern");
    }

    /// True when some pair is named `name`.
    bool contains(std::string_view name) const { return get(name).has_value(); }

    /// Number of pairs, repeats included.
    std::size_t size() const noexcept { return entries_.size(); }
    /// True when there are no pairs.
    bool empty() const noexcept { return entries_.empty(); }
    /// First pair, for range-for.
    auto begin() const noexcept { return entries_.begin(); }
    /// One past the last pair.
    auto end() const noexcept { return entries_.end(); }

    /// Equal when the same pairs come in the same order.
    friend bool operator==(const Params&, const Params&) = default;

private:
    std::vector<Entry> entries_;
};

/// What a successful lookup in a route list or tree yields.
struct Match {
    std::size_t route = 0;  ///< the number the route was registered with
    Params params;          ///< its captured parameters, decoded, in pattern order
};

}  // namespace minifw::routing
