// Exercise 07.8: relations without N+1.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "orm_test.hpp"

namespace {

using minifw::orm::belongs_to;
using minifw::orm::Database;
using minifw::orm::field;
using minifw::orm::has_many;
using minifw::orm::insert;
using minifw::orm::load_related;
using minifw::orm::model_info;
using minifw::orm::prefetch_belongs_to;
using minifw::orm::prefetch_has_many;
using minifw::orm::query;
using minifw::orm::Transaction;
using minifw::orm::Value;
using orm_test::Author;
using orm_test::Post;

// Four authors and `posts` posts: every fifth by Barbara (4), the others in
// turn by Linus (2) and Ada (1); Grace (3) wrote none.
struct Blog {
    Database db{":memory:"};
    explicit Blog(int posts) {
        db.execute(orm_test::kSchema);
        Transaction tx{db};
        for (const char* name : {"Ada", "Linus", "Grace", "Barbara"}) {
            Author author{0, name, std::nullopt};
            insert(db, author);
        }
        for (int i = 1; i <= posts; ++i) {
            Post post{0, "post " + std::to_string(i), i % 5 == 0 ? 4 : 1 + i % 2, i, std::nullopt};
            insert(db, post);
        }
        tx.commit();
    }
};

TEST(Relations, BelongsToAndHasManyLoadOneSideEach) {
    Blog blog(6);
    const auto post = query<Post>(blog.db).filter(field("id").eq(5)).first();
    ASSERT_TRUE(post.has_value());
    const auto author = belongs_to<Author>(blog.db, *post, &Post::author_id);
    ASSERT_TRUE(author.has_value());
    EXPECT_EQ(author->name, "Barbara");

    const Author ada{1, "Ada", std::nullopt};
    std::vector<std::int64_t> ids;
    for (const Post& p : has_many<Post>(blog.db, ada, "author_id")) {
        ids.push_back(p.id);
    }
    EXPECT_THAT(ids, testing::ElementsAre(2, 4, 6));
    EXPECT_TRUE(has_many<Post>(blog.db, Author{3, "Grace", std::nullopt}, "author_id").empty());
    EXPECT_THROW(has_many<Post>(blog.db, ada, "writer_id"), std::invalid_argument);
}

TEST(Relations, APageOfPostsWithAuthorsTakesTwoStatementsNotNPlusOne) {
    Blog blog(50);
    const auto page = query<Post>(blog.db).order_by("-id").limit(20);

    auto start = blog.db.statements_executed();
    const std::vector<Post> posts = page.all();
    std::vector<std::string> naive;
    for (const Post& post : posts) {
        naive.push_back(belongs_to<Author>(blog.db, post, &Post::author_id)->name);
    }
    EXPECT_EQ(blog.db.statements_executed() - start, 21U) << "the N+1 way: 1 page + 20 authors";

    start = blog.db.statements_executed();
    const std::vector<Post> again = page.all();
    const auto authors = prefetch_belongs_to<Author>(blog.db, again, &Post::author_id);
    EXPECT_EQ(blog.db.statements_executed() - start, 2U) << "1 page + 1 IN query for the authors";

    ASSERT_EQ(authors.size(), again.size());
    for (std::size_t i = 0; i < authors.size(); ++i) {
        ASSERT_TRUE(authors[i].has_value()) << "post " << again[i].id;
        EXPECT_EQ(authors[i]->id, again[i].author_id);
        EXPECT_EQ(authors[i]->name, naive[i]);
    }
}

TEST(Relations, PrefetchHasManyGroupsTheChildrenByParent) {
    Blog blog(10);
    const std::vector<Author> authors = query<Author>(blog.db).order_by("id").all();
    const auto start = blog.db.statements_executed();
    const auto posts = prefetch_has_many<Post>(blog.db, authors, "author_id");
    EXPECT_EQ(blog.db.statements_executed() - start, 1U);
    ASSERT_EQ(posts.size(), 4U);
    for (std::size_t i = 0; i < authors.size(); ++i) {
        EXPECT_EQ(posts[i], has_many<Post>(blog.db, authors[i], "author_id")) << authors[i].name;
    }
    EXPECT_TRUE(posts[2].empty()) << "Grace wrote nothing";
    EXPECT_EQ(posts[3].size(), 2U);
}

TEST(Relations, LoadRelatedAsksForEachKeyOnceInChunks) {
    Blog blog(0);
    Database& db = blog.db;
    {
        Transaction tx{db};
        for (int i = 0; i < 1200; ++i) {
            Author author{0, "author " + std::to_string(i), std::nullopt};
            insert(db, author);
        }
        tx.commit();
    }
    std::vector<Value> keys;
    for (std::int64_t id = 1; id <= 1204; ++id) {
        keys.emplace_back(id);
        keys.emplace_back(id);  // each twice
    }
    keys.emplace_back(minifw::orm::null);
    auto start = db.statements_executed();
    const auto related = load_related(db, model_info<Author>(), "id", keys);
    EXPECT_EQ(db.statements_executed() - start, 3U) << "1204 distinct keys, 500 per statement";
    EXPECT_EQ(related.result.rows.size(), 1204U);
    ASSERT_EQ(related.rows_by_key.count(Value{std::int64_t{1204}}), 1U);
    EXPECT_EQ(related.rows_by_key.at(Value{std::int64_t{1204}}).size(), 1U);

    start = db.statements_executed();
    const std::vector<Value> nothing = {minifw::orm::null};
    EXPECT_TRUE(load_related(db, model_info<Author>(), "id", nothing).result.rows.empty());
    EXPECT_EQ(db.statements_executed(), start) << "no key, no statement";
    EXPECT_THROW(load_related(db, model_info<Author>(), "nope", keys), std::invalid_argument);
}

}  // namespace
