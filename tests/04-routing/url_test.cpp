// Exercise 04.1: percent-decoding, path segments, query strings, encoding.

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "minifw/http/status.hpp"
#include "minifw/routing/url.hpp"
#include "minifw_test/bytes.hpp"
#include "routing_test.hpp"

namespace {

using minifw::routing::parse_query;
using minifw::routing::percent_encode;
using minifw::routing::split_path;
using minifw::test::describe;
using minifw::test::escape_bytes;

// Passes when `call` throws HttpError with status 400. Any other exception
// (an unfinished exercise included) escapes and fails the test.
template <class Call>
::testing::AssertionResult rejected_with_400(Call&& call, std::string_view input) {
    try {
        call();
    } catch (const minifw::http::HttpError& error) {
        if (error.status() == 400) {
            return ::testing::AssertionSuccess();
        }
        return ::testing::AssertionFailure() << "\"" << escape_bytes(input) << "\" gave status "
                                             << error.status() << ", expected 400";
    }
    return ::testing::AssertionFailure()
           << "\"" << escape_bytes(input) << "\" was accepted; expected HttpError(400)";
}

// The one segment of "/" + `text`: what split_path decodes `text` to.
std::string decoded_segment(std::string_view text) {
    auto segments = split_path("/" + std::string(text));
    return segments.size() == 1 ? segments.front() : "<" + std::to_string(segments.size()) + ">";
}

TEST(Url, DecodesEscapesWithHexDigitsOfEitherCase) {
    EXPECT_BYTES_EQ("Aj/", decoded_segment("%41%6a%2f"));
    EXPECT_BYTES_EQ("Aj/", decoded_segment("%41%6A%2F"));
    EXPECT_BYTES_EQ("caf\xC3\xA9 au lait", decoded_segment("caf%C3%A9%20au%20lait"));
    EXPECT_BYTES_EQ("\xF0\x9F\x98\x80", decoded_segment("%F0%9F%98%80"));
    EXPECT_BYTES_EQ("100%", decoded_segment("100%25"));
    // '+' is a space only in a query string, never in a path.
    EXPECT_BYTES_EQ("a+b", decoded_segment("a+b"));
    EXPECT_BYTES_EQ("plain-text_1.0~", decoded_segment("plain-text_1.0~"));
    EXPECT_EQ("q=100%;", describe(parse_query("q=100%25")));
}

TEST(Url, RejectsTruncatedOrNonHexEscapesWith400) {
    for (std::string_view bad : {"%", "%4", "abc%", "abc%4", "%zz", "%g1", "%1g", "%%41", "a%-1"}) {
        EXPECT_TRUE(rejected_with_400([&] { split_path("/" + std::string(bad)); }, bad));
        EXPECT_TRUE(rejected_with_400([&] { parse_query("k=" + std::string(bad)); }, bad));
    }
}

TEST(Url, RejectsNulAndOverlongOrInvalidUtf8With400) {
    for (std::string_view bad : {
             "%00", "a%00b",   // NUL: C APIs and file names would stop there
             "%C0%AF",         // overlong '/', the classic traversal trick
             "%E0%80%AF",      // overlong '/' in three bytes
             "%F0%80%80%AF",   // and in four
             "%C1%81",         // overlong 'A'
             "%ED%A0%80",      // a UTF-16 surrogate
             "%F4%90%80%80",   // past U+10FFFF
             "%FF", "%80",     // bytes that never start a character
             "%C3", "%E2%82",  // a character cut short
             "%C3%28",         // a lead byte followed by ASCII
         }) {
        EXPECT_TRUE(rejected_with_400([&] { split_path("/" + std::string(bad)); }, bad));
        EXPECT_TRUE(rejected_with_400([&] { parse_query(std::string(bad) + "=v"); }, bad));
    }
    // The largest code point and the last ones before each forbidden range pass.
    EXPECT_BYTES_EQ("\xF4\x8F\xBF\xBF", decoded_segment("%F4%8F%BF%BF"));
    EXPECT_BYTES_EQ("\xED\x9F\xBF", decoded_segment("%ED%9F%BF"));
    EXPECT_BYTES_EQ("\xE0\xA0\x80", decoded_segment("%E0%A0%80"));
}

TEST(Url, SplitsOnSlashBeforeDecodingSoAnEncodedSlashStaysInItsSegment) {
    using Segments = std::vector<std::string>;
    EXPECT_EQ((Segments{"files", "a/b", "c"}), split_path("/files/a%2Fb/c"));
    EXPECT_EQ((Segments{"files", "a/b", "c"}), split_path("/files/a%2fb/c"));
    EXPECT_EQ((Segments{"users", "J\xC3\xBCrgen"}), split_path("/users/J%C3%BCrgen"));
    EXPECT_EQ(Segments{}, split_path("/"));
    EXPECT_EQ((Segments{"a", ""}), split_path("/a/"));
    EXPECT_EQ((Segments{"a", "", "b"}), split_path("/a//b"));
    EXPECT_EQ((Segments{"a+b c"}), split_path("/a+b%20c"));
    for (std::string_view bad : {"", "users/1", "/ok/%zz", "/ok/%00/x", "/%C0%AF"}) {
        EXPECT_TRUE(rejected_with_400([&] { split_path(bad); }, bad));
    }
}

TEST(Url, QueryKeepsRepeatedKeysInOrder) {
    auto query = parse_query("tag=red&page=2&tag=green&tag=blue");
    EXPECT_EQ("tag=red;page=2;tag=green;tag=blue;", describe(query));
    auto tags = query.get_all("tag");
    ASSERT_EQ(3u, tags.size());
    EXPECT_EQ("red", tags[0]);
    EXPECT_EQ("green", tags[1]);
    EXPECT_EQ("blue", tags[2]);
    EXPECT_EQ("red", query.get("tag"));
    EXPECT_EQ("2", query.get("page"));
    EXPECT_TRUE(parse_query("").empty());
}

TEST(Url, QueryReadsPlusAsSpaceAndKeepsEmptyValues) {
    EXPECT_EQ("q=a b+c;", describe(parse_query("q=a+b%2Bc")));
    EXPECT_EQ("flag=;empty=;=v;x=1=2;", describe(parse_query("flag&&empty=&=v&x=1=2&")));
    EXPECT_EQ("na me=caf\xC3\xA9;", describe(parse_query("na+me=caf%C3%A9")));
    for (std::string_view bad : {"a=%zz", "a%2=1", "a=%00", "b=1&a=%C0%AF"}) {
        EXPECT_TRUE(rejected_with_400([&] { parse_query(bad); }, bad));
    }
}

TEST(Url, EncodeKeepsOnlyUnreservedBytesAndRoundTrips) {
    const std::string unreserved =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    EXPECT_BYTES_EQ(unreserved, percent_encode(unreserved));
    EXPECT_BYTES_EQ("a%20b%2Fc%3Fd%26e%3Df%23%25%2B%C3%A9",
                    percent_encode("a b/c?d&e=f#%+\xC3\xA9"));

    std::string every_ascii;
    for (int c = 1; c < 128; ++c) {
        every_ascii += static_cast<char>(c);
    }
    every_ascii += "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
    std::string encoded = percent_encode(every_ascii);
    EXPECT_EQ(std::string::npos, encoded.find_first_not_of(unreserved + "%"))
        << escape_bytes(encoded);
    EXPECT_BYTES_EQ(every_ascii, decoded_segment(encoded));
}

}  // namespace
