// Exercise 06.6: the template loader.

#include <gtest/gtest.h>

#include <future>
#include <stdexcept>
#include <string>
#include <vector>

#include "minifw/views/loader.hpp"
#include "views_test.hpp"

namespace {

using minifw::test::json_value;
using minifw::test::TempDir;
using minifw::test::template_error_of;
using minifw::views::Loader;

TEST(Loader, LoadsRendersAndIncludesFromADirectory) {
    TempDir dir;
    dir.write("page.html", "<h1>{{ title }}</h1>{% include \"parts/list.html\" %}");
    dir.write("parts/list.html",
              "{% for i in items %}{% include \"parts/item.html\" %}{% endfor %}");
    dir.write("parts/item.html", "<li>{{ i }}</li>");
    Loader loader(dir.path());

    EXPECT_EQ(
        loader.render("page.html", json_value(R"({"title": "A & B", "items": ["x", "<y>"]})")),
        "<h1>A &amp; B</h1><li>x</li><li>&lt;y&gt;</li>");
    auto tmpl = loader.get("parts/item.html");
    ASSERT_NE(tmpl, nullptr);
    EXPECT_EQ(tmpl->name(), "parts/item.html") << "errors name a template by its name";
}

TEST(Loader, ParsesEachFileOnceAndKeepsIt) {
    TempDir dir;
    dir.write("a.html", "A{% include \"shared.html\" %}");
    dir.write("b.html", "B{% include \"shared.html\" %}");
    dir.write("shared.html", "[{{ v }}]");
    Loader loader(dir.path());

    EXPECT_EQ(loader.render("a.html", json_value(R"({"v": 1})")), "A[1]");
    EXPECT_EQ(loader.render("b.html", json_value(R"({"v": 2})")), "B[2]");
    EXPECT_EQ(loader.parse_count(), 3u) << "shared.html is parsed once for both";
    for (int i = 0; i < 10; ++i) {
        loader.render("a.html", json_value(R"({"v": 1})"));
    }
    EXPECT_EQ(loader.parse_count(), 3u) << "rendering again parses nothing";
    EXPECT_EQ(loader.get("a.html"), loader.get("a.html")) << "the same template, not a copy";

    dir.write("shared.html", "changed");
    EXPECT_EQ(loader.render("a.html", json_value(R"({"v": 1})")), "A[1]")
        << "the cache keeps what it parsed";
}

TEST(Loader, RefusesNamesThatLeaveTheDirectory) {
    TempDir dir;
    dir.write("templates/ok.html", "ok");
    dir.write("secret.txt", "password");
    Loader loader(dir.path() / "templates");

    for (const std::string& name :
         std::vector<std::string>{"../secret.txt", "/etc/passwd", "a/../../secret.txt", "./ok.html",
                                  "", "a//b", "..\\secret.txt", std::string("ok.html\0x", 9)}) {
        try {
            loader.get(name);
            ADD_FAILURE() << "accepted: " << name;
        } catch (const std::invalid_argument& e) {
            EXPECT_CONTAINS(e.what(), "template name");
        }
    }
    EXPECT_EQ(loader.render("ok.html", json_value("{}")), "ok");

    dir.write("templates/evil.html", "{% include \"../secret.txt\" %}");
    EXPECT_CONTAINS(template_error_of([&] { loader.get("evil.html"); }),
                    "evil.html:1:1: cannot include: template name \"../secret.txt\"");
}

TEST(Loader, RefusesIncludeCyclesNamingThem) {
    TempDir dir;
    dir.write("a.html", "a{% include \"b.html\" %}");
    dir.write("b.html", "b\n  {% include \"c.html\" %}");
    dir.write("c.html", "c{% if x %}{% include \"a.html\" %}{% endif %}");
    dir.write("self.html", "{% include \"self.html\" %}");
    Loader loader(dir.path());

    EXPECT_EQ(template_error_of([&] { loader.get("a.html"); }),
              "c.html:1:12: include cycle: a.html -> b.html -> c.html -> a.html");
    EXPECT_EQ(template_error_of([&] { loader.get("self.html"); }),
              "self.html:1:1: include cycle: self.html -> self.html");
}

TEST(Loader, MissingFilesAndParseErrorsAreNamed) {
    TempDir dir;
    dir.write("page.html", "x\n{% include \"nope.html\" %}");
    dir.write("broken.html", "{% if x %}");
    Loader loader(dir.path());

    try {
        loader.get("absent.html");
        ADD_FAILURE() << "no error for a missing file";
    } catch (const std::runtime_error& e) {
        EXPECT_CONTAINS(e.what(), "no template \"absent.html\"");
    }
    EXPECT_CONTAINS(template_error_of([&] { loader.get("page.html"); }),
                    "page.html:2:1: cannot include: no template \"nope.html\"");
    EXPECT_EQ(template_error_of([&] { loader.get("broken.html"); }),
              "broken.html:1:1: 'if' is never closed: expected '{% endif %}'");
}

TEST(Loader, ConcurrentFirstUseParsesOnce) {
    TempDir dir;
    dir.write("page.html", "{% for x in xs %}{% include \"row.html\" %}{% endfor %}");
    dir.write("row.html", "[{{ x }}]");
    Loader loader(dir.path());

    std::vector<std::future<std::string>> results;
    for (int t = 0; t < 4; ++t) {
        results.push_back(std::async(std::launch::async, [&loader] {
            std::string last;
            for (int i = 0; i < 25; ++i) {
                last = loader.render("page.html", json_value(R"({"xs": ["<1>", 2]})"));
            }
            return last;
        }));
    }
    for (auto& result : results) {
        ASSERT_EQ(result.wait_for(std::chrono::seconds(5)), std::future_status::ready);
        EXPECT_EQ(result.get(), "[&lt;1&gt;][2]");
    }
    EXPECT_EQ(loader.parse_count(), 2u);
}

}  // namespace
