#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "html_scanner.hpp"
#include "minifw/views/template.hpp"

namespace minifw::views {
namespace {

constexpr std::array<std::string_view, 5> kFilters = {"upper", "lower", "length", "default",
                                                      "safe"};

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// How a block's body ended: at a tag that closes it, or at the end of input.
struct Ending {
    std::string tag;  // "else", "endif", "endfor", or empty for the end of input
    Position position;
};

class Parser {
public:
    Parser(std::string_view source, std::string name) : source_(source), name_(std::move(name)) {
        line_starts_.push_back(0);
        for (std::size_t i = 0; i < source.size(); ++i) {
            if (source[i] == '\n') {
                line_starts_.push_back(i + 1);
            }
        }
    }

    Nodes parse() {
        Ending ending;
        Nodes nodes = parse_block(0, ending);
        if (!ending.tag.empty()) {
            fail(ending.position, "'" + ending.tag + "' without an open block to close");
        }
        return nodes;
    }

private:
    Position position_at(std::size_t offset) const {
        const auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
        const auto line = static_cast<std::size_t>(after - line_starts_.begin());
        return {line, offset - line_starts_[line - 1] + 1};
    }

    [[noreturn]] void fail(Position at, const std::string& why) const {
        throw TemplateError(name_, at.line, at.column, why);
    }
    [[noreturn]] void fail_at(std::size_t offset, const std::string& why) const {
        fail(position_at(offset), why);
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
                pos_ = source_.size();
                break;
            }
            const char kind = source_[open + 1];
            const std::string_view close = kind == '{' ? "}}" : kind == '%' ? "%}" : "#}";
            const std::size_t end = source_.find(close, open + 2);
            if (end == std::string_view::npos) {
                fail_at(open, "expected '" + std::string(close) + "' to close '" +
                                  std::string(source_.substr(open, 2)) + "'");
            }
            begin_ = open + 2;
            end_ = end;
            cursor_ = begin_;
            pos_ = end + 2;
            if (kind == '{') {
                add_output(nodes, open);
            } else if (kind == '%') {
                if (parse_tag(nodes, depth, open, ending)) {
                    return nodes;
                }
            }
        }
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
                last->text += text;
                return;
            }
        }
        nodes.push_back(Node{TextNode{std::string(text)}});
    }

    void add_output(Nodes& nodes, std::size_t open) {
        Expression expression = parse_expression();
        expect_end("the expression");
        const auto context = scanner_.context();
        if (!context) {
            fail_at(open, "a {{ }} cannot stand in " + scanner_.where() +
                              ": move it into text or an attribute value");
        }
        scanner_.wrote_value();
        nodes.push_back(Node{OutputNode{std::move(expression), *context}});
    }

    // Returns true when the tag ends the current block.
    bool parse_tag(Nodes& nodes, std::size_t depth, std::size_t open, Ending& ending) {
        skip_space();
        const std::size_t at = cursor_;
        const std::string word = read_name();
        if (word == "else" || word == "endif" || word == "endfor") {
            expect_end("'" + word + "'");
            ending = {word, position_at(open)};
            return true;
        }
        if (word == "if" || word == "for") {
            if (depth + 1 > kMaxNesting) {
                fail_at(open, "blocks nested deeper than " + std::to_string(kMaxNesting) +
                                  " levels: split the template with include");
            }
            nodes.push_back(word == "if" ? parse_if(depth, open) : parse_for(depth, open));
            return false;
        }
        if (word == "include") {
            nodes.push_back(parse_include(open));
            return false;
        }
        fail_at(at, word.empty() ? "expected a tag name after '{%'"
                                 : "unknown tag '" + word +
                                       "': expected if, else, endif, for, endfor or include");
    }

    Node parse_if(std::size_t depth, std::size_t open) {
        IfNode node;
        skip_space();
        const std::size_t before_not = cursor_;
        if (read_name() == "not") {
            node.negated = true;
        } else {
            cursor_ = before_not;
        }
        node.condition = parse_expression();
        expect_end("the condition");
        const Position at = position_at(open);
        const detail::HtmlScanner start = scanner_;
        Ending ending;
        node.then_nodes = parse_block(depth + 1, ending);
        detail::HtmlScanner then_end = scanner_;
        if (ending.tag == "else") {
            scanner_ = start;
            node.else_nodes = parse_block(depth + 1, ending);
        } else {
            then_end = start;  // no else: the empty branch ends where it began
        }
        close_block(at, "if", "endif", ending);
        if (!scanner_.same_place(then_end)) {
            fail(at,
                 "the branches of this 'if' end in different HTML contexts: close in each "
                 "branch every tag and quote it opens");
        }
        return Node{std::move(node)};
    }

    Node parse_for(std::size_t depth, std::size_t open) {
        ForNode node;
        skip_space();
        node.variable = read_name();
        if (node.variable.empty()) {
            fail_at(cursor_, "expected a loop variable after 'for'");
        }
        skip_space();
        const std::size_t in_at = cursor_;
        if (read_name() != "in") {
            fail_at(in_at, "expected 'in' after 'for " + node.variable + "'");
        }
        node.sequence = parse_expression();
        expect_end("the sequence");
        const Position at = position_at(open);
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

    Node parse_include(std::size_t open) {
        if (!scanner_.in_text()) {
            fail_at(open, "an include cannot stand in " + scanner_.where() +
                              ": it must be in text, outside any tag");
        }
        skip_space();
        IncludeNode node;
        node.position = position_at(open);
        const std::size_t at = cursor_;
        boost::json::value name = read_literal();
        if (!name.is_string() || name.as_string().empty()) {
            fail_at(at, "expected a template name in quotes after 'include'");
        }
        node.name = std::string(name.as_string());
        expect_end("the template name");
        return Node{std::move(node)};
    }

    // name ('.' name)* ('|' filter ['(' literal ')'])*
    Expression parse_expression() {
        Expression expression;
        skip_space();
        expression.position = position_at(cursor_);
        do {
            const std::size_t at = cursor_;
            std::string part = read_name();
            if (part.empty()) {
                // An index ("tags.0") is a name of digits after a dot.
                while (!expression.path.empty() && cursor_ < end_ && source_[cursor_] >= '0' &&
                       source_[cursor_] <= '9') {
                    part += source_[cursor_++];
                }
            }
            if (part.empty()) {
                fail_at(at, expression.path.empty() ? "expected a variable name"
                                                    : "expected a name after '.'");
            }
            expression.path.push_back(std::move(part));
        } while (take('.'));
        skip_space();
        while (take('|')) {
            skip_space();
            const std::size_t at = cursor_;
            Filter filter{read_name(), std::nullopt};
            if (std::find(kFilters.begin(), kFilters.end(), filter.name) == kFilters.end()) {
                fail_at(at, "unknown filter '" + filter.name +
                                "': expected upper, lower, length, default or safe");
            }
            skip_space();
            if (take('(')) {
                skip_space();
                filter.argument = read_literal();
                skip_space();
                if (!take(')')) {
                    fail_at(cursor_, "expected ')' after the argument of '" + filter.name + "'");
                }
                skip_space();
            }
            if ((filter.name == "default") != filter.argument.has_value()) {
                fail_at(at, filter.name == "default"
                                ? "filter 'default' needs an argument: default(\"...\")"
                                : "filter '" + filter.name + "' takes no argument");
            }
            expression.filters.push_back(std::move(filter));
        }
        return expression;
    }

    // A string in double or single quotes (\" and \\ escape), or an integer.
    boost::json::value read_literal() {
        const std::size_t at = cursor_;
        if (cursor_ < end_ && (source_[cursor_] == '"' || source_[cursor_] == '\'')) {
            const char quote = source_[cursor_++];
            std::string text;
            while (cursor_ < end_ && source_[cursor_] != quote) {
                if (source_[cursor_] == '\\' && cursor_ + 1 < end_) {
                    ++cursor_;
                }
                text += source_[cursor_++];
            }
            if (cursor_ >= end_) {
                fail_at(at, std::string("expected ") + quote + " to end the string");
            }
            ++cursor_;
            return boost::json::string(text);
        }
        std::int64_t number = 0;
        std::size_t digits = 0;
        const bool negative = take('-');
        while (cursor_ < end_ && source_[cursor_] >= '0' && source_[cursor_] <= '9' &&
               digits < 18) {
            number = number * 10 + (source_[cursor_++] - '0');
            ++digits;
        }
        if (digits == 0) {
            fail_at(at, "expected a string in quotes or a number");
        }
        return negative ? -number : number;
    }

    std::string read_name() {
        std::string name;
        if (cursor_ < end_ && is_name_start(source_[cursor_])) {
            while (cursor_ < end_ && is_name_char(source_[cursor_])) {
                name += source_[cursor_++];
            }
        }
        return name;
    }

    void skip_space() {
        while (cursor_ < end_ && is_space(source_[cursor_])) {
            ++cursor_;
        }
    }

    bool take(char c) {
        if (cursor_ < end_ && source_[cursor_] == c) {
            ++cursor_;
            return true;
        }
        return false;
    }

    void expect_end(const std::string& after) {
        skip_space();
        if (cursor_ != end_) {
            const std::string close = source_[end_] == '}' ? "}}" : "%}";
            fail_at(cursor_, "expected '" + close + "' after " + after);
        }
    }

    std::string_view source_;
    std::string name_;
    std::vector<std::size_t> line_starts_;
    detail::HtmlScanner scanner_;
    std::size_t pos_ = 0;    // where the text not yet parsed starts
    std::size_t begin_ = 0;  // the inside of the current tag: [begin_, end_)
    std::size_t end_ = 0;
    std::size_t cursor_ = 0;  // the next byte of the current tag
};

}  // namespace

Template parse_template(std::string_view source, std::string name) {
    Parser parser(source, name);
    Nodes nodes = parser.parse();
    return Template(std::move(name), std::move(nodes));
}

}  // namespace minifw::views
