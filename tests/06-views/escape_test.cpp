// Exercise 06.3: escaping by context.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "minifw/views/escape.hpp"
#include "views_test.hpp"

namespace {

namespace json = boost::json;
using minifw::views::EscapeContext;
using minifw::views::kUnsafeUrl;
using minifw::views::Quote;
using minifw::views::safe_url;
using minifw::views::Slot;

std::string text(std::string_view value) {
    std::string out;
    minifw::views::append_html_text(out, value);
    return out;
}

std::string attribute(std::string_view value, Quote quote) {
    std::string out;
    minifw::views::append_attribute(out, value, quote);
    return out;
}

std::string escaped(std::string_view value, Slot slot, Quote quote = Quote::double_) {
    std::string out = "kept:";
    minifw::views::append_escaped(out, value, EscapeContext{slot, quote});
    return out;
}

TEST(Escape, HtmlTextEscapesTheFiveSpecialCharacters) {
    EXPECT_EQ(text(R"(<b>"Tom" & 'Jerry'</b>)"),
              "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;");
    EXPECT_EQ(text("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
    EXPECT_EQ(text("caf\xC3\xA9, 1 + 1 = 2"), "caf\xC3\xA9, 1 + 1 = 2") << "nothing else changes";
    std::string out = "before ";
    minifw::views::append_html_text(out, "&");
    EXPECT_EQ(out, "before &amp;") << "append_ functions append";
}

TEST(Escape, QuotedAttributesCannotBeLeft) {
    EXPECT_EQ(attribute(R"("><script>alert(1)</script>)", Quote::double_),
              "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    EXPECT_EQ(attribute("' onmouseover='alert(1)", Quote::single),
              "&#39; onmouseover=&#39;alert(1)");
    EXPECT_EQ(attribute("x\" onmouseover=\"alert(1)", Quote::single),
              "x&quot; onmouseover=&quot;alert(1)")
        << "both quotes are escaped whichever encloses the value";
}

TEST(Escape, UnquotedAttributesEscapeEverythingButLettersAndDigits) {
    EXPECT_EQ(attribute("a b", Quote::none), "a&#x20;b");
    EXPECT_EQ(attribute("x onmouseover=alert(1)", Quote::none),
              "x&#x20;onmouseover&#x3D;alert&#x28;1&#x29;");
    EXPECT_EQ(attribute("\t\n`'\"<>", Quote::none), "&#x09;&#x0A;&#x60;&#x27;&#x22;&#x3C;&#x3E;");
    EXPECT_EQ(attribute("Abc123", Quote::none), "Abc123");
    EXPECT_EQ(attribute("\xC3\xA9", Quote::none), "\xC3\xA9") << "UTF-8 bytes cannot end a value";
}

TEST(Escape, ActiveUrlSchemesAreRefusedInAllTheirDisguises) {
    for (std::string_view url :
         {"javascript:alert(1)", "JavaScript:alert(1)", "JAVASCRIPT:alert(1)",
          " javascript:alert(1)", "\tjavascript:alert(1)", "\x01javascript:alert(1)",
          "java\tscript:alert(1)", "java\nscript:alert(1)", "vbscript:msgbox(1)",
          "data:text/html,<script>alert(1)</script>",
          "DATA:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd"}) {
        EXPECT_EQ(safe_url(url), kUnsafeUrl) << "not refused: " << url;
    }
}

TEST(Escape, SafeUrlsPassUnchanged) {
    for (std::string_view url :
         {"https://example.org/a?b=c", "HTTP://example.org", "mailto:ada@example.org",
          "tel:+441234", "/greet?name=x", "page.html", "../up", "?q=1", "#top", "/path/with:colon",
          "", "//cdn.example.org/lib.js"}) {
        EXPECT_EQ(safe_url(url), url) << "refused: " << url;
    }
}

TEST(Escape, JsonInAScriptCannotCloseIt) {
    const std::string out =
        minifw::views::json_for_script(json::value{{"bio", "</script><script>alert(1)</script>"},
                                                   {"note", "<!-- & \xE2\x80\xA8 \xE2\x80\xA9"}});
    EXPECT_NOT_CONTAINS(out, "</script");
    EXPECT_NOT_CONTAINS(out, "<!--");
    EXPECT_NOT_CONTAINS(out, "\xE2\x80\xA8");
    EXPECT_NOT_CONTAINS(out, "\xE2\x80\xA9");
    EXPECT_CONTAINS(out, R"(\u003c/script\u003e)");
    EXPECT_CONTAINS(out, R"(\u0026 \u2028 \u2029)");
    EXPECT_EQ(json::parse(out), (json::value{{"bio", "</script><script>alert(1)</script>"},
                                             {"note", "<!-- & \xE2\x80\xA8 \xE2\x80\xA9"}}))
        << "the text is still JSON, and means the same";
}

TEST(Escape, AppendEscapedDispatchesOnTheContext) {
    EXPECT_EQ(escaped("<i>", Slot::text, Quote::none), "kept:&lt;i&gt;");
    EXPECT_EQ(escaped("a b", Slot::attribute, Quote::none), "kept:a&#x20;b");
    EXPECT_EQ(escaped("\"x\"", Slot::attribute), "kept:&quot;x&quot;");
    EXPECT_EQ(escaped(" JaVaScRiPt:alert(1)", Slot::url), "kept:" + std::string(kUnsafeUrl));
    EXPECT_EQ(escaped("/a?b=\"c\"", Slot::url), "kept:/a?b=&quot;c&quot;");
    EXPECT_EQ(escaped("Ann & Bob/\"x\"?", Slot::url_part), "kept:Ann%20%26%20Bob%2F%22x%22%3F");
    EXPECT_EQ(escaped("javascript:alert(1)", Slot::url_part), "kept:javascript%3Aalert%281%29")
        << "in a query a value is data, never a scheme";
    EXPECT_EQ(escaped("</script>", Slot::script, Quote::none), R"(kept:"\u003c/script\u003e")");
}

}  // namespace
