// Exercise 02.4: bodies by Content-Length and by chunked coding, and
// pipelined requests handed out one by one.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "minifw/http/parser.hpp"
#include "minifw/http/status.hpp"
#include "parsing.hpp"

namespace {

using namespace minifw::http;
using namespace minifw::test;

// A chunked upload with a chunk extension (with and without a value), an
// upper-case hex size, and two trailer fields.
constexpr std::string_view kChunked =
    "POST /upload?id=7 HTTP/1.1\r\n"
    "Host: example.test\r\n"
    "Transfer-Encoding: chunked\r\n"
    "Content-Type: text/plain\r\n"
    "\r\n"
    "5;name=value\r\n"
    "hello\r\n"
    "7;last-modified\r\n"
    ", world\r\n"
    "1A\r\n"
    ": twenty-six bytes of body\r\n"
    "0\r\n"
    "Checksum: 9f86d081\r\n"
    "X-Trailer: yes\r\n"
    "\r\n";

// Trailers are not merged into the header fields (RFC 9110 section 6.5.1).
constexpr std::string_view kChunkedParsed =
    "POST /upload?id=7 HTTP/1.1\n"
    "Host: example.test\n"
    "Transfer-Encoding: chunked\n"
    "Content-Type: text/plain\n"
    "\n"
    "hello, world: twenty-six bytes of body";

TEST(ParserBody, ReadsAContentLengthBody) {
    const std::string wire =
        "POST /notes HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n\r\nhello\r\nworld";
    const auto requests = parse_whole(wire);
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].body, "hello\r\nworld");
    EXPECT_EQ(describe(requests[0]),
              "POST /notes HTTP/1.1\nHost: a\nContent-Length: 12\n\nhello\r\nworld");
}

TEST(ParserBody, NotReadyUntilTheLastBodyByte) {
    RequestParser parser;
    const std::string head = "PUT /f HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\n\r\n";
    EXPECT_EQ(parser.feed(head), head.size());
    EXPECT_FALSE(parser.request_ready());
    EXPECT_EQ(parser.feed("abc"), 3u);
    EXPECT_FALSE(parser.request_ready());
    EXPECT_FALSE(parser.idle());
    EXPECT_EQ(parser.feed("defGET"), 3u);  // "GET" belongs to the next request
    ASSERT_TRUE(parser.request_ready());
    EXPECT_EQ(parser.take().body, "abcdef");
}

TEST(ParserBody, DecodesChunkedBodyWithExtensionsAndTrailers) {
    const auto requests = parse_whole(kChunked);
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(describe(requests[0]), kChunkedParsed);
    EXPECT_FALSE(requests[0].headers.contains("Checksum"));
}

TEST(ParserBody, EmptyBodies) {
    const auto requests = parse_whole(
        "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n"
        "POST /b HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(describe(requests[0]), "POST /a HTTP/1.1\nHost: a\nContent-Length: 0\n\n");
    EXPECT_EQ(describe(requests[1]), "POST /b HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n");
}

TEST(ParserBody, SameChunkedRequestWhereverTheBytesAreCut) {
    for (std::size_t cut = 0; cut <= kChunked.size(); ++cut) {
        const auto requests = parse_cut(kChunked, cut);
        ASSERT_EQ(requests.size(), 1u) << "cut at byte " << cut;
        ASSERT_EQ(describe(requests[0]), kChunkedParsed) << "cut at byte " << cut;
    }
}

TEST(ParserBody, SameChunkedRequestFedOneByteAtATime) {
    const auto requests = parse_bytewise(kChunked);
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(describe(requests[0]), kChunkedParsed);
}

TEST(ParserBody, HandsOutThreePipelinedRequestsOneByOne) {
    const std::string first = "GET /first HTTP/1.1\r\nHost: a\r\n\r\n";
    const std::string second = "POST /second HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc";
    const std::string third(kChunked);
    const std::string wire = first + second + third;

    RequestParser parser;
    std::string_view rest = wire;
    std::vector<std::string> seen;
    for (std::size_t expected : {first.size(), second.size(), third.size()}) {
        ASSERT_FALSE(parser.request_ready());
        const std::size_t used = parser.feed(rest);
        EXPECT_EQ(used, expected) << "feed() must stop right after request " << seen.size() + 1;
        ASSERT_TRUE(parser.request_ready());
        seen.push_back(describe(parser.take()));
        rest.remove_prefix(used);
        EXPECT_TRUE(parser.idle());
    }
    EXPECT_TRUE(rest.empty());
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen[0], "GET /first HTTP/1.1\nHost: a\n\n");
    EXPECT_EQ(seen[1], "POST /second HTTP/1.1\nHost: a\nContent-Length: 3\n\nabc");
    EXPECT_EQ(seen[2], kChunkedParsed);
}

TEST(ParserBody, PipelinedRequestsSurviveAnyCut) {
    const std::string wire = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n" + std::string(kChunked) +
                             "POST /3 HTTP/1.0\r\nContent-Length: 2\r\n\r\nok";
    const std::vector<std::string> expected = {"GET /1 HTTP/1.1\nHost: a\n\n",
                                               std::string(kChunkedParsed),
                                               "POST /3 HTTP/1.0\nContent-Length: 2\n\nok"};
    for (std::size_t cut = 0; cut <= wire.size(); ++cut) {
        ASSERT_EQ(describe_all(parse_cut(wire, cut)), expected) << "cut at byte " << cut;
    }
    EXPECT_EQ(describe_all(parse_bytewise(wire)), expected);
}

TEST(ParserBody, GoesOnAfterCloseUpgradeAndConnect) {
    // Whether to go on is the connection loop's decision, not the parser's;
    // and this server answers Upgrade and CONNECT as plain HTTP requests.
    const auto requests = parse_whole(
        "GET /a HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
        "GET /b HTTP/1.0\r\n\r\n"
        "GET /chat HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"
        "CONNECT example.test:443 HTTP/1.1\r\nHost: a\r\n\r\n"
        "GET /last HTTP/1.1\r\nHost: a\r\n\r\n");
    std::vector<std::string> targets;
    for (const auto& request : requests) {
        targets.push_back(request.target);
    }
    EXPECT_EQ(targets,
              (std::vector<std::string>{"/a", "/b", "/chat", "example.test:443", "/last"}));
}

TEST(ParserBody, ConnectWithABodyIs400) {
    // llhttp reads no body after CONNECT (RFC 9110 9.3.6): these bytes would
    // become a second request that a proxy in front took for a body.
    EXPECT_EQ(refusal_status("CONNECT a:443 HTTP/1.1\r\nHost: a\r\nContent-Length: 26\r\n\r\n"
                             "GET /admin HTTP/1.1\r\nHost: a\r\n\r\n"),
              400);
    EXPECT_EQ(refusal_status("CONNECT a:443 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked"
                             "\r\n\r\n0\r\n\r\n"),
              400);
    EXPECT_EQ(refusal_status("CONNECT a:443 HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n"), 0);
}

TEST(ParserBody, FinishInsideABodyIs400) {
    for (std::string_view partial :
         {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nhello",
          "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
          "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"}) {
        RequestParser parser;
        EXPECT_EQ(parser.feed(partial), partial.size());
        EXPECT_FALSE(parser.request_ready());
        try {
            parser.finish();
            ADD_FAILURE() << "finish() did not throw after \"" << partial << "\"";
        } catch (const HttpError& e) {
            EXPECT_EQ(e.status(), 400);
        }
    }
}

// A server that decides about a body before reading it: the parser stops
// after the head, and goes on only when told, with the limit it is told.
TEST(ParserBody, ContinueBodyGoesOnFromTheHead) {
    constexpr std::string_view wire =
        "POST /notes HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
        "GET /next HTTP/1.1\r\nHost: a\r\n\r\n";
    RequestParser parser;
    parser.stop_after_heads();
    std::size_t used = parser.feed(wire);
    ASSERT_TRUE(parser.head_ready());
    EXPECT_FALSE(parser.request_ready());
    EXPECT_EQ(used, wire.find("hello")) << "the head, and not a byte of the body";
    EXPECT_EQ(parser.head().target, "/notes");
    EXPECT_EQ(parser.head().body, "");
    EXPECT_EQ(parser.feed(wire.substr(used)), 0u) << "nothing more until continue_body()";

    parser.continue_body(100);
    used += parser.feed(wire.substr(used));
    ASSERT_TRUE(parser.request_ready());
    EXPECT_EQ(parser.take().body, "hello");

    // A request without a body stops after its head too.
    used += parser.feed(wire.substr(used));
    ASSERT_TRUE(parser.head_ready());
    EXPECT_EQ(parser.head().target, "/next");
    parser.continue_body(100);
    parser.feed(wire.substr(used));
    ASSERT_TRUE(parser.request_ready());
    EXPECT_EQ(parser.take().target, "/next");
}

TEST(ParserBody, ContinueBodyRefusesPastItsLimit) {
    // A declared length over the limit: refused before any body byte.
    RequestParser declared;
    declared.stop_after_heads();
    declared.feed("PUT /f HTTP/1.1\r\nHost: a\r\nContent-Length: 50\r\n\r\n");
    ASSERT_TRUE(declared.head_ready());
    try {
        declared.continue_body(10);
        FAIL() << "a Content-Length of 50 passed a limit of 10";
    } catch (const HttpError& error) {
        EXPECT_EQ(error.status(), 413);
        EXPECT_NE(std::string(error.what()).find("10"), std::string::npos) << error.what();
    }

    // A chunked body: refused as soon as it grows past the limit.
    RequestParser chunked;
    chunked.stop_after_heads();
    const std::string_view head =
        "PUT /f HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
    chunked.feed(head);
    ASSERT_TRUE(chunked.head_ready());
    chunked.continue_body(10);
    try {
        chunked.feed("8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n");
        FAIL() << "16 chunked bytes passed a limit of 10";
    } catch (const HttpError& error) {
        EXPECT_EQ(error.status(), 413);
    }
    EXPECT_THROW(RequestParser().continue_body(10), std::logic_error) << "no head is waiting";
}

}  // namespace
