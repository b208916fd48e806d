// Exercise 02.3: driving llhttp. The request line and the header fields,
// from bytes cut anywhere; one request per feed(); take(), idle(), finish().

#include <gtest/gtest.h>

#include <string>

#include "minifw/http/parser.hpp"
#include "minifw/http/status.hpp"
#include "parsing.hpp"

namespace {

using namespace minifw::http;
using namespace minifw::test;

// A request without a body, with the things a head parser gets wrong: a
// query, an empty value, a repeated field in another case, and whitespace
// around a value.
constexpr std::string_view kHead =
    "GET /search?q=split%20me&lang=en HTTP/1.1\r\n"
    "Host: example.test:8080\r\n"
    "User-Agent: minifw-test/1.0\r\n"
    "Accept: text/html, application/json;q=0.9\r\n"
    "X-Empty:\r\n"
    "X-Repeat: one\r\n"
    "x-repeat: \t two \t\r\n"
    "\r\n";

constexpr std::string_view kHeadParsed =
    "GET /search?q=split%20me&lang=en HTTP/1.1\n"
    "Host: example.test:8080\n"
    "User-Agent: minifw-test/1.0\n"
    "Accept: text/html, application/json;q=0.9\n"
    "X-Empty: \n"
    "X-Repeat: one\n"
    "x-repeat: two\n"
    "\n";

TEST(ParserHead, ParsesRequestLineAndFields) {
    const auto requests = parse_whole(kHead);
    ASSERT_EQ(requests.size(), 1u);
    const Request& request = requests[0];
    EXPECT_EQ(request.method, "GET");
    EXPECT_EQ(request.target, "/search?q=split%20me&lang=en");
    EXPECT_EQ(request.path(), "/search");
    EXPECT_EQ(request.query(), "q=split%20me&lang=en");
    EXPECT_EQ(request.version_major, 1);
    EXPECT_EQ(request.version_minor, 1);
    EXPECT_TRUE(request.body.empty());
    EXPECT_EQ(describe(request), kHeadParsed);
}

TEST(ParserHead, ReportsHttp10AndOtherMethods) {
    EXPECT_EQ(describe(parse_whole("DELETE /notes/7 HTTP/1.0\r\nHost: a\r\n\r\n").at(0)),
              "DELETE /notes/7 HTTP/1.0\nHost: a\n\n");
    EXPECT_EQ(describe(parse_whole("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n").at(0)),
              "OPTIONS * HTTP/1.1\nHost: a\n\n");
    // Absolute form, as sent to a proxy (RFC 9112 section 3.2.2).
    EXPECT_EQ(parse_whole("GET http://example.test/a?b HTTP/1.1\r\nHost: a\r\n\r\n").at(0).target,
              "http://example.test/a?b");
}

TEST(ParserHead, SameRequestWhereverTheBytesAreCut) {
    for (std::size_t cut = 0; cut <= kHead.size(); ++cut) {
        const auto requests = parse_cut(kHead, cut);
        ASSERT_EQ(requests.size(), 1u) << "cut at byte " << cut;
        ASSERT_EQ(describe(requests[0]), kHeadParsed) << "cut at byte " << cut;
    }
}

TEST(ParserHead, SameRequestFedOneByteAtATime) {
    const auto requests = parse_bytewise(kHead);
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(describe(requests[0]), kHeadParsed);
}

TEST(ParserHead, NotReadyUntilTheBlankLine) {
    RequestParser parser;
    const std::string_view partial = kHead.substr(0, kHead.size() - 2);
    EXPECT_EQ(parser.feed(partial), partial.size());
    EXPECT_FALSE(parser.request_ready());
    EXPECT_THROW(parser.take(), std::logic_error);
    EXPECT_EQ(parser.feed("\r\n"), 2u);
    ASSERT_TRUE(parser.request_ready());
    EXPECT_EQ(describe(parser.take()), kHeadParsed);
    EXPECT_FALSE(parser.request_ready());
}

TEST(ParserHead, FeedStopsAtTheEndOfOneRequest) {
    RequestParser parser;
    const std::string first = "GET /first HTTP/1.1\r\nHost: a\r\n\r\n";
    const std::string wire = first + "GET /second HTTP/1.1\r\nHost: a\r\n\r\n";
    EXPECT_EQ(parser.feed(wire), first.size());
    ASSERT_TRUE(parser.request_ready());
    // While a request waits to be taken, nothing more is parsed.
    EXPECT_EQ(parser.feed(std::string_view(wire).substr(first.size())), 0u);
    EXPECT_EQ(parser.take().target, "/first");
}

TEST(ParserHead, IdleOnlyBetweenRequests) {
    RequestParser parser;
    EXPECT_TRUE(parser.idle());
    // Empty lines before a request are ignored (RFC 9112 section 2.2).
    EXPECT_EQ(parser.feed("\r\n"), 2u);
    EXPECT_TRUE(parser.idle());
    EXPECT_EQ(parser.feed("G"), 1u);
    EXPECT_FALSE(parser.idle());
    EXPECT_EQ(parser.feed("ET / HTTP/1.1\r\nHost: a\r\n"), 24u);
    EXPECT_FALSE(parser.idle());
    EXPECT_EQ(parser.feed("\r\n"), 2u);
    ASSERT_TRUE(parser.request_ready());
    EXPECT_EQ(parser.take().target, "/");
    EXPECT_TRUE(parser.idle());
}

TEST(ParserHead, FinishBetweenRequestsIsClean) {
    RequestParser parser;
    EXPECT_NO_THROW(parser.finish());
    RequestParser after_one;
    after_one.feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    ASSERT_TRUE(after_one.request_ready());
    after_one.take();
    EXPECT_NO_THROW(after_one.finish());
}

TEST(ParserHead, FinishInTheMiddleOfAHeadIs400) {
    for (std::string_view partial : {"G", "GET /index.html HT", "GET / HTTP/1.1\r\nHost: a\r\n"}) {
        RequestParser parser;
        EXPECT_EQ(parser.feed(partial), partial.size());
        try {
            parser.finish();
            ADD_FAILURE() << "finish() after \"" << partial << "\" did not throw";
        } catch (const HttpError& e) {
            EXPECT_EQ(e.status(), 400) << "after \"" << partial << "\"";
        }
    }
}

}  // namespace
