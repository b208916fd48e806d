// Exercises 06.1 (the field checks) and 06.2 (bodies and responses): JSON by
// descriptors. The tests of 06.1 read parsed documents with from_json, so they
// need nothing of 06.2; those of 06.2 read bodies through the context.

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "minifw/http/context.hpp"
#include "minifw/views/json.hpp"
#include "views_test.hpp"

namespace {

namespace json = boost::json;
using minifw::http::Context;
using minifw::http::Request;
using minifw::test::json_value;
using minifw::test::make_request;
using minifw::test::problem_of;
using minifw::views::Problem;
using minifw::views::read_json;

struct Author {
    std::string name;
    std::uint8_t age = 0;
    std::optional<std::string> email;
};
BOOST_DESCRIBE_STRUCT(Author, (), (name, age, email))

struct Book {
    std::string title;
    Author author;
    std::vector<std::string> tags;
    double price = 0;
    bool in_print = false;
    std::int32_t pages = 0;
};
BOOST_DESCRIBE_STRUCT(Book, (), (title, author, tags, price, in_print, pages))

Request json_request(std::string body) {
    return make_request("POST", "/books", {{"Content-Type", "application/json"}}, std::move(body));
}

// The problem read_json<Book> throws for `body`.
Problem book_problem(const std::string& body) {
    Request request = json_request(body);
    return problem_of([&] {
        Context context(request);
        read_json<Book>(context);
    });
}

// The problem from_json<Book> throws for the JSON text `document` (06.1:
// no request, no body reader).
Problem field_problem(const std::string& document) {
    return problem_of([&] { minifw::views::from_json<Book>(json::parse(document)); });
}

// The one entry of the "errors" extension, as {pointer, detail}.
std::pair<std::string, std::string> field_of(const Problem& problem) {
    const json::value* errors = problem.extensions.if_contains("errors");
    if (errors == nullptr || !errors->is_array() || errors->as_array().size() != 1 ||
        !errors->as_array()[0].is_object()) {
        ADD_FAILURE() << "expected an \"errors\" extension with one object, got "
                      << json::serialize(problem.extensions);
        return {};
    }
    const json::object& error = errors->as_array()[0].as_object();
    const auto text = [&](const char* key) {
        const json::value* v = error.if_contains(key);
        return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string("?");
    };
    return {text("pointer"), text("detail")};
}

const char* kGoodBook = R"({"title": "Dune", "author": {"name": "Frank", "age": 60},
                            "tags": ["sf", "desert"], "price": 9.5, "in_print": true,
                            "pages": 412})";

TEST(Json, DescribedStructBecomesAJsonResponse) {
    Book book{"Dune", {"Frank", 60, std::nullopt}, {"sf", "desert"}, 9.5, true, 412};

    auto response = minifw::views::json_response(book, 201);

    EXPECT_EQ(response.status, 201);
    EXPECT_EQ(response.headers.get("Content-Type").value_or(""), "application/json");
    EXPECT_EQ(json::parse(response.body),
              json_value(R"({"title": "Dune", "author": {"name": "Frank", "age": 60, "email": null},
                       "tags": ["sf", "desert"], "price": 9.5, "in_print": true,
                       "pages": 412})"));

    auto list = minifw::views::json_response(std::vector<Author>{{"A", 1, "a@example.org"}});
    EXPECT_EQ(list.status, 200);
    EXPECT_EQ(json::parse(list.body),
              json_value(R"([{"name": "A", "age": 1, "email": "a@example.org"}])"));
}

TEST(Json, ReadsNestedStructsVectorsAndOptionalsThroughTheContext) {
    Request request = make_request("POST", "/books", {{"Content-Type", "application/json"}});
    bool body_read = false;
    Context context(request, [&](std::size_t) {
        request.body = kGoodBook;  // arrives only when the handler asks for it
        body_read = true;
    });

    const Book book = read_json<Book>(context);

    EXPECT_TRUE(body_read) << "read_json must read the body through context.read_body()";
    EXPECT_EQ(book.title, "Dune");
    EXPECT_EQ(book.author.name, "Frank");
    EXPECT_EQ(book.author.age, 60);
    EXPECT_EQ(book.author.email, std::nullopt) << "a missing optional field is nullopt";
    EXPECT_EQ(book.tags, (std::vector<std::string>{"sf", "desert"}));
    EXPECT_DOUBLE_EQ(book.price, 9.5);
    EXPECT_TRUE(book.in_print);
    EXPECT_EQ(book.pages, 412);

    Request with_null = json_request(R"({"name": "B", "age": 7.0, "email": null})");
    Context second(with_null);
    const Author author = read_json<Author>(second);
    EXPECT_EQ(author.age, 7) << "7.0 is a whole number";
    EXPECT_EQ(author.email, std::nullopt) << "null is nullopt";

    Request charset =
        make_request("POST", "/", {{"Content-Type", "Application/JSON; charset=utf-8"}},
                     R"({"name": "C", "age": 1})");
    Context third(charset);
    EXPECT_EQ(read_json<Author>(third).name, "C")
        << "media type names ignore case; charset is fine";
}

TEST(Json, MalformedBodyIsA400NamingLineAndColumn) {
    const Problem problem = book_problem("{\"title\": \"Dune\",\n  \"pages\": }");
    EXPECT_EQ(problem.status, 400);
    EXPECT_EQ(problem.title, "Bad Request");
    EXPECT_CONTAINS(problem.detail, "line 2, column 12");

    EXPECT_EQ(book_problem("").status, 400) << "an empty body is not JSON";
    EXPECT_EQ(book_problem(std::string(kGoodBook) + " trailing").status, 400)
        << "text after the JSON value is not JSON either";
}

TEST(Json, NonJsonContentTypeIsA415) {
    Request form = make_request(
        "POST", "/books", {{"Content-Type", "application/x-www-form-urlencoded"}}, "title=Dune");
    const Problem problem = problem_of([&] {
        Context context(form);
        read_json<Book>(context);
    });
    EXPECT_EQ(problem.status, 415);
    EXPECT_CONTAINS(problem.detail, "application/json");
    EXPECT_CONTAINS(problem.detail, "application/x-www-form-urlencoded");

    Request problem_json =
        make_request("POST", "/", {{"Content-Type", "application/merge-patch+json"}},
                     R"({"name": "D", "age": 2})");
    Context context(problem_json);
    EXPECT_EQ(read_json<Author>(context).name, "D") << "a +json type is JSON (RFC 6839)";
}

TEST(Json, MissingFieldIsA422NamingItsPointer) {
    const Problem problem = field_problem(R"({"title": "Dune", "author": {"name": "Frank"},
        "tags": [], "price": 1, "in_print": false, "pages": 1})");
    EXPECT_EQ(problem.status, 422);
    EXPECT_EQ(problem.title, "Unprocessable Content");
    EXPECT_EQ(problem.detail, "/author/age: required, but missing");
    EXPECT_EQ(field_of(problem),
              std::make_pair(std::string("/author/age"), std::string("required, but missing")));
}

TEST(Json, WrongTypeNamesPointerExpectedAndGot) {
    Problem problem = field_problem(R"({"title": "Dune", "author": {"name": "Frank", "age": 60},
        "tags": ["sf", 7], "price": 1, "in_print": false, "pages": 1})");
    EXPECT_EQ(problem.status, 422);
    EXPECT_EQ(problem.detail, "/tags/1: expected a string, got an integer");

    problem = field_problem(R"({"title": "Dune", "author": "Frank", "tags": [], "price": 1,
        "in_print": false, "pages": 1})");
    EXPECT_EQ(problem.detail, "/author: expected an object, got a string");

    problem = field_problem(R"({"title": "Dune", "author": {"name": "F", "age": 1}, "tags": [],
        "price": "cheap", "in_print": "yes", "pages": 1})");
    EXPECT_EQ(problem.detail, "/price: expected a number, got a string");

    problem = field_problem(R"([1, 2])");
    EXPECT_EQ(problem.detail, "the document: expected an object, got an array");
    EXPECT_EQ(field_of(problem).first, "") << "the root's pointer is the empty string";
}

TEST(Json, IntegersOutOfRangeOrFractionalAreRefused) {
    const auto author = [](const std::string& age) {
        const std::string document = R"({"name": "F", "age": )" + age + "}";
        return problem_of([&] { minifw::views::from_json<Author>(json::parse(document)); });
    };
    EXPECT_EQ(author("256").detail, "/age: out of range: 256 is not between 0 and 255");
    EXPECT_EQ(author("-1").detail, "/age: out of range: -1 is not between 0 and 255");
    EXPECT_EQ(author("1.5").detail, "/age: expected an integer, got a number");
    EXPECT_EQ(author("true").detail, "/age: expected an integer, got a boolean");
    EXPECT_EQ(author("18446744073709551615").status, 422);

    Problem pages = field_problem(R"({"title": "D", "author": {"name": "F", "age": 1}, "tags": [],
        "price": 1, "in_print": true, "pages": 3000000000})");
    EXPECT_EQ(pages.detail,
              "/pages: out of range: 3000000000 is not between -2147483648 and 2147483647");
}

TEST(Json, UnknownFieldIsRefusedWithAnEscapedPointer) {
    Problem problem = field_problem(R"({"title": "Dune", "author": {"name": "F", "age": 1,
        "nickname": "x"}, "tags": [], "price": 1, "in_print": true, "pages": 1})");
    EXPECT_EQ(problem.status, 422);
    EXPECT_EQ(problem.detail, "/author/nickname: unknown field");

    problem = field_problem(R"({"title": "Dune", "a/b~c": 1})");
    EXPECT_EQ(problem.detail, "/a~1b~0c: unknown field") << "RFC 6901: '/' is ~1 and '~' is ~0";
    EXPECT_EQ(field_of(problem).first, "/a~1b~0c");
}

}  // namespace
