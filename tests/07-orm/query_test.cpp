// Exercises 07.5 (compiling the query: the two Compiles tests, which run
// nothing) and 07.6 (running it through the statement cache: the others).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "orm_test.hpp"

namespace {

using minifw::orm::Database;
using minifw::orm::DatabaseError;
using minifw::orm::field;
using minifw::orm::get;
using minifw::orm::insert;
using minifw::orm::query;
using minifw::orm::save;
using minifw::orm::Value;
using orm_test::Author;
using orm_test::Keyword;
using orm_test::Post;
using testing::ElementsAre;
using testing::HasSubstr;

constexpr const char* kSelectPosts =
    R"(SELECT "id", "title", "author_id", "views", "rating" FROM "posts")";

// Two authors and five posts, inserted with plain SQL.
struct Blog {
    Database db{":memory:"};
    Blog() {
        db.execute(orm_test::kSchema);
        db.execute(R"sql(
            INSERT INTO authors (id, name, email) VALUES (1, 'Ada', 'ada@example.com'), (2, 'Linus', NULL);
            INSERT INTO posts (id, title, author_id, views, rating) VALUES
                (1, 'Hello, world', 1, 10, 4.5), (2, 'On engines', 1, 250, NULL),
                (3, 'Kernel notes', 2, 90, 3.0), (4, '100% coverage', 2, 5, NULL),
                (5, 'Engines again', 1, 40, 5.0);
        )sql");
    }
};

std::vector<std::int64_t> ids(const std::vector<Post>& posts) {
    std::vector<std::int64_t> out;
    for (const Post& post : posts) {
        out.push_back(post.id);
    }
    return out;
}

TEST(Query, CompilesFiltersOrderLimitAndOffsetIntoOneSelect) {
    Blog blog;
    const auto q = query<Post>(blog.db)
                       .filter(field("views").gte(10))
                       .exclude(field("title").contains("draft"))
                       .order_by("-views")
                       .order_by("title")
                       .limit(20)
                       .offset(40);
    const auto compiled = q.sql();
    EXPECT_EQ(compiled.sql, std::string(kSelectPosts) +
                                R"( WHERE "views" >= ? AND NOT ("title" LIKE ? ESCAPE '\'))"
                                R"( ORDER BY "views" DESC, "title" ASC LIMIT ? OFFSET ?)");
    EXPECT_EQ(compiled.params, (std::vector<Value>{std::int64_t{10}, "%draft%", std::int64_t{20},
                                                   std::int64_t{40}}));
    EXPECT_EQ(query<Post>(blog.db).sql().sql, kSelectPosts);
    EXPECT_EQ(query<Post>(blog.db).offset(5).sql().sql,
              std::string(kSelectPosts) + " LIMIT ? OFFSET ?");
    EXPECT_THROW(query<Post>(blog.db).order_by("-nope").sql(), std::invalid_argument);
}

TEST(Query, CompilesCountUpdateDeleteAndInsert) {
    using minifw::orm::compile_count;
    using minifw::orm::compile_delete;
    using minifw::orm::compile_insert;
    using minifw::orm::compile_update;
    using minifw::orm::model_info;
    Database db(":memory:");
    const auto posts = query<Post>(db).filter(field("author_id").eq(1));

    const auto count = compile_count(posts.spec());
    EXPECT_EQ(count.sql, R"(SELECT COUNT(*) FROM "posts" WHERE "author_id" = ?)");
    EXPECT_EQ(count.params, (std::vector<Value>{std::int64_t{1}}));
    EXPECT_EQ(compile_count(posts.limit(2).spec()).sql,
              R"(SELECT COUNT(*) FROM (SELECT 1 FROM "posts" WHERE "author_id" = ? LIMIT ?))")
        << "a limit applies to the rows counted, so it goes in a subquery";

    const std::vector<minifw::orm::Assignment> set{{"views", std::int64_t{0}}, {"rating", 1.0}};
    const auto update = compile_update(posts.spec(), set);
    EXPECT_EQ(update.sql, R"(UPDATE "posts" SET "views" = ?, "rating" = ? WHERE "author_id" = ?)");
    EXPECT_EQ(update.params, (std::vector<Value>{std::int64_t{0}, 1.0, std::int64_t{1}}))
        << "the SET values first, then the filters', in the order of their ?s";
    EXPECT_THROW(compile_update(posts.spec(), {}), std::invalid_argument);
    EXPECT_THROW(compile_update(posts.limit(1).spec(), set), std::invalid_argument);
    const std::vector<minifw::orm::Assignment> unknown{{"nope", std::int64_t{1}}};
    EXPECT_THROW(compile_update(posts.spec(), unknown), std::invalid_argument);

    EXPECT_EQ(compile_delete(posts.spec()).sql, R"(DELETE FROM "posts" WHERE "author_id" = ?)");
    EXPECT_EQ(compile_delete(query<Post>(db).spec()).sql, R"(DELETE FROM "posts")");
    EXPECT_THROW(compile_delete(posts.order_by("id").spec()), std::invalid_argument);

    const std::vector<Value> row{std::int64_t{0}, "Fresh", std::int64_t{2}, std::int64_t{0}, 2.5};
    const auto with_key = compile_insert(model_info<Post>(), row, false);
    EXPECT_EQ(with_key.sql, R"(INSERT INTO "posts" ("id", "title", "author_id", "views", )"
                            R"("rating") VALUES (?, ?, ?, ?, ?))");
    EXPECT_EQ(with_key.params, row);
    const auto without_key = compile_insert(model_info<Post>(), row, true);
    EXPECT_EQ(
        without_key.sql,
        R"(INSERT INTO "posts" ("title", "author_id", "views", "rating") VALUES (?, ?, ?, ?))");
    EXPECT_EQ(without_key.params, (std::vector<Value>(row.begin() + 1, row.end())));
    EXPECT_THROW(compile_insert(model_info<Post>(), std::vector<Value>{std::int64_t{1}}, false),
                 std::invalid_argument);
    EXPECT_EQ(db.statements_executed(), 0U) << "compiling runs nothing";
}

TEST(Query, IsImmutableSoEveryStepIsANewQuery) {
    Blog blog;
    const auto all = query<Post>(blog.db);
    const auto by_ada = all.filter(field("author_id").eq(1));
    const auto popular = by_ada.filter(field("views").gt(30)).order_by("id");
    EXPECT_EQ(all.sql().sql, kSelectPosts);
    EXPECT_EQ(by_ada.sql().params.size(), 1U);
    EXPECT_EQ(all.count(), 5);
    EXPECT_EQ(by_ada.count(), 3);
    EXPECT_THAT(ids(popular.all()), ElementsAre(2, 5));
    EXPECT_THAT(ids(by_ada.order_by("-id").all()), ElementsAre(5, 2, 1));
}

TEST(Query, AllFirstCountAndExistsRunTheQuery) {
    Blog blog;
    const auto posts = query<Post>(blog.db);
    EXPECT_THAT(ids(posts.filter(field("title").contains("ENGINE")).order_by("id").all()),
                ElementsAre(2, 5));
    EXPECT_THAT(ids(posts.filter(field("title").contains("100%")).all()), ElementsAre(4));
    EXPECT_THAT(ids(posts.filter(field("rating").is_null()).order_by("id").all()),
                ElementsAre(2, 4));
    EXPECT_THAT(ids(posts.filter(field("id").in({5, 3, 42})).order_by("id").all()),
                ElementsAre(3, 5));
    EXPECT_THAT(ids(posts.order_by("views").limit(2).offset(1).all()), ElementsAre(1, 5));

    const auto top = posts.order_by("-views").first();
    ASSERT_TRUE(top.has_value());
    EXPECT_EQ(*top, (Post{2, "On engines", 1, 250, std::nullopt}));
    EXPECT_FALSE(posts.filter(field("views").gt(1000)).first().has_value());

    EXPECT_EQ(posts.filter(field("views").lt(50)).count(), 3);
    EXPECT_EQ(posts.limit(2).count(), 2) << "a limit applies to the rows counted";
    EXPECT_TRUE(posts.filter(field("author_id").eq(2)).exists());
    EXPECT_FALSE(posts.filter(field("author_id").eq(3)).exists());
}

TEST(Query, UpdateAndRemoveTouchOnlyTheMatchingRows) {
    Blog blog;
    const auto posts = query<Post>(blog.db);
    EXPECT_EQ(posts.filter(field("author_id").eq(2)).update({{"views", 0}, {"rating", 1.0}}), 2);
    EXPECT_EQ(posts.filter(field("views").eq(0)).count(), 2);
    EXPECT_EQ(posts.filter(field("rating").eq(1.0)).count(), 2);
    EXPECT_EQ(posts.filter(field("views").lt(20)).remove(), 3);
    EXPECT_THAT(ids(posts.order_by("id").all()), ElementsAre(2, 5));

    EXPECT_THROW(posts.update({}), std::invalid_argument);
    EXPECT_THROW(posts.limit(1).remove(), std::invalid_argument);
    EXPECT_THROW(posts.order_by("id").update({{"views", 1}}), std::invalid_argument);
    try {
        posts.update({{"veiws", 1}});
        ADD_FAILURE() << "an unknown field was set";
    } catch (const std::invalid_argument& e) {
        EXPECT_THAT(e.what(), HasSubstr("'veiws'"));
    }
    EXPECT_EQ(posts.count(), 2);
}

TEST(Query, InjectionInAnyValueOrNamePositionStaysData) {
    Blog blog;
    const std::vector<std::string> attacks = {"' OR 1=1 --", "\"; DROP TABLE posts; --",
                                              "x') OR ('1'='1", "%", "_"};
    const auto posts = query<Post>(blog.db);
    for (const std::string& attack : attacks) {
        EXPECT_EQ(posts.filter(field("title").eq(attack)).count(), 0) << attack;
        EXPECT_EQ(posts.filter(field("title").ne(attack)).count(), 5) << attack;
        EXPECT_EQ(posts.filter(field("title").in({attack, "x"})).count(), 0) << attack;
        EXPECT_EQ(posts.filter(field("title").lt(attack)).count() +
                      posts.filter(field("title").gte(attack)).count(),
                  5)
            << attack;
        EXPECT_EQ(posts.filter(field("title").contains(attack)).count(), attack == "%" ? 1 : 0)
            << attack;
    }
    for (const std::string& attack : attacks) {
        Post post{0, attack, 1, 0, std::nullopt};
        insert(blog.db, post);
        EXPECT_EQ(get<Post>(blog.db, post.id)->title, attack);
        EXPECT_EQ(posts.filter(field("id").eq(post.id)).update({{"title", attack + attack}}), 1);
    }
    EXPECT_EQ(posts.count(), 5 + static_cast<std::int64_t>(attacks.size()));
    EXPECT_EQ(posts.filter(field("title").like(attacks[0] + attacks[0])).count(), 1);

    // Names: a field in a lookup, in order_by and in update never reach SQL.
    const std::string name = R"(title" = '' OR 1=1 --)";
    EXPECT_THROW(posts.filter(field(name).eq(1)).count(), std::invalid_argument);
    EXPECT_THROW(posts.order_by(name).all(), std::invalid_argument);
    EXPECT_THROW(posts.order_by("-" + name).all(), std::invalid_argument);
    EXPECT_THROW(posts.update({{name, 1}}), std::invalid_argument);
    EXPECT_EQ(posts.count(), 5 + static_cast<std::int64_t>(attacks.size()));
}

TEST(Query, ModelWithKeywordNamesWorksEndToEnd) {
    Blog blog;
    Keyword row{0, "desc", "by", 3};
    insert(blog.db, row);
    EXPECT_EQ(row.id, 1);
    Keyword other{0, "asc", "having", 1};
    insert(blog.db, other);
    const auto rows = query<Keyword>(blog.db);
    EXPECT_EQ(rows.sql().sql, R"(SELECT "id", "order", "group", "select" FROM "order")");
    EXPECT_EQ(rows.filter(field("order").eq("desc")).first(), row);
    EXPECT_EQ(rows.order_by("select").first(), other);
    EXPECT_EQ(rows.filter(field("group").eq("by")).update({{"select", 9}}), 1);
    EXPECT_EQ(get<Keyword>(blog.db, 1)->select, 9);
    EXPECT_EQ(rows.filter(field("select").lt(5)).remove(), 1);
}

TEST(Query, InsertTakesTheRowidAndGetAndSaveUseThePrimaryKey) {
    Blog blog;
    Post post{0, "Fresh", 2, 0, 2.5};
    insert(blog.db, post);
    EXPECT_EQ(post.id, 6) << "the rowid SQLite chose is written back";
    EXPECT_EQ(get<Post>(blog.db, 6), post);
    EXPECT_FALSE(get<Post>(blog.db, 60).has_value());

    post.title = "Fresh, edited";
    post.rating.reset();
    save(blog.db, post);
    EXPECT_EQ(get<Post>(blog.db, 6), post);

    Author author{7, "Grace", "grace@example.com"};
    insert(blog.db, author);
    EXPECT_EQ(author.id, 7) << "a key that is set is kept";
    Author twin{0, "Grace 2", "grace@example.com"};
    EXPECT_THROW(insert(blog.db, twin), DatabaseError);

    Post missing{99, "nobody", 1, 0, std::nullopt};
    try {
        save(blog.db, missing);
        ADD_FAILURE() << "saving a row that does not exist did nothing, silently";
    } catch (const std::out_of_range& e) {
        EXPECT_THAT(e.what(), HasSubstr("posts"));
    }
}

TEST(Query, StatementCacheKeepsOnePreparedStatementPerText) {
    Blog blog;
    const auto posts = query<Post>(blog.db);
    const auto before = blog.db.cached_statements();
    for (std::int64_t id = 1; id <= 5; ++id) {
        const auto post = posts.filter(field("id").eq(id)).first();
        ASSERT_TRUE(post.has_value());
        EXPECT_EQ(post->id, id) << "a cache hit must bind the new value";
    }
    EXPECT_EQ(blog.db.cached_statements(), before + 1) << "five lookups, one SQL text";
    posts.filter(field("views").eq(10)).count();
    EXPECT_EQ(blog.db.cached_statements(), before + 2);

    const auto executed = blog.db.statements_executed();
    posts.all();
    posts.count();
    EXPECT_EQ(blog.db.statements_executed() - executed, 2U);

    // A failed run leaves the cached statement usable.
    Author twin{0, "Twin", "ada@example.com"};
    EXPECT_THROW(insert(blog.db, twin), DatabaseError);
    twin.email = "twin@example.com";
    insert(blog.db, twin);
    EXPECT_EQ(twin.id, 3);
    EXPECT_EQ(&blog.db.prepare("SELECT 1"), &blog.db.prepare("SELECT 1"));
}

}  // namespace
