// Exercises 06.6 (evaluate: lookups and filters, suite Evaluate) and 06.7
// (render: the walk, suite Render). No Evaluate test renders.

#include <gtest/gtest.h>

#include <future>
#include <optional>
#include <string>
#include <vector>

#include "minifw/views/template.hpp"
#include "views_test.hpp"

namespace {

namespace json = boost::json;
using minifw::test::json_value;
using minifw::test::template_error_of;
using minifw::views::LoopVariable;
using minifw::views::parse_template;
using minifw::views::Scope;
using minifw::views::Template;

std::string render(const std::string& source, const json::value& data) {
    return minifw::views::render(parse_template(source, "t.html"), data);
}

// The expression of "{{ text }}", parsed by 06.4.
minifw::views::Expression expression_of(const std::string& text) {
    const auto tmpl = parse_template("{{ " + text + " }}", "t.html");
    return std::get<minifw::views::OutputNode>(tmpl.nodes().at(0).value).expression;
}

// What evaluate() gives for `text` over `data` and `loops`, and whether it said safe.
struct Evaluated {
    json::value value;
    bool safe = false;
};
Evaluated evaluated(const std::string& text, const json::value& data,
                    std::vector<LoopVariable> loops = {}) {
    std::optional<json::value> scratch;
    Evaluated result;
    result.value = minifw::views::evaluate(expression_of(text), Scope{data, loops, "t.html"},
                                           scratch, result.safe);
    return result;
}

TEST(Evaluate, LooksUpDottedNamesInTheLoopsThenTheData) {
    const json::value data = json_value(R"({"user": {"name": "Ada", "langs": ["C", "Go"],
                                     "boss": {"name": "Grace"}}, "name": "top", "n": 42})");
    EXPECT_EQ(evaluated("user.name", data).value, json::value("Ada"));
    EXPECT_EQ(evaluated("user.boss.name", data).value, json::value("Grace"));
    EXPECT_EQ(evaluated("user.langs.1", data).value, json::value("Go")) << "digits index a list";
    EXPECT_EQ(evaluated("n", data).value, json::value(42));
    for (const char* missing : {"missing", "user.missing.deeper", "user.langs.9", "n.x"}) {
        EXPECT_TRUE(evaluated(missing, data).value.is_null())
            << missing << ": a missing name is null, not an error";
    }
    EXPECT_TRUE(evaluated("x", json_value("[1]")).value.is_null()) << "data that is no object";

    const json::value outer("outer");
    const json::value inner = json_value(R"({"name": "inner"})");
    const std::vector<LoopVariable> loops{{"name", &outer}, {"name", &inner}};
    EXPECT_EQ(evaluated("name.name", data, loops).value, json::value("inner"))
        << "the innermost loop variable wins, then its members are looked up";
    EXPECT_EQ(evaluated("name", data, {{"name", &outer}}).value, json::value("outer"))
        << "a loop variable hides the data's member of the same name";
    EXPECT_EQ(evaluated("user.name", data, loops).value, json::value("Ada"));

    std::optional<json::value> scratch;
    bool safe = false;
    // Named, not temporaries: GCC 14 warns when a reference is bound to what
    // a function returns from temporary arguments.
    const auto expression = expression_of("user.boss");
    const Scope scope{data, {}, "t"};
    const json::value& found = minifw::views::evaluate(expression, scope, scratch, safe);
    EXPECT_EQ(&found, &data.at("user").at("boss")) << "a plain lookup refers into the data";
    EXPECT_FALSE(scratch.has_value()) << "and copies nothing";
    EXPECT_FALSE(safe);
}

TEST(Evaluate, FiltersUpperLowerLengthDefault) {
    const json::value data =
        json_value(R"({"name": "Ada Lovelace", "city": "Z\u00fcrich", "tags": [1, 2, 3],
                 "empty": "", "o": {"a": 1}, "n": 7})");
    EXPECT_EQ(evaluated("name | upper", data).value, json::value("ADA LOVELACE"));
    EXPECT_EQ(evaluated("name | lower", data).value, json::value("ada lovelace"));
    EXPECT_EQ(evaluated("n | upper", data).value, json::value("7")) << "upper makes a string";
    EXPECT_EQ(evaluated("city | length", data).value, json::value(6))
        << "length counts characters, not bytes";
    EXPECT_EQ(evaluated("tags | length", data).value, json::value(3));
    EXPECT_EQ(evaluated("o | length", data).value, json::value(1));
    EXPECT_EQ(evaluated("none | length", data).value, json::value(0));
    EXPECT_EQ(evaluated("none | default(\"anon\")", data).value, json::value("anon"));
    EXPECT_EQ(evaluated("empty | default(\"anon\")", data).value, json::value("anon"));
    EXPECT_EQ(evaluated("name | default(\"anon\")", data).value, json::value("Ada Lovelace"));
    EXPECT_EQ(evaluated("none | default(7)", data).value, json::value(7));
    EXPECT_EQ(evaluated("name | lower | length", data).value, json::value(12))
        << "filters apply left to right";
}

TEST(Evaluate, SafeIsAFlagNotAValue) {
    const json::value data = json_value(R"({"html": "<em>hi</em>"})");
    const Evaluated plain = evaluated("html", data);
    EXPECT_FALSE(plain.safe);
    const Evaluated safe = evaluated("html | safe", data);
    EXPECT_TRUE(safe.safe);
    EXPECT_EQ(safe.value, json::value("<em>hi</em>")) << "safe changes nothing in the value";
    const Evaluated upper = evaluated("html | safe | upper", data);
    EXPECT_TRUE(upper.safe) << "safe counts wherever it stands among the filters";
    EXPECT_EQ(upper.value, json::value("<EM>HI</EM>"));
}

TEST(Evaluate, LengthOfANumberIsAnErrorWithItsPosition) {
    const auto tmpl = parse_template("x\n  {{ n | length }}", "len.html");
    const auto& expression =
        std::get<minifw::views::OutputNode>(tmpl.nodes().at(1).value).expression;
    const json::value data = json_value(R"({"n": 3, "b": true})");
    std::optional<json::value> scratch;
    bool safe = false;
    EXPECT_EQ(template_error_of([&] {
                  minifw::views::evaluate(expression, Scope{data, {}, "len.html"}, scratch, safe);
              }),
              "len.html:2:6: filter 'length' needs a string, a list or an object, but 'n' is a "
              "number");
    EXPECT_CONTAINS(template_error_of([&] { evaluated("b | length", data); }),
                    "t.html:1:4: filter 'length' needs a string, a list or an object, but 'b' is");
}

TEST(Render, LooksUpDottedNamesAndLoopVariables) {
    const json::value data = json_value(R"({"user": {"name": "Ada", "langs": ["C", "Go"],
                                     "boss": {"name": "Grace"}}, "name": "top", "n": 42,
                                     "pi": 1.5, "yes": true})");
    EXPECT_EQ(render("{{ user.name }}/{{ user.boss.name }}/{{ name }}", data), "Ada/Grace/top");
    EXPECT_EQ(render("{{ n }} {{ pi }} {{ yes }} {{ user.langs.1 }}", data), "42 1.5 true Go");
    EXPECT_EQ(render("[{{ missing }}][{{ user.missing.deeper }}][{{ user.langs.9 }}]", data),
              "[][][]")
        << "a missing name is null and writes nothing";
    EXPECT_EQ(render("{% for name in user.langs %}{{ name }},{% endfor %}{{ name }}", data),
              "C,Go,top")
        << "the loop variable hides the outer name, and only inside the loop";
    EXPECT_EQ(render("{% for u in users %}{% for l in u.langs %}{{ u.name }}:{{ l }} {% endfor "
                     "%}{% endfor %}",
                     json_value(R"({"users": [{"name": "a", "langs": [1, 2]}, {"name": "b",
                              "langs": [3]}]})")),
              "a:1 a:2 b:3 ");
}

TEST(Render, IfElseAndForFollowTheData) {
    const std::string source =
        "{% if user.admin %}admin{% else %}user{% endif %}|"
        "{% if not items %}empty{% else %}{% for i in items %}({{ i }}){% endfor %}{% endif %}";
    EXPECT_EQ(render(source, json_value(R"({"user": {"admin": true}, "items": ["<a>", "b"]})")),
              "admin|(&lt;a&gt;)(b)");
    EXPECT_EQ(render(source, json_value(R"({"user": {"admin": false}, "items": []})")),
              "user|empty");
    EXPECT_EQ(render(source, json_value("{}")), "user|empty") << "missing is false, and no list";

    for (const char* falsy : {"null", "false", "0", "0.0", "\"\"", "[]", "{}"}) {
        EXPECT_EQ(render("{% if v %}T{% else %}F{% endif %}",
                         json_value(std::string(R"({"v": )") + falsy + "}")),
                  "F")
            << falsy;
    }
    for (const char* truthy : {"true", "1", "-1", "0.5", "\"0\"", "[0]", "{\"a\": 0}"}) {
        EXPECT_EQ(render("{% if v %}T{% else %}F{% endif %}",
                         json_value(std::string(R"({"v": )") + truthy + "}")),
                  "T")
            << truthy;
    }
}

TEST(Render, EscapesEveryValueForItsContext) {
    const std::string source =
        "<p>{{ x }}</p><input value=\"{{ x }}\"><input value='{{ x }}'><input value={{ x }}>"
        "<a href=\"{{ url }}\">l</a><a href=\"/greet?name={{ x }}\">q</a>"
        "<script>var d = {{ x }};</script>";
    const std::string out =
        render(source, json_value(R"js({"x": "\"><script>alert(1)</script>' onmouseover=x",
                          "url": " JavaScript:alert(1)"})js"));
    EXPECT_EQ(out,
              "<p>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#39; onmouseover=x</p>"
              "<input value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#39; "
              "onmouseover=x\">"
              "<input value='&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#39; onmouseover=x'>"
              "<input value=&#x22;&#x3E;&#x3C;script&#x3E;alert&#x28;1&#x29;&#x3C;&#x2F;"
              "script&#x3E;&#x27;&#x20;onmouseover&#x3D;x>"
              "<a href=\"about:invalid#minifw-unsafe-url\">l</a>"
              "<a href=\"/greet?name=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E%27%20"
              "onmouseover%3Dx\">q</a>"
              "<script>var d = \"\\\"\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e' "
              "onmouseover=x\";</script>");

    EXPECT_EQ(render("<script>var user = {{ user }};</script>",
                     json_value(R"({"user": {"name": "</script><b>", "n": 1}})")),
              "<script>var user = {\"name\":\"\\u003c/script\\u003e\\u003cb\\u003e\",\"n\":1};"
              "</script>")
        << "in a script a value is JSON, whatever its type";
}

TEST(Render, SafeFilterIsHonoured) {
    const json::value data = json_value(R"({"html": "<em>hi</em>"})");
    EXPECT_EQ(render("<p>{{ html | safe }}</p>", data), "<p><em>hi</em></p>");
    EXPECT_EQ(render("<p>{{ html }}</p>", data), "<p>&lt;em&gt;hi&lt;/em&gt;</p>");
    EXPECT_EQ(render("<p>{{ html | safe | upper }}</p>", data), "<p><EM>HI</EM></p>")
        << "safe applies wherever it stands among the filters";
}

TEST(Render, FiltersUpperLowerLengthDefault) {
    const json::value data =
        json_value(R"({"name": "Ada Lovelace", "city": "Z\u00fcrich", "tags": [1, 2, 3],
                 "empty": "", "o": {"a": 1}})");
    EXPECT_EQ(render("{{ name | upper }} {{ name | lower }}", data), "ADA LOVELACE ada lovelace");
    EXPECT_EQ(render("{{ city | length }} {{ tags | length }} {{ o | length }} {{ none | length }}",
                     data),
              "6 3 1 0")
        << "length counts characters, not bytes";
    EXPECT_EQ(render("{{ none | default(\"anon\") }} {{ empty | default(\"anon\") }} "
                     "{{ name | default(\"anon\") }} {{ none | default(7) }}",
                     data),
              "anon anon Ada Lovelace 7");
    EXPECT_EQ(render("{% if tags | length %}has{% endif %}", data), "has");
    EXPECT_EQ(render("{{ none | default(\"<b>\") }}", data), "&lt;b&gt;")
        << "a default is escaped like any value";
}

TEST(Render, ForOverANonListIsAnErrorWithItsPosition) {
    const auto tmpl =
        parse_template("line one\n  {% for x in user.name %}{% endfor %}", "page.html");
    EXPECT_EQ(template_error_of(
                  [&] { minifw::views::render(tmpl, json_value(R"({"user": {"name": "Ada"}})")); }),
              "page.html:2:15: for needs a list, but 'user.name' is a string");

    const auto length = parse_template("{{ n | length }}", "len.html");
    EXPECT_EQ(template_error_of([&] { minifw::views::render(length, json_value(R"({"n": 3})")); }),
              "len.html:1:4: filter 'length' needs a string, a list or an object, but 'n' is a "
              "number");
}

TEST(Render, IncludesNeedAResolverAndAreBounded) {
    const auto page = parse_template("<main>{% include \"part.html\" %}</main>", "page.html");
    const auto part = parse_template("<p>{{ who }}</p>", "part.html");
    const minifw::views::IncludeResolver resolver = [&](std::string_view name) -> const Template& {
        if (name != "part.html") {
            throw std::runtime_error("no template " + std::string(name));
        }
        return part;
    };
    EXPECT_EQ(minifw::views::render(page, json_value(R"({"who": "<me>"})"), resolver),
              "<main><p>&lt;me&gt;</p></main>");

    EXPECT_EQ(template_error_of([&] { minifw::views::render(page, json_value("{}")); }),
              "page.html:1:7: include \"part.html\" needs a loader: render through views::Loader, "
              "or pass an IncludeResolver");

    const auto self = parse_template("x{% include \"self.html\" %}", "self.html");
    const minifw::views::IncludeResolver loop = [&](std::string_view) -> const Template& {
        return self;
    };
    const std::string error =
        template_error_of([&] { minifw::views::render(self, json_value("{}"), loop); });
    EXPECT_CONTAINS(error, "self.html:1:2: includes nested deeper than 16: self.html -> ");
}

TEST(Render, OneTemplateRendersManyTimesAndOnManyThreads) {
    const auto tmpl = parse_template(
        "{% for f in fortunes %}<tr><td>{{ f.id }}</td><td>{{ f.message }}</td></tr>{% endfor %}",
        "fortunes.html");
    std::vector<std::future<std::string>> results;
    for (int t = 0; t < 4; ++t) {
        results.push_back(std::async(std::launch::async, [&tmpl, t] {
            std::string last;
            for (int i = 0; i < 50; ++i) {
                json::object fortune{{"id", t * 100 + i}, {"message", "<" + std::to_string(i)}};
                last =
                    minifw::views::render(tmpl, json::object{{"fortunes", json::array{fortune}}});
            }
            return last;
        }));
    }
    for (int t = 0; t < 4; ++t) {
        ASSERT_EQ(results[t].wait_for(std::chrono::seconds(5)), std::future_status::ready);
        EXPECT_EQ(results[t].get(),
                  "<tr><td>" + std::to_string(t * 100 + 49) + "</td><td>&lt;49</td></tr>");
    }
}

}  // namespace
