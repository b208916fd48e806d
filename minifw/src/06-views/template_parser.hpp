#pragma once
// The template parser's class, shared by two exercises (given code of stage
// 06): parser.cpp (exercise 06.4) writes the loop over the source, the text,
// the {{ }} and the tags that do not nest; blocks.cpp (exercise 06.5) writes
// if and for, which nest.

#include <cstddef>
#include <string>
#include <string_view>

#include "html_scanner.hpp"
#include "minifw/views/template.hpp"
#include "tag_reader.hpp"

namespace minifw::views::detail {

/// How a block's body ended: at a tag that closes it, or at the end of input.
struct Ending {
    std::string tag;    ///< "else", "endif", "endfor", or empty for the end of input
    Position position;  ///< where that tag starts
};

/// Parses one template; made for one call of parse_template.
class Parser {
public:
    /// A parser of `source`, the template `name` (both outlive the parser).
    Parser(std::string_view source, const std::string& name)
        : source_(source), name_(name), map_(source) {}

    /// The whole template's nodes; an ending tag with nothing open is an error.
    Nodes parse();

private:
    /// Throws TemplateError at `at` with `why`.
    [[noreturn]] void fail(Position at, const std::string& why) const;

    /// Nodes from pos_ up to the next else/endif/endfor (reported in
    /// `ending`) or the end of input (`ending.tag` empty). `depth` is the
    /// number of blocks open around them.
    Nodes parse_block(std::size_t depth, Ending& ending);
    /// The offset of the next "{{", "{%" or "{#" from `from`, or npos.
    std::size_t next_tag(std::size_t from) const;
    /// Appends literal text (fed to the scanner) to `nodes`.
    void add_text(Nodes& nodes, std::string_view text);
    /// Appends the {{ }} at offset `open`, with the scanner's context.
    void add_output(Nodes& nodes, TagReader& tag, std::size_t open);
    /// Handles the {% %} at `open`; true when it ends the current block.
    bool parse_tag(Nodes& nodes, TagReader& tag, std::size_t depth, std::size_t open,
                   Ending& ending);
    /// {% include "name" %} at `open`.
    Node parse_include(TagReader& tag, std::size_t open);

    /// {% if %} at `open` (the reader is after the word "if") up to its
    /// endif; `depth` blocks are open around it. Exercise 06.5.
    Node parse_if(TagReader& tag, std::size_t depth, std::size_t open);
    /// {% for %} at `open` (the reader is after "for") up to its endfor. Exercise 06.5.
    Node parse_for(TagReader& tag, std::size_t depth, std::size_t open);

    std::string_view source_;  ///< the whole template
    const std::string& name_;  ///< its name, for errors
    SourceMap map_;            ///< offsets to lines and columns
    HtmlScanner scanner_;      ///< the HTML context after the text so far
    std::size_t pos_ = 0;      ///< where the text not yet parsed starts
};

}  // namespace minifw::views::detail
