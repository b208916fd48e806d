#pragma once
/// @file
/// Route patterns such as "/users/{id:int}/files/{*path}": their syntax
/// (given, and constexpr so typed routes can check handlers at compile time)
/// and matching one segment (stage 04, exercise 04.2).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace minifw::routing {

/// What a pattern segment matches, from the most specific to the least.
/// A route tree tries the kinds in this order, whatever the order in which
/// routes were added.
enum class SegmentKind : std::uint8_t {
    literal,  ///< "users": exactly this text
    integer,  ///< "{id:int}": an optional '-' and decimal digits that fit std::int64_t
    text,     ///< "{slug}": any one non-empty segment
    rest,     ///< "{*path}": the last pattern segment; one or more request segments
};

/// One segment of a pattern, viewing the pattern's text: the literal text,
/// or the parameter's name without braces, type or '*'.
struct SegmentView {
    SegmentKind kind = SegmentKind::literal;  ///< what the segment matches
    std::string_view text;                    ///< literal text or parameter name
};

/// One segment of a pattern, owning its text (see SegmentView).
struct Segment {
    SegmentKind kind = SegmentKind::literal;  ///< what the segment matches
    std::string text;                         ///< literal text or parameter name

    /// Equal when kind and text are equal.
    friend bool operator==(const Segment&, const Segment&) = default;
};

/// A malformed route pattern, found when the route is added (or, for a typed
/// route, when it compiles). The message quotes the pattern and says what to
/// write instead.
class PatternError : public std::invalid_argument {
public:
    /// `problem` completes the sentence "route pattern "...": ".
    PatternError(std::string_view pattern, std::string_view problem)
        : std::invalid_argument("route pattern \"" + std::string(pattern) +
                                "\": " + std::string(problem)) {}
};

/// Most parameters one pattern may have (a fixed bound lets the duplicate
/// check run at compile time without allocating).
inline constexpr std::size_t max_pattern_params = 16;

namespace detail {

// Not constexpr on purpose. At run time a call throws; in a constant
// expression (a typed route) the compiler stops at the call, and the line it
// shows is the one that spells out `problem`.
[[noreturn]] inline void pattern_error(std::string_view pattern, std::string_view problem) {
    throw PatternError(pattern, problem);
}

constexpr bool is_name_start(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

constexpr bool is_name_char(char c) noexcept { return is_name_start(c) || (c >= '0' && c <= '9'); }

// Index loops rather than std::string_view::find: GCC cannot evaluate the
// library's pointer-based search in a constant expression when the code is
// built with -fsanitize=undefined.
constexpr std::size_t find_char(std::string_view text, char wanted, std::size_t from = 0) noexcept {
    for (std::size_t at = from; at < text.size(); ++at) {
        if (text[at] == wanted) {
            return at;
        }
    }
    return std::string_view::npos;
}

constexpr bool has_brace(std::string_view text) noexcept {
    return find_char(text, '{') != std::string_view::npos ||
           find_char(text, '}') != std::string_view::npos;
}

constexpr bool is_name(std::string_view name) noexcept {
    if (name.empty() || !is_name_start(name.front())) {
        return false;
    }
    for (char c : name) {
        if (!is_name_char(c)) {
            return false;
        }
    }
    return true;
}

// Reads one segment's source, such as "users", "{id:int}", "{slug}", "{*path}".
constexpr SegmentView parse_segment(std::string_view pattern, std::string_view source) {
    if (source.empty()) {
        pattern_error(pattern, "has an empty segment (\"//\" or a trailing '/'); remove it");
    }
    if (source.front() != '{') {
        if (has_brace(source)) {
            pattern_error(pattern, "a parameter must be a whole segment, as in /users/{id}");
        }
        return {SegmentKind::literal, source};
    }
    if (source.back() != '}' || source.size() < 2) {
        pattern_error(pattern, "a '{' has no matching '}' at the end of its segment");
    }
    std::string_view inner = source.substr(1, source.size() - 2);
    if (has_brace(inner)) {
        pattern_error(pattern, "a parameter must be a whole segment, as in /users/{id}");
    }
    SegmentView segment{SegmentKind::text, inner};
    if (!inner.empty() && inner.front() == '*') {
        segment = {SegmentKind::rest, inner.substr(1)};
    } else if (auto colon = find_char(inner, ':'); colon != std::string_view::npos) {
        if (inner.substr(colon + 1) != "int") {
            pattern_error(pattern, "unknown parameter type; the only type is int, as in {id:int}");
        }
        segment = {SegmentKind::integer, inner.substr(0, colon)};
    }
    if (!is_name(segment.text)) {
        pattern_error(pattern,
                      "a parameter name is a letter or '_' then letters, digits or '_', "
                      "as in {user_id}");
    }
    return segment;
}

}  // namespace detail

/// Checks `pattern` and calls `visit(SegmentView)` for each of its segments
/// in order. Throws PatternError when the pattern does not start with '/',
/// has an empty segment, a malformed or duplicate parameter, a catch-all
/// that is not last, or more than max_pattern_params parameters. "/" has no
/// segments.
template <class Visit>
constexpr void for_each_segment(std::string_view pattern, Visit&& visit) {
    if (pattern.empty() || pattern.front() != '/') {
        detail::pattern_error(pattern, "must start with '/', as in /users/{id}");
    }
    if (pattern.size() == 1) {
        return;
    }
    std::array<std::string_view, max_pattern_params> names{};
    std::size_t param_count = 0;
    bool after_rest = false;
    std::size_t start = 1;
    while (true) {
        std::size_t slash = detail::find_char(pattern, '/', start);
        std::string_view source = pattern.substr(start, slash - start);
        if (after_rest) {
            detail::pattern_error(pattern, "a catch-all {*name} must be the last segment");
        }
        SegmentView segment = detail::parse_segment(pattern, source);
        if (segment.kind != SegmentKind::literal) {
            for (std::size_t i = 0; i < param_count; ++i) {
                if (names[i] == segment.text) {
                    detail::pattern_error(pattern, "a parameter name appears twice; rename one");
                }
            }
            if (param_count == max_pattern_params) {
                detail::pattern_error(pattern, "has more than 16 parameters");
            }
            names[param_count++] = segment.text;
            after_rest = segment.kind == SegmentKind::rest;
        }
        visit(segment);
        if (slash == std::string_view::npos) {
            return;
        }
        start = slash + 1;
    }
}

/// Number of parameters in `pattern` (checking it, as for_each_segment does).
constexpr std::size_t pattern_param_count(std::string_view pattern) {
    std::size_t count = 0;
    for_each_segment(pattern, [&](SegmentView segment) {
        if (segment.kind != SegmentKind::literal) {
            ++count;
        }
    });
    return count;
}

/// The segments of `pattern`, owning their text. Throws PatternError as
/// for_each_segment does.
inline std::vector<Segment> parse_pattern(std::string_view pattern) {
    std::vector<Segment> segments;
    for_each_segment(pattern, [&](SegmentView segment) {
        segments.push_back({segment.kind, std::string(segment.text)});
    });
    return segments;
}

/// The value of an integer segment: an optional '-' then decimal digits,
/// within std::int64_t ("42", "-7", "007"); nullopt for anything else ("",
/// "+1", "4x", " 1", "9223372036854775808").
std::optional<std::int64_t> parse_int_segment(std::string_view value);

/// True when the decoded request segment `value` can stand where `segment`
/// stands: literal text equal, an integer that parse_int_segment accepts,
/// any non-empty text for {name}; for a catch-all, any first segment.
bool segment_matches(const Segment& segment, std::string_view value);

/// What a catch-all captures: the decoded segments joined by '/'
/// ({"a", "b c"} gives "a/b c").
std::string join_segments(std::span<const std::string> segments);

}  // namespace minifw::routing
