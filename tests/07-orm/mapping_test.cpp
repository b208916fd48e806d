// Exercise 07.3: rows into structs.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <climits>
#include <string>
#include <vector>

#include "orm_test.hpp"

namespace {

using minifw::orm::Blob;
using minifw::orm::ColumnRef;
using minifw::orm::Database;
using minifw::orm::from_value;
using minifw::orm::model_info;
using minifw::orm::null;
using minifw::orm::read_row;
using minifw::orm::RowReader;
using minifw::orm::Statement;
using minifw::orm::Value;
using orm_test::Post;
using orm_test::Sample;
using testing::HasSubstr;

const ColumnRef kWhere{"posts", "views"};

// The message of the std::invalid_argument that `read` throws ("" if none).
template <class F>
std::string refusal(F read) {
    try {
        read();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
}

TEST(Mapping, ReadsARowIntoAStructByColumnName) {
    // The columns in another order than the fields, and one extra.
    const std::vector<std::string> columns = {"rating", "title", "extra",
                                              "views",  "id",    "author_id"};
    const RowReader reader(model_info<Post>(), columns);
    EXPECT_EQ(reader.column_of(0), 4U);  // id
    EXPECT_EQ(reader.column_of(1), 1U);  // title

    const std::vector<Value> row = {
        4.5, "Hello", "ignored", std::int64_t{7}, std::int64_t{1}, std::int64_t{3}};
    EXPECT_EQ(read_row<Post>(reader, row), (Post{1, "Hello", 3, 7, 4.5}));
    const std::vector<Value> unrated = {
        null, "Draft", "", std::int64_t{0}, std::int64_t{2}, std::int64_t{3}};
    EXPECT_EQ(read_row<Post>(reader, unrated), (Post{2, "Draft", 3, 0, std::nullopt}));
}

TEST(Mapping, MissingColumnIsAnErrorNamingItAndTheColumnsThereAre) {
    const std::vector<std::string> columns = {"id", "author_id", "views", "rating"};
    const std::string message = refusal([&] { RowReader(model_info<Post>(), columns); });
    EXPECT_THAT(message, HasSubstr("'title'"));
    EXPECT_THAT(message, HasSubstr("posts"));
    EXPECT_THAT(message, HasSubstr("id, author_id, views, rating"));
}

TEST(Mapping, RefusesValuesThatDoNotFitTheField) {
    std::string text;
    std::int64_t integer = 0;
    int small = 0;
    bool flag = false;
    double real = 0;
    Blob bytes;

    const std::string null_text = refusal([&] { from_value(null, text, {"posts", "title"}); });
    EXPECT_THAT(null_text, HasSubstr("'title'"));
    EXPECT_THAT(null_text, HasSubstr("NULL"));
    EXPECT_THAT(null_text, HasSubstr("std::optional"));

    const std::string text_int = refusal([&] { from_value(Value{"12"}, integer, kWhere); });
    EXPECT_THAT(text_int, HasSubstr("'views' of posts holds TEXT"));
    EXPECT_THAT(refusal([&] { from_value(Value{1.5}, integer, kWhere); }), HasSubstr("REAL"));
    EXPECT_THAT(refusal([&] { from_value(Value{std::int64_t{1} << 40}, small, kWhere); }),
                HasSubstr("1099511627776"));
    EXPECT_THAT(refusal([&] { from_value(Value{std::int64_t{2}}, flag, kWhere); }),
                HasSubstr("bool"));
    EXPECT_THAT(refusal([&] { from_value(Value{"x"}, bytes, kWhere); }), HasSubstr("TEXT"));
    EXPECT_THAT(refusal([&] { from_value(Value{Blob{1}}, text, kWhere); }), HasSubstr("BLOB"));

    // What does fit is read.
    from_value(Value{std::int64_t{INT_MIN}}, small, kWhere);
    EXPECT_EQ(small, INT_MIN);
    from_value(Value{std::int64_t{2}}, real, kWhere);
    EXPECT_EQ(real, 2.0);
    from_value(Value{std::int64_t{1}}, flag, kWhere);
    EXPECT_TRUE(flag);
    std::optional<std::string> maybe = "old";
    from_value(null, maybe, kWhere);
    EXPECT_FALSE(maybe.has_value());
}

TEST(Mapping, FieldsGoInAsValuesAndComeBackEqualThroughSqlite) {
    Database db(":memory:");
    db.execute(orm_test::kSchema);
    const std::vector<Sample> samples = {
        {1, -42, true, 0.25, std::string("nul\0inside", 10), Blob{0, 0, 7}, std::nullopt},
        {2, INT_MAX, false, -1e300, "\xc3\xa9t\xc3\xa9", Blob{}, std::int64_t{-1}},
    };
    for (const Sample& sample : samples) {
        Statement insert(db,
                         "INSERT INTO samples (id, small, flag, real, text, bytes, maybe) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)");
        insert.bind_all(minifw::orm::values_of(sample));
        EXPECT_FALSE(insert.step());
    }
    Statement select(db,
                     "SELECT maybe, bytes, text, real, flag, small, id FROM samples ORDER BY id");
    std::vector<std::string> columns;
    for (int i = 0; i < select.column_count(); ++i) {
        columns.push_back(select.column_name(i));
    }
    const RowReader reader(model_info<Sample>(), columns);
    std::vector<Sample> read;
    while (select.step()) {
        std::vector<Value> row;
        for (int i = 0; i < select.column_count(); ++i) {
            row.push_back(select.column(i));
        }
        read.push_back(read_row<Sample>(reader, row));
    }
    EXPECT_EQ(read, samples);
}

}  // namespace
