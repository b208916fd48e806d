// Exercise 02.1: a header map that ignores the case of names, keeps the
// order of fields and every repeat.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "minifw/http/headers.hpp"

namespace {

using minifw::http::has_token;
using minifw::http::Headers;
using minifw::http::iequals;

// The fields in order, as "name: value" lines.
std::string listing(const Headers& headers) {
    std::string out;
    for (const auto& [name, value] : headers) {
        out += name + ": " + value + "\n";
    }
    return out;
}

TEST(Headers, IequalsIgnoresAsciiCaseOnly) {
    EXPECT_TRUE(iequals("Content-Length", "content-length"));
    EXPECT_TRUE(iequals("X-ABC-123", "x-abc-123"));
    EXPECT_TRUE(iequals("", ""));
    EXPECT_FALSE(iequals("Content-Length", "Content-Lengt"));
    EXPECT_FALSE(iequals("Host", "Hosts"));
    // '@' and '`' sit next to 'A' and 'a': a sloppy "| 0x20" maps them too.
    EXPECT_FALSE(iequals("@", "`"));
    EXPECT_FALSE(iequals("[", "{"));
    // Bytes above 127 are not letters: no locale may fold them.
    EXPECT_FALSE(iequals("\xC4", "\xE4"));
}

TEST(Headers, GetIgnoresCaseAndReturnsTheFirstValue) {
    Headers headers;
    headers.add("Content-Type", "text/html");
    headers.add("X-Request-Id", "abc");
    headers.add("x-request-id", "def");
    ASSERT_TRUE(headers.get("content-type").has_value());
    EXPECT_EQ(*headers.get("content-type"), "text/html");
    EXPECT_EQ(*headers.get("CONTENT-TYPE"), "text/html");
    EXPECT_EQ(*headers.get("X-REQUEST-ID"), "abc");
    EXPECT_FALSE(headers.get("Content-Length").has_value());
    EXPECT_FALSE(headers.get("Content-Typ").has_value());
}

TEST(Headers, ContainsAndRemoveIgnoreCase) {
    Headers headers;
    headers.add("Accept", "text/html");
    headers.add("Cookie", "a=1");
    headers.add("ACCEPT", "application/json");
    headers.add("Host", "example.test");
    EXPECT_TRUE(headers.contains("accept"));
    EXPECT_FALSE(headers.contains("Accept-Language"));

    EXPECT_EQ(headers.remove("aCCePT"), 2u);
    EXPECT_FALSE(headers.contains("Accept"));
    EXPECT_EQ(listing(headers), "Cookie: a=1\nHost: example.test\n");
    EXPECT_EQ(headers.remove("Accept"), 0u);
    EXPECT_EQ(headers.size(), 2u);
}

TEST(Headers, KeepsRepeatedFieldsInOrder) {
    Headers headers;
    headers.add("Set-Cookie", "a=1; Path=/");
    headers.add("Vary", "Accept");
    headers.add("set-cookie", "b=2; Expires=Wed, 21 Oct 2015 07:28:00 GMT");
    headers.add("SET-COOKIE", "c=3");
    EXPECT_EQ(headers.size(), 4u);
    const std::vector<std::string_view> cookies = headers.get_all("Set-Cookie");
    ASSERT_EQ(cookies.size(), 3u);
    EXPECT_EQ(cookies[0], "a=1; Path=/");
    EXPECT_EQ(cookies[1], "b=2; Expires=Wed, 21 Oct 2015 07:28:00 GMT");
    EXPECT_EQ(cookies[2], "c=3");
    EXPECT_TRUE(headers.get_all("Content-Type").empty());
    // Names keep the spelling they arrived with.
    EXPECT_EQ(listing(headers),
              "Set-Cookie: a=1; Path=/\nVary: Accept\n"
              "set-cookie: b=2; Expires=Wed, 21 Oct 2015 07:28:00 GMT\nSET-COOKIE: c=3\n");
}

TEST(Headers, SetReplacesEveryMatchAndKeepsThePosition) {
    Headers headers;
    headers.add("Host", "example.test");
    headers.add("Cache-Control", "no-cache");
    headers.add("Accept", "*/*");
    headers.add("cache-control", "max-age=0");
    headers.set("CACHE-CONTROL", "no-store");
    EXPECT_EQ(listing(headers), "Host: example.test\nCACHE-CONTROL: no-store\nAccept: */*\n");

    headers.set("Content-Length", "5");  // absent: appended
    EXPECT_EQ(listing(headers),
              "Host: example.test\nCACHE-CONTROL: no-store\nAccept: */*\nContent-Length: 5\n");
}

TEST(Headers, CombinedJoinsValuesWithCommaSpace) {
    Headers headers;
    headers.add("Accept", "text/html");
    headers.add("Host", "example.test");
    headers.add("accept", "application/json;q=0.9");
    headers.add("ACCEPT", "*/*;q=0.1");
    ASSERT_TRUE(headers.combined("Accept").has_value());
    EXPECT_EQ(*headers.combined("Accept"), "text/html, application/json;q=0.9, */*;q=0.1");
    EXPECT_EQ(*headers.combined("host"), "example.test");
    EXPECT_FALSE(headers.combined("Cookie").has_value());

    Headers empty_value;
    empty_value.add("X-Empty", "");
    ASSERT_TRUE(empty_value.combined("x-empty").has_value());
    EXPECT_EQ(*empty_value.combined("x-empty"), "");
}

TEST(Headers, HasTokenIgnoresCaseAndOptionalWhitespace) {
    EXPECT_TRUE(has_token("keep-alive, Upgrade", "upgrade"));
    EXPECT_TRUE(has_token("keep-alive, Upgrade", "KEEP-ALIVE"));
    EXPECT_TRUE(has_token("close", "close"));
    EXPECT_TRUE(has_token(" \tclose\t ", "close"));
    EXPECT_TRUE(has_token("foo ,  close  ,bar", "close"));
    EXPECT_TRUE(has_token("a,,close", "close"));
    EXPECT_FALSE(has_token("closed", "close"));
    EXPECT_FALSE(has_token("not-close", "close"));
    EXPECT_FALSE(has_token("keep-alive", "keep"));
    EXPECT_FALSE(has_token("", "close"));
    EXPECT_FALSE(has_token("foo, bar", "close"));
}

}  // namespace
