// Exercises 06.6 (evaluate: lookups and filters, suite Evaluate) and 06.7
// (render: the walk, suite Render). No Evaluate test renders.

#include <gtest/gtest.h>

#include <future>
#include <optional>
#include <string>
#include <vector>

#include <boost/describe.hpp>

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

// The application's own data, described once, rendered without a JSON copy.
struct Author {
    std::string name;
    std::optional<std::string> nick;
};
BOOST_DESCRIBE_STRUCT(Author, (), (name, nick))

struct Post {
    std::int64_t id;
    std::string title;
    double score;
    bool draft;
    Author author;
    std::vector<std::string> tags;
};
BOOST_DESCRIBE_STRUCT(Post, (), (id, title, score, draft, author, tags))

struct Page {
    std::string heading;
    std::vector<Post> posts;
};
BOOST_DESCRIBE_STRUCT(Page, (), (heading, posts))

Page sample_page() {
    return Page{"<Posts>",
                {{7, "Ada & Grace", 1.5, false, {"Ada", "countess"}, {"math", "<eng>"}},
                 {8, "Draft", 0.0, true, {"Grace", std::nullopt}, {}}}};
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
                                           scratch, result.safe)
                       .to_json();
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
    const std::vector<LoopVariable> loops{{"name", outer}, {"name", inner}};
    EXPECT_EQ(evaluated("name.name", data, loops).value, json::value("inner"))
        << "the innermost loop variable wins, then its members are looked up";
    EXPECT_EQ(evaluated("name", data, {{"name", outer}}).value, json::value("outer"))
        << "a loop variable hides the data's member of the same name";
    EXPECT_EQ(evaluated("user.name", data, loops).value, json::value("Ada"));

    std::optional<json::value> scratch;
    bool safe = false;
    // Named, not temporaries: GCC 14 warns when a reference is bound to what
    // a function returns from temporary arguments.
    const auto expression = expression_of("user.boss");
    const Scope scope{data, {}, "t"};
    const minifw::views::ValueRef found = minifw::views::evaluate(expression, scope, scratch, safe);
    EXPECT_EQ(found.json(), &data.at("user").at("boss")) << "a plain lookup refers into the data";
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

TEST(Evaluate, LooksUpDescribedStructsInPlace) {
    const Page page = sample_page();
    std::optional<json::value> scratch;
    bool safe = false;
    const auto value = [&](const std::string& text,
                           std::vector<LoopVariable> loops = {}) -> minifw::views::ValueRef {
        const auto expression = expression_of(text);
        return minifw::views::evaluate(expression, Scope{page, loops, "t.html"}, scratch, safe);
    };
    EXPECT_EQ(value("heading").if_string(), std::optional<std::string_view>("<Posts>"));
    EXPECT_EQ(value("posts.0.id").if_int64(), std::optional<std::int64_t>(7))
        << "digits index a vector, names a struct's members";
    EXPECT_EQ(value("posts.1.author.name").if_string(), std::optional<std::string_view>("Grace"));
    EXPECT_EQ(value("posts.0.tags.1").if_string(), std::optional<std::string_view>("<eng>"));
    EXPECT_EQ(value("posts.0.score").to_json(), json::value(1.5));
    EXPECT_EQ(value("posts.1.draft").to_json(), json::value(true));
    for (const char* missing :
         {"nothing", "posts.2", "posts.0.nothing", "posts.1.author.nick", "heading.x", "posts.x"}) {
        EXPECT_TRUE(value(missing).is_null())
            << missing << ": a missing name or an empty optional is null";
    }
    EXPECT_EQ(value("posts.0.author.nick").if_string(),
              std::optional<std::string_view>("countess"));

    const minifw::views::ValueRef first = value("posts.0");
    EXPECT_EQ(value("p.title", {{"p", first}}).if_string(),
              std::optional<std::string_view>("Ada & Grace"))
        << "a loop variable may stand for a struct";
    EXPECT_EQ(value("posts.0.title").if_string()->data(), page.posts[0].title.data())
        << "a plain lookup views the struct's own string";
    EXPECT_FALSE(scratch.has_value()) << "and copies nothing";

    EXPECT_EQ(value("posts | length").to_json(), json::value(2));
    EXPECT_EQ(value("posts.0.author | length").to_json(), json::value(2))
        << "a struct's length is its number of members";
    EXPECT_EQ(value("posts.0.title | upper").to_json(), json::value("ADA & GRACE"));
    EXPECT_EQ(value("posts.1.author.nick | default(\"anon\")").to_json(), json::value("anon"));
    EXPECT_CONTAINS(template_error_of([&] { value("posts.0.id | length"); }),
                    "t.html:1:4: filter 'length' needs a string, a list or an object, but "
                    "'posts.0.id' is a number");
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

TEST(Render, ReadsDescribedStructsInPlace) {
    const auto tmpl = parse_template(
        "<h1>{{ heading }}</h1>{% for p in posts %}<article id=\"post-{{ p.id }}\">"
        "{% if p.draft %}[draft] {% endif %}{{ p.title }} by {{ p.author.name }}"
        "{% if p.author.nick %} ({{ p.author.nick }}){% endif %}: {{ p.score }}"
        "{% for t in p.tags %} #{{ t }}{% endfor %}"
        "{% if not p.tags %} no tags{% endif %}</article>{% endfor %}"
        "<script>var first = {{ posts.0.author }};</script>",
        "posts.html");
    const Page page = sample_page();
    const std::string expected =
        "<h1>&lt;Posts&gt;</h1><article id=\"post-7\">Ada &amp; Grace by Ada (countess): 1.5 "
        "#math #&lt;eng&gt;</article><article id=\"post-8\">[draft] Draft by Grace: 0 no "
        "tags</article><script>var first = {\"name\":\"Ada\",\"nick\":\"countess\"};</script>";
    EXPECT_EQ(minifw::views::render(tmpl, page), expected);

    const json::value same = json_value(
        R"({"heading": "<Posts>", "posts": [
              {"id": 7, "title": "Ada & Grace", "score": 1.5, "draft": false,
               "author": {"name": "Ada", "nick": "countess"}, "tags": ["math", "<eng>"]},
              {"id": 8, "title": "Draft", "score": 0.0, "draft": true,
               "author": {"name": "Grace", "nick": null}, "tags": []}]})");
    EXPECT_EQ(minifw::views::render(tmpl, same), expected)
        << "the same values as JSON render the same page";

    EXPECT_EQ(template_error_of([&] {
                  const auto bad = parse_template("{% for c in heading %}{% endfor %}", "b.html");
                  minifw::views::render(bad, page);
              }),
              "b.html:1:13: for needs a list, but 'heading' is a string");
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
                const json::object data{{"fortunes", json::array{fortune}}};
                last = minifw::views::render(tmpl, data);
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
