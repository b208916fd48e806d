#pragma once
// The HTML scanner the template parser uses to find the context of each
// {{ }} (given code of stage 06, not an exercise).
//
// It reads only the template's literal text, one byte at a time, and keeps
// just enough state to say where the next byte lands: in text, in a tag, in
// an attribute's name or value (and which quotes, and whether the attribute
// holds a URL), in a comment, or in the raw text of <script> or <style>. It
// is a small part of the tokenizer of the HTML standard (section 13.2.5),
// enough for templates we write ourselves; it never sees the values, which
// are escaped so they cannot change its state.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "minifw/views/escape.hpp"

namespace minifw::views::detail {

class HtmlScanner {
public:
    /// Reads literal template text.
    void feed(std::string_view text);

    /// The context a value written now lands in, or nullopt where no value
    /// can be escaped safely (then where() says what the place is).
    std::optional<EscapeContext> context() const;

    /// Words for the place when context() is nullopt: "a tag name", "an
    /// attribute name", "a comment", "a <style> element", "an event handler
    /// attribute (onclick)", "a style attribute", ...
    std::string where() const;

    /// True in plain text, where an include may stand.
    bool in_text() const noexcept { return state_ == State::text; }

    /// Tells the scanner a value was written here: an attribute value is no
    /// longer at its start (the next value in a URL is a url_part), and a
    /// value right after '=' has begun an unquoted attribute value.
    void wrote_value();

    /// True when the next byte means the same to both scanners: the parser
    /// asks this of the ends of an if's branches and of a for's body. Names
    /// of tags already closed do not count.
    bool same_place(const HtmlScanner& other) const noexcept;

private:
    enum class State {
        text,
        tag_open,         // after '<'
        tag_name,         // <di
        end_tag,          // </div ... up to '>'
        in_tag,           // between attributes
        attribute_name,   // <a hr
        after_attribute,  // <a href ... (before '=' or the next name)
        before_value,     // <a href=
        value_double,     // <a href="...
        value_single,     // <a href='...
        value_unquoted,   // <a href=...
        markup_open,      // <!
        markup_dash,      // <!-
        declaration,      // <!DOCTYPE ... up to '>'
        comment,          // <!-- ... up to -->
        raw_text,         // the content of <script> or <style>
    };

    void step(char c);
    void end_of_tag();

    State state_ = State::text;
    std::string tag_;        // the current or last start tag's name, lower-cased
    std::string attribute_;  // the current attribute's name, lower-cased
    bool value_empty_ = true;
    std::size_t matched_ = 0;  // bytes of "-->" or "</script" seen so far
};

}  // namespace minifw::views::detail
