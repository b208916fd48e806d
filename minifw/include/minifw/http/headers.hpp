#pragma once
/// @file
/// A case-insensitive header map that keeps order and repeated fields
/// (stage 02, exercise 02.1).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace minifw::http {

/// True when `a` and `b` are equal ignoring ASCII case (RFC 9110 5.1: field
/// names are case-insensitive). Not locale-dependent.
bool iequals(std::string_view a, std::string_view b);

/// HTTP header fields in the order they arrived.
///
/// A list of (name, value) pairs rather than a hash map, because order and
/// repeats matter (RFC 9110 5.3: several Set-Cookie fields are several
/// fields; other repeated fields may be combined with ", "), and because a
/// request has a dozen headers, where a linear scan beats hashing.
class Headers {
public:
    using Field = std::pair<std::string, std::string>;

    /// Appends a field, keeping any with the same name.
    void add(std::string_view name, std::string_view value);
    /// Replaces every field named `name` with one field (appended if absent).
    void set(std::string_view name, std::string_view value);
    /// Removes every field named `name`; returns how many were removed.
    std::size_t remove(std::string_view name);

    /// The first value of `name`, if present.
    std::optional<std::string_view> get(std::string_view name) const;
    /// Every value of `name`, in order.
    std::vector<std::string_view> get_all(std::string_view name) const;
    /// The values of `name` joined with ", " (RFC 9110 5.3), if present.
    std::optional<std::string> combined(std::string_view name) const;
    /// True when at least one field is named `name`.
    bool contains(std::string_view name) const;

    std::size_t size() const noexcept { return fields_.size(); }
    bool empty() const noexcept { return fields_.empty(); }
    auto begin() const noexcept { return fields_.begin(); }
    auto end() const noexcept { return fields_.end(); }

private:
    std::vector<Field> fields_;
};

/// True when the comma-separated list in `value` contains `token`, ignoring
/// case and optional whitespace (RFC 9110 5.6.1), as in
/// has_token("keep-alive, Upgrade", "upgrade").
bool has_token(std::string_view value, std::string_view token);

}  // namespace minifw::http
