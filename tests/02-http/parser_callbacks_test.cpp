// Exercise 02.2: the head, callback by callback. These tests drive llhttp
// themselves, on the parser's state (parser_state.hpp), so that the
// callbacks can be checked before feed() (exercise 02.3) exists.

#include <gtest/gtest.h>
#include <llhttp.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "minifw/http/parser.hpp"
#include "parser_state.hpp"
#include "parsing.hpp"

namespace {

using minifw::http::ParserLimits;
using minifw::http::RequestParser;
using minifw::test::describe;
using Impl = RequestParser::Impl;

constexpr std::string_view kHead =
    "GET /search?q=split%20me HTTP/1.1\r\n"
    "Host: example.test:8080\r\n"
    "X-Empty:\r\n"
    "X-Repeat: one\r\n"
    "x-repeat: \t two \t\r\n"
    "\r\n";

constexpr std::string_view kHeadParsed =
    "GET /search?q=split%20me HTTP/1.1\n"
    "Host: example.test:8080\n"
    "X-Empty: \n"
    "X-Repeat: one\n"
    "x-repeat: two\n"
    "\n";

// Hands `bytes` to llhttp as feed() would, and returns what llhttp said.
llhttp_errno_t execute(Impl& impl, std::string_view bytes) {
    return llhttp_execute(&impl.parser, bytes.data(), bytes.size());
}

TEST(ParserCallbacks, CollectTheRequestLineAndTheFields) {
    Impl impl{ParserLimits{}};
    ASSERT_EQ(impl.parser.data, static_cast<void*>(&impl))
        << "llhttp's data pointer leads back to the Impl";

    EXPECT_EQ(execute(impl, kHead), HPE_PAUSED)
        << "on_message_complete pauses llhttp after one request";
    EXPECT_TRUE(impl.ready);
    EXPECT_FALSE(impl.in_message);
    EXPECT_EQ(impl.version, "1.1");
    EXPECT_EQ(impl.request.version_major, 1);
    EXPECT_EQ(impl.request.version_minor, 1);
    EXPECT_EQ(describe(impl.request), kHeadParsed);
    EXPECT_EQ(impl.field_count, 4u);
    EXPECT_EQ(llhttp_get_error_pos(&impl.parser), kHead.data() + kHead.size())
        << "paused right after the blank line";
}

TEST(ParserCallbacks, AppendPiecesWhereverTheBytesAreCut) {
    for (std::size_t cut = 1; cut < kHead.size(); ++cut) {
        Impl impl{ParserLimits{}};
        ASSERT_EQ(execute(impl, kHead.substr(0, cut)), HPE_OK) << "cut at byte " << cut;
        EXPECT_FALSE(impl.ready) << "cut at byte " << cut;
        EXPECT_TRUE(impl.in_message) << "cut at byte " << cut;
        ASSERT_EQ(execute(impl, kHead.substr(cut)), HPE_PAUSED) << "cut at byte " << cut;
        EXPECT_EQ(describe(impl.request), kHeadParsed) << "cut at byte " << cut;
    }
    Impl bytewise{ParserLimits{}};
    for (std::size_t i = 0; i + 1 < kHead.size(); ++i) {
        ASSERT_EQ(execute(bytewise, kHead.substr(i, 1)), HPE_OK) << "byte " << i;
    }
    ASSERT_EQ(execute(bytewise, kHead.substr(kHead.size() - 1)), HPE_PAUSED);
    EXPECT_EQ(describe(bytewise.request), kHeadParsed);
}

TEST(ParserCallbacks, MessageBeginForgetsThePreviousRequest) {
    ParserLimits limits;
    limits.max_body = 1234;
    Impl impl{limits};
    impl.request.method = "OLD";
    impl.request.headers.add("Old", "1");
    impl.field_name = "Half";
    impl.field_value = "done";
    impl.version = "1.0";
    impl.field_count = 7;
    impl.field_bytes = 99;
    impl.body_limit = 5;
    impl.in_trailers = true;

    EXPECT_EQ(impl.on_message_begin(), 0);
    EXPECT_EQ(describe(impl.request), describe(minifw::http::Request{}));
    EXPECT_TRUE(impl.field_name.empty());
    EXPECT_TRUE(impl.field_value.empty());
    EXPECT_TRUE(impl.version.empty());
    EXPECT_EQ(impl.field_count, 0u);
    EXPECT_EQ(impl.field_bytes, 0u);
    EXPECT_EQ(impl.body_limit, 1234u) << "back to limits.max_body";
    EXPECT_TRUE(impl.in_message);
    EXPECT_FALSE(impl.in_trailers);
}

TEST(ParserCallbacks, PauseAfterTheHeadOnlyWhenAsked) {
    constexpr std::string_view kTwo =
        "GET /one HTTP/1.1\r\nHost: a\r\n\r\nGET /two HTTP/1.1\r\nHost: a\r\n\r\n";
    const std::size_t first = kTwo.find("GET /two");

    Impl plain{ParserLimits{}};
    EXPECT_EQ(execute(plain, kTwo), HPE_PAUSED);
    EXPECT_FALSE(plain.at_head) << "no pause at heads unless stop_at_heads is set";
    EXPECT_TRUE(plain.ready);
    EXPECT_EQ(llhttp_get_error_pos(&plain.parser), kTwo.data() + first)
        << "the second request stays unparsed";
    EXPECT_EQ(plain.request.target, "/one");

    Impl heads{ParserLimits{}};
    heads.stop_at_heads = true;
    EXPECT_EQ(execute(heads, kTwo), HPE_PAUSED);
    EXPECT_TRUE(heads.at_head);
    EXPECT_FALSE(heads.ready) << "paused at the head, before the request completed";
    EXPECT_TRUE(heads.in_trailers) << "fields after the head would be trailers";
    EXPECT_EQ(heads.request.target, "/one");
    EXPECT_EQ(heads.request.headers.get("Host"), "a");
}

TEST(ParserCallbacks, CountFieldBytesAsTheyArrive) {
    constexpr std::string_view kSmall = "GET / HTTP/1.1\r\nHost: ab\r\nX-Y: 123\r\n\r\n";
    Impl impl{ParserLimits{}};
    EXPECT_EQ(execute(impl, kSmall), HPE_PAUSED);
    EXPECT_EQ(impl.field_bytes, std::string_view("Hostab"
                                                 "X-Y123")
                                    .size())
        << "names and values, without the colons, spaces and line ends";
    EXPECT_EQ(impl.field_count, 2u);
}

}  // namespace
