#pragma once
/// @file
/// Escaping by context: what makes a value safe depends on where in the
/// HTML it lands (stage 06, exercise 06.3).

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json.hpp>

namespace minifw::views {

/// Where in an HTML document a value is written.
enum class Slot : std::uint8_t {
    text,       ///< element content: `<p>HERE</p>`
    attribute,  ///< an attribute value: `<input value="HERE">`
    url,        ///< the start of a URL attribute's value: `<a href="HERE">`
    url_part,   ///< later in a URL attribute's value: `<a href="/greet?name=HERE">`
    script,     ///< inside `<script>`: written as a JSON value
};

/// How the attribute value around a value is quoted.
enum class Quote : std::uint8_t {
    none,     ///< unquoted (<a class=HERE>), or no attribute at all
    single,   ///< '...'
    double_,  ///< "..."
};

/// The context of one {{ }}: the slot and, in an attribute, its quotes.
struct EscapeContext {
    Slot slot = Slot::text;     ///< where the value lands
    Quote quote = Quote::none;  ///< the attribute's quotes, if any
    /// Contexts compare member by member.
    friend bool operator==(const EscapeContext&, const EscapeContext&) = default;
};

/// What a URL attribute gets instead of a URL with an active scheme: a URL
/// that goes nowhere, and says why to whoever reads the page source.
inline constexpr std::string_view kUnsafeUrl = "about:invalid#minifw-unsafe-url";

/// Appends `text` for element content: & < > " ' become &amp; &lt; &gt;
/// &quot; &#39;, so no tag or entity can start inside it (HTML 13.1.3).
void append_html_text(std::string& out, std::string_view text);

/// Appends `value` for an attribute value with quotes `quote`. Quoted (either
/// kind): as append_html_text, which covers both quote characters. Unquoted:
/// every ASCII byte but letters and digits becomes `&#xHH;`, since whitespace,
/// `=`, `<`, `>`, the backtick and both quotes can end or bend an unquoted value (HTML 13.1.2.3);
/// bytes from 0x80 up (UTF-8) pass.
void append_attribute(std::string& out, std::string_view value, Quote quote);

/// `url` when it is safe to follow, kUnsafeUrl otherwise. Safe: a relative
/// URL (no scheme before the first '/', '?' or '#'), or one whose scheme is
/// http, https, mailto or tel, in any case. A browser drops leading spaces
/// and control bytes and every tab and newline before it reads the scheme
/// (WHATWG URL, "basic URL parser"), so this does too: " JavaScript:",
/// "java\tscript:" and "\x01javascript:" are all refused, as are vbscript:
/// and data: by not being on the list.
std::string_view safe_url(std::string_view url);

/// `value` as a JSON text that can stand inside a `<script>` element: the
/// serialisation with every `<`, `>` and `&` and U+2028 and U+2029 written
/// as `\u003c`, `\u003e`, `\u0026`, `\u2028` and `\u2029`, so neither
/// `</script>` nor `<!--` can appear in it and the text stays valid JavaScript.
std::string json_for_script(const boost::json::value& value);

/// Appends the string `value` escaped for `context`: text and attributes as
/// above, a url through safe_url and then as an attribute, a url_part
/// percent-encoded (every byte but A-Z a-z 0-9 - . _ ~, RFC 3986 2.3), a
/// script value as a JSON string (json_for_script).
void append_escaped(std::string& out, std::string_view value, EscapeContext context);

}  // namespace minifw::views
