// Exercise 06.4: parsing templates.

#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "minifw/views/template.hpp"
#include "views_test.hpp"

namespace {

using minifw::test::template_error_of;
using minifw::views::EscapeContext;
using minifw::views::ForNode;
using minifw::views::IfNode;
using minifw::views::IncludeNode;
using minifw::views::Node;
using minifw::views::Nodes;
using minifw::views::OutputNode;
using minifw::views::parse_template;
using minifw::views::Quote;
using minifw::views::Slot;
using minifw::views::TextNode;

template <class T>
const T& as(const Node& node) {
    const T* kind = std::get_if<T>(&node.value);
    if (kind == nullptr) {
        throw std::runtime_error("the node is of another kind (index " +
                                 std::to_string(node.value.index()) + ")");
    }
    return *kind;
}

// The context of the only {{ }} in `source`.
EscapeContext context_of(const std::string& source) {
    auto tmpl = parse_template(source, "t.html");
    for (const Node& node : tmpl.nodes()) {
        if (const auto* output = std::get_if<OutputNode>(&node.value)) {
            return output->context;
        }
    }
    throw std::runtime_error("no {{ }} in: " + source);
}

std::string parse_error(const std::string& source) {
    return template_error_of([&] { parse_template(source, "greet.html"); });
}

TEST(Parser, BuildsATreeOfTextOutputIfAndFor) {
    const auto tmpl = parse_template(
        "<h1>{{ user.name | upper }}</h1>{# note #}\n"
        "{% if not user.tags %}none{% else %}{% for tag in user.tags %}<i>{{ tag }}</i>{% endfor "
        "%}{% endif %}{% include \"footer.html\" %}",
        "page.html");
    EXPECT_EQ(tmpl.name(), "page.html");
    const Nodes& nodes = tmpl.nodes();
    ASSERT_EQ(nodes.size(), 5u);
    EXPECT_EQ(as<TextNode>(nodes[0]).text, "<h1>");
    const auto& title = as<OutputNode>(nodes[1]);
    EXPECT_EQ(title.expression.path, (std::vector<std::string>{"user", "name"}));
    ASSERT_EQ(title.expression.filters.size(), 1u);
    EXPECT_EQ(title.expression.filters[0].name, "upper");
    EXPECT_EQ(title.expression.position.line, 1u);
    EXPECT_EQ(title.expression.position.column, 8u);
    EXPECT_EQ(as<TextNode>(nodes[2]).text, "</h1>\n") << "a comment leaves nothing";

    const auto& branch = as<IfNode>(nodes[3]);
    EXPECT_TRUE(branch.negated);
    EXPECT_EQ(branch.condition.path, (std::vector<std::string>{"user", "tags"}));
    ASSERT_EQ(branch.then_nodes.size(), 1u);
    EXPECT_EQ(as<TextNode>(branch.then_nodes[0]).text, "none");
    ASSERT_EQ(branch.else_nodes.size(), 1u);
    const auto& loop = as<ForNode>(branch.else_nodes[0]);
    EXPECT_EQ(loop.variable, "tag");
    EXPECT_EQ(loop.sequence.path, (std::vector<std::string>{"user", "tags"}));
    ASSERT_EQ(loop.body.size(), 3u);
    EXPECT_EQ(as<OutputNode>(loop.body[1]).expression.path, std::vector<std::string>{"tag"});
    EXPECT_EQ(as<IncludeNode>(nodes[4]).name, "footer.html");

    const auto with_default = parse_template("{{ nick | default(\"anon y\") | safe }}", "d");
    const auto& filters = as<OutputNode>(with_default.nodes()[0]).expression.filters;
    ASSERT_EQ(filters.size(), 2u);
    EXPECT_EQ(filters[0].name, "default");
    ASSERT_TRUE(filters[0].argument.has_value());
    EXPECT_EQ(*filters[0].argument, boost::json::value("anon y"));
    EXPECT_EQ(filters[1].name, "safe");
    EXPECT_FALSE(filters[1].argument.has_value());

    EXPECT_EQ(as<TextNode>(parse_template("a { b } {c}", "t").nodes()[0]).text, "a { b } {c}")
        << "a lone brace is text";
}

TEST(Parser, FindsTheEscapingContextOfEachExpression) {
    EXPECT_EQ(context_of("<p>{{ x }}</p>"), (EscapeContext{Slot::text, Quote::none}));
    EXPECT_EQ(context_of("<input value=\"{{ x }}\">"),
              (EscapeContext{Slot::attribute, Quote::double_}));
    EXPECT_EQ(context_of("<input value='{{ x }}'>"),
              (EscapeContext{Slot::attribute, Quote::single}));
    EXPECT_EQ(context_of("<input value={{ x }}>"), (EscapeContext{Slot::attribute, Quote::none}));
    EXPECT_EQ(context_of("<div class=\"a b\" title = 'x {{ x }}'>"),
              (EscapeContext{Slot::attribute, Quote::single}));
    EXPECT_EQ(context_of("<a HREF=\"{{ x }}\">"), (EscapeContext{Slot::url, Quote::double_}));
    EXPECT_EQ(context_of("<img src={{ x }}>"), (EscapeContext{Slot::url, Quote::none}));
    EXPECT_EQ(context_of("<form action='/s?q={{ x }}'>"),
              (EscapeContext{Slot::url_part, Quote::single}));
    EXPECT_EQ(context_of("<script>var d = {{ x }};</script>"),
              (EscapeContext{Slot::script, Quote::none}));
    EXPECT_EQ(context_of("<script></script><p title=\"<script>\">{{ x }}"),
              (EscapeContext{Slot::text, Quote::none}))
        << "after </script> and in a quoted '<script>' we are back in text";
    EXPECT_EQ(context_of("<!-- <a href=\" --><b>{{ x }}</b>"),
              (EscapeContext{Slot::text, Quote::none}));

    // Two values in one URL: the first decides the scheme, the second is data.
    auto tmpl = parse_template("<a href=\"{{ base }}{{ path }}\">", "t");
    ASSERT_EQ(tmpl.nodes().size(), 4u);
    EXPECT_EQ(as<OutputNode>(tmpl.nodes()[1]).context, (EscapeContext{Slot::url, Quote::double_}));
    EXPECT_EQ(as<OutputNode>(tmpl.nodes()[2]).context,
              (EscapeContext{Slot::url_part, Quote::double_}));
}

TEST(Parser, ErrorsNameFileLineColumnAndWhatWasExpected) {
    EXPECT_EQ(parse_error("<p>\n{% if x %}\n  a{% endif x %}"),
              "greet.html:3:13: expected '%}' after 'endif'");
    EXPECT_EQ(parse_error("ab {{ name"), "greet.html:1:4: expected '}}' to close '{{'");
    EXPECT_EQ(parse_error("\n\n  {% if x"), "greet.html:3:3: expected '%}' to close '{%'");
    EXPECT_EQ(parse_error("{# never closed"), "greet.html:1:1: expected '#}' to close '{#'");
    EXPECT_EQ(parse_error("x\n{% if a %}\n"),
              "greet.html:2:1: 'if' is never closed: expected '{% endif %}'");
    EXPECT_EQ(parse_error("{% for a in b %}{% endif %}"),
              "greet.html:1:17: expected '{% endfor %}' to close the 'for' at 1:1, got 'endif'");
    EXPECT_EQ(parse_error("a{% endfor %}"),
              "greet.html:1:2: 'endfor' without an open block to close");
    EXPECT_EQ(parse_error("{{ }}"), "greet.html:1:4: expected a variable name");
    EXPECT_EQ(parse_error("{{ a. }}"), "greet.html:1:6: expected a name after '.'");
    EXPECT_EQ(parse_error("{{ a b }}"), "greet.html:1:6: expected '}}' after the expression");
    EXPECT_EQ(parse_error("{% for in xs %}{% endfor %}"),
              "greet.html:1:11: expected 'in' after 'for in'");
}

TEST(Parser, UnknownTagsAndFiltersAreNamed) {
    EXPECT_EQ(parse_error("{% endfo %}"),
              "greet.html:1:4: unknown tag 'endfo': expected if, else, endif, for, endfor or "
              "include");
    EXPECT_EQ(parse_error("x {{ a | uper }}"),
              "greet.html:1:10: unknown filter 'uper': expected upper, lower, length, default or "
              "safe");
    EXPECT_EQ(parse_error("{{ a | default }}"),
              "greet.html:1:8: filter 'default' needs an argument: default(\"...\")");
    EXPECT_EQ(parse_error("{{ a | upper(1) }}"),
              "greet.html:1:8: filter 'upper' takes no argument");
}

TEST(Parser, RefusesExpressionsWhereNothingCanBeEscaped) {
    EXPECT_CONTAINS(parse_error("<{{ tag }}>"),
                    "greet.html:1:2: a {{ }} cannot stand in a tag name");
    EXPECT_CONTAINS(parse_error("<input {{ attrs }}>"),
                    "greet.html:1:8: a {{ }} cannot stand in a tag, outside any attribute value");
    EXPECT_CONTAINS(parse_error("<a onclick=\"go({{ x }})\">"),
                    "cannot stand in an event handler attribute (onclick)");
    EXPECT_CONTAINS(parse_error("<p style=\"color: {{ c }}\">"),
                    "cannot stand in a style attribute");
    EXPECT_CONTAINS(parse_error("<style>p { color: {{ c }} }</style>"),
                    "cannot stand in a <style> element");
    EXPECT_CONTAINS(parse_error("<!-- {{ x }} -->"), "cannot stand in an HTML comment");
    EXPECT_CONTAINS(parse_error("<a href=\"{% include \"x\" %}\">"),
                    "greet.html:1:10: an include cannot stand in");
}

TEST(Parser, BranchesMustEndInTheSameContext) {
    EXPECT_CONTAINS(parse_error("x\n<a {% if big %}class=\"big{% else %}{% endif %}\">"),
                    "greet.html:2:4: the branches of this 'if' end in different HTML contexts");
    EXPECT_CONTAINS(parse_error("{% for x in xs %}<a href=\"{% endfor %}\">"),
                    "greet.html:1:1: the body of this 'for' ends in another HTML context");
    EXPECT_NO_THROW(parse_template("{% if a %}<b>x</b>{% else %}<i>y</i>{% endif %}", "ok"))
        << "branches that close what they open agree";
}

TEST(Parser, RefusesDeepNestingInsteadOfOverflowing) {
    std::string deep;
    for (int i = 0; i < 100000; ++i) {
        deep += "{% if a %}";
    }
    EXPECT_CONTAINS(parse_error(deep), "nested deeper than 64 levels");

    std::string fine;
    for (std::size_t i = 0; i < minifw::views::kMaxNesting; ++i) {
        fine += "{% for a in b %}";
    }
    for (std::size_t i = 0; i < minifw::views::kMaxNesting; ++i) {
        fine += "{% endfor %}";
    }
    EXPECT_NO_THROW(parse_template(fine, "fine")) << "64 levels are allowed";
}

}  // namespace
