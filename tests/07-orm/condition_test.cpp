// Exercise 07.4: compiling conditions.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "orm_test.hpp"

namespace {

using minifw::orm::Compiled;
using minifw::orm::Condition;
using minifw::orm::field;
using minifw::orm::model_info;
using minifw::orm::null;
using minifw::orm::quote_identifier;
using minifw::orm::Value;
using testing::HasSubstr;

Compiled compile(const Condition& condition) {
    Compiled out;
    condition.compile(model_info<orm_test::Post>(), out);
    return out;
}

std::vector<Value> params(std::initializer_list<Value> values) { return values; }

TEST(Condition, LookupsCompileToQuotedNamesAndParameters) {
    const struct {
        Condition condition;
        std::string sql;
    } cases[] = {
        {field("title").eq("orm"), R"("title" = ?)"},
        {field("title").ne("orm"), R"("title" <> ?)"},
        {field("views").lt(10), R"("views" < ?)"},
        {field("views").lte(10), R"("views" <= ?)"},
        {field("views").gt(10), R"("views" > ?)"},
        {field("views").gte(10), R"("views" >= ?)"},
        {field("rating").is_null(), R"("rating" IS NULL)"},
        {field("rating").is_null(false), R"("rating" IS NOT NULL)"},
    };
    for (const auto& c : cases) {
        const Compiled compiled = compile(c.condition);
        EXPECT_EQ(compiled.sql, c.sql);
        if (c.sql.find('?') != std::string::npos) {
            ASSERT_EQ(compiled.params.size(), 1U) << c.sql;
            EXPECT_TRUE(compiled.params[0] == Value{"orm"} ||
                        compiled.params[0] == Value{std::int64_t{10}});
        } else {
            EXPECT_TRUE(compiled.params.empty()) << c.sql;
        }
    }
}

TEST(Condition, AndOrNotNestWithParenthesesAndKeepParameterOrder) {
    const Condition condition =
        (field("title").eq("a") || field("views").gt(5)) && !field("rating").is_null();
    const Compiled compiled = compile(condition);
    EXPECT_EQ(compiled.sql, R"((("title" = ? OR "views" > ?) AND NOT ("rating" IS NULL)))");
    EXPECT_EQ(compiled.params, params({"a", std::int64_t{5}}));

    const Compiled other =
        compile(field("id").eq(1) || (field("id").eq(2) && field("views").lt(3)));
    EXPECT_EQ(other.sql, R"(("id" = ? OR ("id" = ? AND "views" < ?)))");
    EXPECT_EQ(other.params, params({std::int64_t{1}, std::int64_t{2}, std::int64_t{3}}));
}

TEST(Condition, InTakesOneParameterPerValueAndAnEmptyListMatchesNothing) {
    const Compiled three = compile(field("id").in({1, 2, 3}));
    EXPECT_EQ(three.sql, R"("id" IN (?, ?, ?))");
    EXPECT_EQ(three.params, params({std::int64_t{1}, std::int64_t{2}, std::int64_t{3}}));
    const Compiled none = compile(field("id").in({}));
    EXPECT_EQ(none.sql, R"("id" IN ())");
    EXPECT_TRUE(none.params.empty());
}

TEST(Condition, ContainsEscapesTheWildcardsAndLikeKeepsThem) {
    const Compiled contains = compile(field("title").contains(R"(100%_off\)"));
    EXPECT_EQ(contains.sql, R"("title" LIKE ? ESCAPE '\')");
    EXPECT_EQ(contains.params, params({R"(%100\%\_off\\%)"}));
    const Compiled like = compile(field("title").like("How to %"));
    EXPECT_EQ(like.sql, R"("title" LIKE ? ESCAPE '\')");
    EXPECT_EQ(like.params, params({"How to %"}));
    EXPECT_EQ(minifw::orm::escape_like("plain"), "plain");
}

TEST(Condition, UnknownFieldsAreRefusedNamingThemAndTheModelsFields) {
    const std::vector<std::string> names = {"titel", R"(title" OR 1=1 --)",
                                            "title; DROP TABLE posts", "TITLE", ""};
    for (const std::string& name : names) {
        try {
            compile(field(name).eq(1));
            ADD_FAILURE() << "the field name '" << name << "' reached the SQL";
        } catch (const std::invalid_argument& e) {
            EXPECT_THAT(e.what(), HasSubstr("'" + name + "'"));
            EXPECT_THAT(e.what(), HasSubstr("posts"));
            EXPECT_THAT(e.what(), HasSubstr("id, title, author_id, views, rating"));
        }
    }
    // Inside a connective too.
    EXPECT_THROW(compile(field("id").eq(1) && !field("nope").is_null()), std::invalid_argument);
}

TEST(Condition, IdentifiersAreQuotedSoKeywordsAndQuotesStayNames) {
    EXPECT_EQ(quote_identifier("order"), R"("order")");
    EXPECT_EQ(quote_identifier(R"(a"b)"), R"("a""b")");
    EXPECT_EQ(quote_identifier(R"(" OR 1=1 --)"), R"(""" OR 1=1 --")");
    Compiled out;
    (field("order").eq("x") && field("select").gt(1)).compile(model_info<orm_test::Keyword>(), out);
    EXPECT_EQ(out.sql, R"(("order" = ? AND "select" > ?))");
}

TEST(Condition, ComparingWithNullIsRefusedInFavourOfIsNull) {
    for (const Condition& attempt : {Condition(field("rating").is_null())}) {
        EXPECT_EQ(compile(attempt).sql, R"("rating" IS NULL)");
    }
    try {
        field("rating").eq(null);
        ADD_FAILURE() << "rating = NULL is never true, so it would silently match nothing";
    } catch (const std::invalid_argument& e) {
        EXPECT_THAT(e.what(), HasSubstr("is_null"));
        EXPECT_THAT(e.what(), HasSubstr("'rating'"));
    }
    EXPECT_THROW(field("rating").gt(null), std::invalid_argument);
}

}  // namespace
