#include "html_scanner.hpp"

#include <array>
#include <string>
#include <string_view>

namespace minifw::views::detail {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Attributes whose value is a URL a browser may follow or load (HTML's
// index of attributes; srcset holds several, ping a list).
constexpr std::array<std::string_view, 15> kUrlAttributes = {
    "action",   "background", "cite", "codebase", "data", "formaction", "href",      "icon",
    "longdesc", "manifest",   "ping", "poster",   "src",  "srcset",     "xlink:href"};

bool is_url_attribute(std::string_view name) {
    for (std::string_view url : kUrlAttributes) {
        if (name == url) {
            return true;
        }
    }
    return false;
}

}  // namespace

void HtmlScanner::feed(std::string_view text) {
    for (char c : text) {
        step(c);
    }
}

void HtmlScanner::end_of_tag() {
    if (tag_ == "script" || tag_ == "style") {
        state_ = State::raw_text;
        matched_ = 0;
    } else {
        state_ = State::text;
    }
}

void HtmlScanner::step(char c) {
    switch (state_) {
        case State::text:
            if (c == '<') {
                state_ = State::tag_open;
            }
            return;
        case State::tag_open:
            if (is_letter(c)) {
                state_ = State::tag_name;
                tag_.assign(1, lower(c));
            } else if (c == '/') {
                state_ = State::end_tag;
            } else if (c == '!') {
                state_ = State::markup_open;
            } else {
                state_ = c == '<' ? State::tag_open : State::text;  // a lone '<' is text
            }
            matched_ = 0;
            return;
        case State::tag_name:
            if (is_space(c) || c == '/') {
                state_ = State::in_tag;
            } else if (c == '>') {
                end_of_tag();
            } else {
                tag_ += lower(c);
            }
            return;
        case State::end_tag:
        case State::declaration:
            if (c == '>') {
                state_ = State::text;
            }
            return;
        case State::in_tag:
            if (c == '>') {
                end_of_tag();
            } else if (!is_space(c) && c != '/') {
                state_ = State::attribute_name;
                attribute_.assign(1, lower(c));
            }
            return;
        case State::attribute_name:
            if (is_space(c)) {
                state_ = State::after_attribute;
            } else if (c == '=') {
                state_ = State::before_value;
            } else if (c == '>') {
                end_of_tag();
            } else if (c == '/') {
                state_ = State::in_tag;
            } else {
                attribute_ += lower(c);
            }
            return;
        case State::after_attribute:
            if (c == '=') {
                state_ = State::before_value;
            } else if (c == '>') {
                end_of_tag();
            } else if (c == '/') {
                state_ = State::in_tag;
            } else if (!is_space(c)) {
                state_ = State::attribute_name;
                attribute_.assign(1, lower(c));
            }
            return;
        case State::before_value:
            value_empty_ = true;
            if (c == '"') {
                state_ = State::value_double;
            } else if (c == '\'') {
                state_ = State::value_single;
            } else if (c == '>') {
                end_of_tag();
            } else if (!is_space(c)) {
                state_ = State::value_unquoted;
                value_empty_ = false;
            }
            return;
        case State::value_double:
        case State::value_single:
            if (c == (state_ == State::value_double ? '"' : '\'')) {
                state_ = State::in_tag;
            } else {
                value_empty_ = false;
            }
            return;
        case State::value_unquoted:
            if (is_space(c)) {
                state_ = State::in_tag;
            } else if (c == '>') {
                end_of_tag();
            }
            return;
        case State::markup_open:
            state_ = c == '-' ? State::markup_dash : State::declaration;
            if (c == '>') {
                state_ = State::text;
            }
            return;
        case State::markup_dash:
            if (c == '-') {
                state_ = State::comment;
                matched_ = 0;
            } else {
                state_ = c == '>' ? State::text : State::declaration;
            }
            return;
        case State::comment:
            // Looking for "-->"; "--" followed by more dashes still counts.
            if (c == '-') {
                matched_ = matched_ < 2 ? matched_ + 1 : 2;
            } else if (c == '>' && matched_ == 2) {
                state_ = State::text;
                matched_ = 0;
            } else {
                matched_ = 0;
            }
            return;
        case State::raw_text: {
            // Looking for "</script" or "</style", in any case.
            const std::string end = "</" + tag_;
            if (lower(c) == end[matched_]) {
                if (++matched_ == end.size()) {
                    state_ = State::end_tag;
                    matched_ = 0;
                }
            } else {
                matched_ = c == '<' ? 1 : 0;
            }
            return;
        }
    }
}

std::optional<EscapeContext> HtmlScanner::context() const {
    const bool event_handler = attribute_.size() > 2 && attribute_.starts_with("on");
    const auto value = [&](Quote quote) -> std::optional<EscapeContext> {
        if (event_handler || attribute_ == "style") {
            return std::nullopt;
        }
        if (is_url_attribute(attribute_)) {
            return EscapeContext{value_empty_ ? Slot::url : Slot::url_part, quote};
        }
        return EscapeContext{Slot::attribute, quote};
    };
    switch (state_) {
        case State::text:
            return EscapeContext{Slot::text, Quote::none};
        case State::before_value: {
            if (event_handler || attribute_ == "style") {
                return std::nullopt;
            }
            const Slot slot = is_url_attribute(attribute_) ? Slot::url : Slot::attribute;
            return EscapeContext{slot, Quote::none};
        }
        case State::value_double:
            return value(Quote::double_);
        case State::value_single:
            return value(Quote::single);
        case State::value_unquoted:
            return value(Quote::none);
        case State::raw_text:
            if (tag_ == "script") {
                return EscapeContext{Slot::script, Quote::none};
            }
            return std::nullopt;
        default:
            return std::nullopt;
    }
}

std::string HtmlScanner::where() const {
    switch (state_) {
        case State::tag_open:
        case State::tag_name:
            return "a tag name";
        case State::end_tag:
            return "an end tag";
        case State::in_tag:
        case State::attribute_name:
        case State::after_attribute:
            return "a tag, outside any attribute value";
        case State::before_value:
        case State::value_double:
        case State::value_single:
        case State::value_unquoted:
            if (attribute_ == "style") {
                return "a style attribute";
            }
            return "an event handler attribute (" + attribute_ + ")";
        case State::markup_open:
        case State::markup_dash:
        case State::declaration:
            return "a markup declaration";
        case State::comment:
            return "an HTML comment";
        case State::raw_text:
            return "a <" + tag_ + "> element";
        case State::text:
            break;
    }
    return "text";
}

bool HtmlScanner::same_place(const HtmlScanner& other) const noexcept {
    if (state_ != other.state_ || matched_ != other.matched_) {
        return false;
    }
    switch (state_) {
        case State::text:
        case State::end_tag:
        case State::declaration:
        case State::markup_open:
        case State::markup_dash:
        case State::comment:
            return true;
        case State::tag_open:
        case State::tag_name:
        case State::in_tag:
        case State::raw_text:
            return tag_ == other.tag_;
        default:
            return tag_ == other.tag_ && attribute_ == other.attribute_ &&
                   value_empty_ == other.value_empty_;
    }
}

void HtmlScanner::wrote_value() {
    if (state_ == State::before_value) {
        state_ = State::value_unquoted;
    }
    value_empty_ = false;
}

}  // namespace minifw::views::detail
