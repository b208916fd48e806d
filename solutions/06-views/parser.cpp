#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "minifw/views/template.hpp"
#include "template_parser.hpp"

namespace minifw::views {
namespace detail {

Nodes Parser::parse() {
    Ending ending;
    Nodes nodes = parse_block(0, ending);
    if (!ending.tag.empty()) {
        fail(ending.position, "'" + ending.tag + "' without an open block to close");
    }
    return nodes;
}

void Parser::fail(Position at, const std::string& why) const {
    throw TemplateError(name_, at.line, at.column, why);
}

Nodes Parser::parse_block(std::size_t depth, Ending& ending) {
    Nodes nodes;
    while (pos_ < source_.size()) {
        const std::size_t open = next_tag(pos_);
        if (open > pos_) {
            add_text(nodes, source_.substr(pos_, std::min(open, source_.size()) - pos_));
        }
        if (open == std::string_view::npos) {
            break;
        }
        const char kind = source_[open + 1];
        const std::string_view close = kind == '{' ? "}}" : kind == '%' ? "%}" : "#}";
        const std::size_t end = source_.find(close, open + 2);
        if (end == std::string_view::npos) {
            fail(map_.at(open), "expected '" + std::string(close) + "' to close '" +
                                    std::string(source_.substr(open, 2)) + "'");
        }
        pos_ = end + 2;
        TagReader tag(source_, open + 2, end, map_, name_);
        if (kind == '{') {
            add_output(nodes, tag, open);
        } else if (kind == '%' && parse_tag(nodes, tag, depth, open, ending)) {
            return nodes;
        }
        // A comment, {# #}, leaves no node.
    }
    pos_ = source_.size();
    ending = {};
    return nodes;
}

std::size_t Parser::next_tag(std::size_t from) const {
    std::size_t open = source_.find('{', from);
    while (open != std::string_view::npos &&
           (open + 1 >= source_.size() ||
            std::string_view("{%#").find(source_[open + 1]) == std::string_view::npos)) {
        open = source_.find('{', open + 1);
    }
    return open;
}

void Parser::add_text(Nodes& nodes, std::string_view text) {
    scanner_.feed(text);
    if (!nodes.empty()) {
        if (auto* last = std::get_if<TextNode>(&nodes.back().value)) {
            last->text += text;  // text around a comment is one node
            return;
        }
    }
    nodes.push_back(Node{TextNode{std::string(text)}});
}

void Parser::add_output(Nodes& nodes, TagReader& tag, std::size_t open) {
    Expression expression = tag.expression();
    tag.expect_end("the expression");
    const auto context = scanner_.context();
    if (!context) {
        fail(map_.at(open), "a {{ }} cannot stand in " + scanner_.where() +
                                ": move it into text or an attribute value");
    }
    scanner_.wrote_value();
    nodes.push_back(Node{OutputNode{std::move(expression), *context}});
}

bool Parser::parse_tag(Nodes& nodes, TagReader& tag, std::size_t depth, std::size_t open,
                       Ending& ending) {
    tag.skip_space();
    const std::size_t at = tag.offset();
    const std::string word = tag.name();
    if (word == "else" || word == "endif" || word == "endfor") {
        tag.expect_end("'" + word + "'");
        ending = {word, map_.at(open)};
        return true;
    }
    if (word == "if" || word == "for") {
        nodes.push_back(word == "if" ? parse_if(tag, depth, open) : parse_for(tag, depth, open));
        return false;
    }
    if (word == "include") {
        nodes.push_back(parse_include(tag, open));
        return false;
    }
    tag.fail(at, word.empty() ? "expected a tag name after '{%'"
                              : "unknown tag '" + word +
                                    "': expected if, else, endif, for, endfor or include");
}

Node Parser::parse_include(TagReader& tag, std::size_t open) {
    if (!scanner_.in_text()) {
        fail(map_.at(open), "an include cannot stand in " + scanner_.where() +
                                ": it must be in text, outside any tag");
    }
    tag.skip_space();
    const std::size_t at = tag.offset();
    const boost::json::value name = tag.literal();
    if (!name.is_string() || name.as_string().empty()) {
        tag.fail(at, "expected a template name in quotes after 'include'");
    }
    tag.expect_end("the template name");
    return Node{IncludeNode{std::string(name.as_string()), map_.at(open)}};
}

}  // namespace detail

Template parse_template(std::string_view source, std::string name) {
    Nodes nodes = detail::Parser(source, name).parse();
    return Template(std::move(name), std::move(nodes));
}

}  // namespace minifw::views
