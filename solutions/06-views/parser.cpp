#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "html_scanner.hpp"
#include "minifw/views/template.hpp"
#include "tag_reader.hpp"

namespace minifw::views {
namespace {

// How a block's body ended: at a tag that closes it, or at the end of input.
struct Ending {
    std::string tag;  // "else", "endif", "endfor", or empty for the end of input
    Position position;
};

class Parser {
public:
    Parser(std::string_view source, const std::string& name)
        : source_(source), name_(name), map_(source) {}

    Nodes parse() {
        Ending ending;
        Nodes nodes = parse_block(0, ending);
        if (!ending.tag.empty()) {
            fail(ending.position, "'" + ending.tag + "' without an open block to close");
        }
        return nodes;
    }

private:
    [[noreturn]] void fail(Position at, const std::string& why) const {
        throw TemplateError(name_, at.line, at.column, why);
    }

    // Nodes up to the next else/endif/endfor (reported in `ending`) or the end.
    Nodes parse_block(std::size_t depth, Ending& ending) {
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
            detail::TagReader tag(source_, open + 2, end, map_, name_);
            if (kind == '{') {
                add_output(nodes, tag, open);
            } else if (kind == '%' && parse_tag(nodes, tag, depth, open, ending)) {
                return nodes;
            }
        }
        pos_ = source_.size();
        ending = {};
        return nodes;
    }

    // The offset of the next "{{", "{%" or "{#" from `from`, or npos.
    std::size_t next_tag(std::size_t from) const {
        std::size_t open = source_.find('{', from);
        while (open != std::string_view::npos &&
               (open + 1 >= source_.size() ||
                std::string_view("{%#").find(source_[open + 1]) == std::string_view::npos)) {
            open = source_.find('{', open + 1);
        }
        return open;
    }

    void add_text(Nodes& nodes, std::string_view text) {
        scanner_.feed(text);
        if (!nodes.empty()) {
            if (auto* last = std::get_if<TextNode>(&nodes.back().value)) {
                last->text += text;  // text around a comment is one node
                return;
            }
        }
        nodes.push_back(Node{TextNode{std::string(text)}});
    }

    void add_output(Nodes& nodes, detail::TagReader& tag, std::size_t open) {
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

    // Returns true when the tag ends the current block.
    bool parse_tag(Nodes& nodes, detail::TagReader& tag, std::size_t depth, std::size_t open,
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
            if (depth + 1 > kMaxNesting) {
                fail(map_.at(open), "blocks nested deeper than " + std::to_string(kMaxNesting) +
                                        " levels: split the template with include");
            }
            nodes.push_back(word == "if" ? parse_if(tag, depth, open)
                                         : parse_for(tag, depth, open));
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

    Node parse_if(detail::TagReader& tag, std::size_t depth, std::size_t open) {
        IfNode node;
        tag.skip_space();
        const std::size_t before_not = tag.offset();
        node.negated = tag.name() == "not";
        if (!node.negated) {
            tag.rewind(before_not);
        }
        node.condition = tag.expression();
        tag.expect_end("the condition");
        const Position at = map_.at(open);
        const detail::HtmlScanner start = scanner_;
        Ending ending;
        node.then_nodes = parse_block(depth + 1, ending);
        detail::HtmlScanner then_end = start;  // without else, the empty branch ends at the start
        if (ending.tag == "else") {
            then_end = scanner_;
            scanner_ = start;
            node.else_nodes = parse_block(depth + 1, ending);
        }
        close_block(at, "if", "endif", ending);
        if (!scanner_.same_place(then_end)) {
            fail(at,
                 "the branches of this 'if' end in different HTML contexts: close in each "
                 "branch every tag and quote it opens");
        }
        return Node{std::move(node)};
    }

    Node parse_for(detail::TagReader& tag, std::size_t depth, std::size_t open) {
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
        const Position at = map_.at(open);
        const detail::HtmlScanner start = scanner_;
        Ending ending;
        node.body = parse_block(depth + 1, ending);
        close_block(at, "for", "endfor", ending);
        if (!scanner_.same_place(start)) {
            fail(at,
                 "the body of this 'for' ends in another HTML context than it starts in: "
                 "close every tag and quote it opens");
        }
        return Node{std::move(node)};
    }

    void close_block(Position at, const std::string& block, const std::string& end,
                     const Ending& ending) const {
        if (ending.tag.empty()) {
            fail(at, "'" + block + "' is never closed: expected '{% " + end + " %}'");
        }
        if (ending.tag != end) {
            fail(ending.position, "expected '{% " + end + " %}' to close the '" + block + "' at " +
                                      std::to_string(at.line) + ":" + std::to_string(at.column) +
                                      ", got '" + ending.tag + "'");
        }
    }

    Node parse_include(detail::TagReader& tag, std::size_t open) {
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

    std::string_view source_;
    const std::string& name_;
    detail::SourceMap map_;
    detail::HtmlScanner scanner_;
    std::size_t pos_ = 0;  // where the text not yet parsed starts
};

}  // namespace

Template parse_template(std::string_view source, std::string name) {
    Nodes nodes = Parser(source, name).parse();
    return Template(std::move(name), std::move(nodes));
}

}  // namespace minifw::views
