// Exercise 05.5: resolving a path safely.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "middleware_test.hpp"
#include "minifw/middleware/safe_path.hpp"

namespace {

using minifw::middleware::open_below;
using minifw::middleware::OpenStatus;
using minifw::middleware::parse_url_path;
using minifw::middleware::PathStatus;
using minifw::test::DirFd;
using minifw::test::TempDir;
using Segments = std::vector<std::string>;

const char* name(PathStatus status) {
    switch (status) {
        case PathStatus::ok:
            return "ok";
        case PathStatus::malformed:
            return "malformed";
        case PathStatus::forbidden:
            return "forbidden";
    }
    return "?";
}

const char* name(OpenStatus status) {
    switch (status) {
        case OpenStatus::opened:
            return "opened";
        case OpenStatus::not_found:
            return "not_found";
        case OpenStatus::forbidden:
            return "forbidden";
    }
    return "?";
}

std::string read_all(int fd) {
    std::string out;
    char buf[256];
    for (int i = 0; i < 100; ++i) {  // bounded: the test files are tiny
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) {
            break;
        }
        out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
}

TEST(SafePath, SplitsFirstThenDecodesEachSegment) {
    auto path = parse_url_path("/css/site%20v2.css");
    EXPECT_EQ(name(path.status), std::string("ok"));
    EXPECT_EQ(path.segments, (Segments{"css", "site v2.css"}));
    EXPECT_FALSE(path.trailing_slash);

    auto dir = parse_url_path("/docs/guide/");
    EXPECT_EQ(name(dir.status), std::string("ok"));
    EXPECT_EQ(dir.segments, (Segments{"docs", "guide"}));
    EXPECT_TRUE(dir.trailing_slash);

    auto root = parse_url_path("/");
    EXPECT_EQ(name(root.status), std::string("ok"));
    EXPECT_TRUE(root.segments.empty());
    EXPECT_TRUE(root.trailing_slash);

    EXPECT_EQ(parse_url_path("/a+b").segments, (Segments{"a+b"})) << "'+' is not a space in a path";
    EXPECT_EQ(parse_url_path("/%E2%82%ac.txt").segments, (Segments{"\xE2\x82\xAC.txt"}));
}

TEST(SafePath, RefusesDotSegmentsInEverySpelling) {
    for (const char* path :
         {"/..", "/../etc/passwd", "/a/../../b", "/%2e%2e/secret", "/%2E%2e/secret", "/.%2E/secret",
          "/%2e./secret", "/a/.", "/a/%2e/b", "/.env", "/.git/config", "/a/%2E%2E"}) {
        EXPECT_EQ(name(parse_url_path(path).status), std::string("forbidden")) << path;
    }
}

TEST(SafePath, RefusesEncodedSeparatorsNulAndEmptySegments) {
    for (const std::string& path :
         {std::string("/a%2fb"), std::string("/a%2F..%2F..%2Fb"), std::string("/a%5cb"),
          std::string("/a\\b"), std::string("/a//b"), std::string("//evil.example")}) {
        EXPECT_EQ(name(parse_url_path(path).status), std::string("forbidden"))
            << "path of " << path.size() << " bytes: " << path;
    }
    // A NUL, raw or encoded, and bytes that are not UTF-8 do not decode, here
    // as in the router: the same one decoder refuses them.
    for (const std::string& path : {std::string("/a%00b"), std::string("/a\0b", 4),
                                    std::string("/%C0%AE%C0%AE/etc"), std::string("/a%FFb")}) {
        EXPECT_EQ(name(parse_url_path(path).status), std::string("malformed"))
            << "path of " << path.size() << " bytes: " << path;
    }
}

TEST(SafePath, RejectsBrokenEscapesAndPathsWithoutALeadingSlash) {
    for (const char* path : {"/a%2", "/a%", "/a%zz", "/%g0", "/ok/%4-", "a/b", "", "*"}) {
        EXPECT_EQ(name(parse_url_path(path).status), std::string("malformed"))
            << "'" << path << "'";
    }
}

TEST(OpenBelow, OpensFilesAndDirectoriesBelowTheRoot) {
    TempDir tmp;
    tmp.write("root/sub/file.txt", "inside");
    DirFd root(tmp.path() / "root");

    auto file = open_below(root.get(), Segments{"sub", "file.txt"});
    ASSERT_EQ(name(file.status), std::string("opened"));
    EXPECT_EQ(read_all(file.fd.get()), "inside");

    auto self = open_below(root.get(), Segments{});
    ASSERT_EQ(name(self.status), std::string("opened"));
    struct stat info {};
    ASSERT_EQ(::fstat(self.fd.get(), &info), 0);
    EXPECT_TRUE(S_ISDIR(info.st_mode));
    EXPECT_NE(self.fd.get(), root.get()) << "the caller must get a descriptor of its own";

    EXPECT_EQ(name(open_below(root.get(), Segments{"sub", "missing.txt"}).status),
              std::string("not_found"));
    EXPECT_EQ(name(open_below(root.get(), Segments{"sub", "file.txt", "x"}).status),
              std::string("not_found"))
        << "a file in the middle of a path is not a directory";
}

TEST(OpenBelow, NeverFollowsASymlinkOutOfTheRoot) {
    TempDir tmp;
    tmp.write("root/public.txt", "public");
    auto secret = tmp.write("outside/secret.txt", "the secret");
    std::filesystem::create_symlink("../outside/secret.txt", tmp.path() / "root/leak");
    std::filesystem::create_symlink("../outside", tmp.path() / "root/escape");
    std::filesystem::create_symlink(secret, tmp.path() / "root/absolute");
    DirFd root(tmp.path() / "root");

    for (const Segments& segments :
         {Segments{"leak"}, Segments{"escape", "secret.txt"}, Segments{"absolute"}}) {
        auto opened = open_below(root.get(), segments);
        EXPECT_EQ(name(opened.status), std::string("forbidden")) << segments.front();
        EXPECT_FALSE(opened.fd) << segments.front();
    }
    EXPECT_EQ(name(open_below(root.get(), Segments{"public.txt"}).status), std::string("opened"));
}

}  // namespace
