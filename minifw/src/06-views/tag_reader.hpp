#pragma once
// Reading the inside of one {{ }} or {% %} of a template: names, literals
// and whole expressions, each failure a TemplateError at its position (given
// code of stage 06, not an exercise: the lexing is routine, the tree that
// parse_template builds from it is the exercise).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "minifw/views/template.hpp"

namespace minifw::views::detail {

/// Where each line of a template starts, so any byte offset becomes a line
/// and a column (both from 1, columns in bytes).
class SourceMap {
public:
    /// The map of `source`.
    explicit SourceMap(std::string_view source);
    /// The line and column of byte `offset`.
    Position at(std::size_t offset) const;

private:
    std::vector<std::size_t> line_starts_;
};

/// A cursor over the bytes [begin, end) of a template: the inside of one tag.
class TagReader {
public:
    /// Reads source[begin, end) of the template `name`; `map` is its SourceMap.
    TagReader(std::string_view source, std::size_t begin, std::size_t end, const SourceMap& map,
              const std::string& name);

    /// Skips spaces, tabs and line ends.
    void skip_space();
    /// A name ([A-Za-z_][A-Za-z0-9_]*) at the cursor, consumed; "" when there is none.
    std::string name();
    /// Consumes `c` when it is next.
    bool take(char c);
    /// The offset of the next byte in the template.
    std::size_t offset() const noexcept { return cursor_; }
    /// Moves the cursor back to `offset` (to undo a look-ahead).
    void rewind(std::size_t offset) noexcept { cursor_ = offset; }

    /// An expression: name ('.' (name | digits))* ('|' filter ['(' literal ')'])*.
    /// Throws TemplateError for a missing name, an unknown filter, and a
    /// filter with the wrong arguments (default needs one, the others none).
    Expression expression();
    /// A string in double or single quotes (\" and \\ escape), or an integer.
    boost::json::value literal();
    /// Throws TemplateError "expected '}}' after <after>" (or '%}') unless
    /// only spaces are left.
    void expect_end(const std::string& after);
    /// Throws TemplateError at `offset` with `why`.
    [[noreturn]] void fail(std::size_t offset, const std::string& why) const;

private:
    std::string_view source_;
    std::size_t cursor_;
    std::size_t end_;
    const SourceMap& map_;
    const std::string& name_;
};

}  // namespace minifw::views::detail
