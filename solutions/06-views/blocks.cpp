#include <cstddef>
#include <string>
#include <utility>

#include "minifw/views/template.hpp"
#include "template_parser.hpp"

namespace minifw::views::detail {
namespace {

// Refuses one more level of blocks before recursing into it: a template of
// 100 000 nested ifs is an error, not a stack overflow.
void check_depth(std::size_t depth, Position at, const std::string& name) {
    if (depth + 1 > kMaxNesting) {
        throw TemplateError(name, at.line, at.column,
                            "blocks nested deeper than " + std::to_string(kMaxNesting) +
                                " levels: split the template with include");
    }
}

// The block opened at `at` must have ended at the tag `end`.
void close_block(Position at, const std::string& block, const std::string& end,
                 const Ending& ending, const std::string& name) {
    if (ending.tag.empty()) {
        throw TemplateError(name, at.line, at.column,
                            "'" + block + "' is never closed: expected '{% " + end + " %}'");
    }
    if (ending.tag != end) {
        throw TemplateError(name, ending.position.line, ending.position.column,
                            "expected '{% " + end + " %}' to close the '" + block + "' at " +
                                std::to_string(at.line) + ":" + std::to_string(at.column) +
                                ", got '" + ending.tag + "'");
    }
}

}  // namespace

Node Parser::parse_if(TagReader& tag, std::size_t depth, std::size_t open) {
    const Position at = map_.at(open);
    check_depth(depth, at, name_);
    IfNode node;
    tag.skip_space();
    const std::size_t before_not = tag.offset();
    node.negated = tag.name() == "not";
    if (!node.negated) {
        tag.rewind(before_not);
    }
    node.condition = tag.expression();
    tag.expect_end("the condition");
    const HtmlScanner start = scanner_;
    Ending ending;
    node.then_nodes = parse_block(depth + 1, ending);
    HtmlScanner then_end = start;  // without else, the empty branch ends at the start
    if (ending.tag == "else") {
        then_end = scanner_;
        scanner_ = start;
        node.else_nodes = parse_block(depth + 1, ending);
    }
    close_block(at, "if", "endif", ending, name_);
    if (!scanner_.same_place(then_end)) {
        fail(at,
             "the branches of this 'if' end in different HTML contexts: close in each "
             "branch every tag and quote it opens");
    }
    return Node{std::move(node)};
}

Node Parser::parse_for(TagReader& tag, std::size_t depth, std::size_t open) {
    const Position at = map_.at(open);
    check_depth(depth, at, name_);
    ForNode node;
    tag.skip_space();
    node.variable = tag.name();
    if (node.variable.empty()) {
        tag.fail(tag.offset(), "expected a loop variable after 'for'");
    }
    tag.skip_space();
    const std::size_t in_at = tag.offset();
    if (tag.name() != "in") {
        tag.fail(in_at, "expected 'in' after 'for " + node.variable + "'");
    }
    node.sequence = tag.expression();
    tag.expect_end("the sequence");
    const HtmlScanner start = scanner_;
    Ending ending;
    node.body = parse_block(depth + 1, ending);
    close_block(at, "for", "endfor", ending, name_);
    if (!scanner_.same_place(start)) {
        fail(at,
             "the body of this 'for' ends in another HTML context than it starts in: "
             "close every tag and quote it opens");
    }
    return Node{std::move(node)};
}

}  // namespace minifw::views::detail
