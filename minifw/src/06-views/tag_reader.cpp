#include "tag_reader.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace minifw::views::detail {
namespace {

constexpr std::array<std::string_view, 5> kFilters = {"upper", "lower", "length", "default",
                                                      "safe"};

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

SourceMap::SourceMap(std::string_view source) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < source.size(); ++i) {
        if (source[i] == '\n') {
            line_starts_.push_back(i + 1);
        }
    }
}

Position SourceMap::at(std::size_t offset) const {
    const auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    const auto line = static_cast<std::size_t>(after - line_starts_.begin());
    return {line, offset - line_starts_[line - 1] + 1};
}

TagReader::TagReader(std::string_view source, std::size_t begin, std::size_t end,
                     const SourceMap& map, const std::string& name)
    : source_(source), cursor_(begin), end_(end), map_(map), name_(name) {}

void TagReader::fail(std::size_t offset, const std::string& why) const {
    const Position at = map_.at(offset);
    throw TemplateError(name_, at.line, at.column, why);
}

void TagReader::skip_space() {
    while (cursor_ < end_ && is_space(source_[cursor_])) {
        ++cursor_;
    }
}

std::string TagReader::name() {
    std::string name;
    if (cursor_ < end_ && is_name_start(source_[cursor_])) {
        while (cursor_ < end_ && is_name_char(source_[cursor_])) {
            name += source_[cursor_++];
        }
    }
    return name;
}

bool TagReader::take(char c) {
    if (cursor_ < end_ && source_[cursor_] == c) {
        ++cursor_;
        return true;
    }
    return false;
}

void TagReader::expect_end(const std::string& after) {
    skip_space();
    if (cursor_ != end_) {
        const std::string close = source_[end_] == '}' ? "}}" : "%}";
        fail(cursor_, "expected '" + close + "' after " + after);
    }
}

Expression TagReader::expression() {
    Expression expression;
    skip_space();
    expression.position = map_.at(cursor_);
    do {
        const std::size_t at = cursor_;
        std::string part = name();
        // An index ("tags.0") is a part of digits after a dot.
        while (part.empty() && !expression.path.empty() && cursor_ < end_ &&
               is_digit(source_[cursor_])) {
            while (cursor_ < end_ && is_digit(source_[cursor_])) {
                part += source_[cursor_++];
            }
        }
        if (part.empty()) {
            fail(at, expression.path.empty() ? "expected a variable name"
                                             : "expected a name after '.'");
        }
        expression.path.push_back(std::move(part));
    } while (take('.'));
    skip_space();
    while (take('|')) {
        skip_space();
        const std::size_t at = cursor_;
        Filter filter{name(), std::nullopt};
        if (std::find(kFilters.begin(), kFilters.end(), filter.name) == kFilters.end()) {
            fail(at, "unknown filter '" + filter.name +
                         "': expected upper, lower, length, default or safe");
        }
        skip_space();
        if (take('(')) {
            skip_space();
            filter.argument = literal();
            skip_space();
            if (!take(')')) {
                fail(cursor_, "expected ')' after the argument of '" + filter.name + "'");
            }
            skip_space();
        }
        if ((filter.name == "default") != filter.argument.has_value()) {
            fail(at, filter.name == "default"
                         ? "filter 'default' needs an argument: default(\"...\")"
                         : "filter '" + filter.name + "' takes no argument");
        }
        expression.filters.push_back(std::move(filter));
    }
    return expression;
}

boost::json::value TagReader::literal() {
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
            fail(at, std::string("expected ") + quote + " to end the string");
        }
        ++cursor_;
        return boost::json::string(text);
    }
    std::int64_t number = 0;
    std::size_t digits = 0;
    const bool negative = take('-');
    while (cursor_ < end_ && is_digit(source_[cursor_]) && digits < 18) {
        number = number * 10 + (source_[cursor_++] - '0');
        ++digits;
    }
    if (digits == 0) {
        fail(at, "expected a string in quotes or a number");
    }
    return negative ? -number : number;
}

}  // namespace minifw::views::detail
