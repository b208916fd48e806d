// Exercise 05.7: the response for one open file: ETag, 304 and ranges.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "middleware_test.hpp"
#include "minifw/middleware/static_files.hpp"
#include "minifw/middleware/validators.hpp"
#include "minifw/net/unique_fd.hpp"
#include "minifw_test/bodies.hpp"

namespace {

using minifw::http::Request;
using minifw::http::Response;
using minifw::middleware::file_response;
using minifw::middleware::make_etag;
using minifw::middleware::StaticOptions;
using minifw::net::UniqueFd;
using minifw::test::body_text;
using minifw::test::make_request;
using minifw::test::TempDir;

// One file of ten digits, opened and stat'ed as the static-files layer
// would hand it over.
class FileResponse : public ::testing::Test {
protected:
    void SetUp() override {
        const auto path = tmp_.write("digits.txt", "0123456789");
        file_ = std::make_shared<const UniqueFd>(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
        ASSERT_TRUE(*file_) << path;
        ASSERT_EQ(::fstat(file_->get(), &info_), 0);
        tag_ = make_etag(static_cast<std::uint64_t>(info_.st_size),
                         static_cast<std::int64_t>(info_.st_mtim.tv_sec) * 1'000'000'000 +
                             info_.st_mtim.tv_nsec);
    }

    Response answer(
        const std::string& method,
        std::initializer_list<std::pair<std::string_view, std::string_view>> headers = {},
        const StaticOptions& options = {}) {
        Request request = make_request(method, "/static/digits.txt", headers);
        return file_response(request, file_, info_, "digits.txt", options);
    }

    TempDir tmp_;
    std::shared_ptr<const UniqueFd> file_;
    struct stat info_ {};
    std::string tag_;
};

std::string field(const Response& response, std::string_view name) {
    return std::string(response.headers.get(name).value_or("<absent>"));
}

TEST_F(FileResponse, CarriesTypeValidatorsAndTheFileItself) {
    Response response = answer("GET");
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(field(response, "ETag"), tag_);
    EXPECT_EQ(field(response, "Content-Type"), "text/plain; charset=utf-8");
    EXPECT_EQ(field(response, "Cache-Control"), "no-cache");
    EXPECT_EQ(field(response, "Accept-Ranges"), "bytes");
    EXPECT_TRUE(field(response, "Last-Modified").ends_with(" GMT"))
        << field(response, "Last-Modified");
    ASSERT_TRUE(response.file.has_value()) << "the body is the open file, not bytes in memory";
    EXPECT_EQ(response.file->file, file_);
    EXPECT_EQ(response.file->offset, 0u);
    EXPECT_EQ(response.file->length, 10u);
    EXPECT_EQ(response.body, "");
    EXPECT_EQ(body_text(response), "0123456789");

    StaticOptions uncached;
    uncached.cache_control = "";
    EXPECT_EQ(field(answer("GET", {}, uncached), "Cache-Control"), "<absent>")
        << "an empty cache_control sends no field";
    uncached.cache_control = "max-age=60";
    EXPECT_EQ(field(answer("HEAD", {}, uncached), "Cache-Control"), "max-age=60");
}

TEST_F(FileResponse, MatchingIfNoneMatchGives304WithoutABody) {
    Response cached = answer("GET", {{"If-None-Match", tag_}});
    EXPECT_EQ(cached.status, 304);
    EXPECT_FALSE(cached.file.has_value());
    EXPECT_TRUE(body_text(cached).empty());
    EXPECT_EQ(field(cached, "ETag"), tag_);
    EXPECT_EQ(field(cached, "Cache-Control"), "no-cache");
    EXPECT_EQ(field(cached, "Content-Type"), "<absent>") << "a 304 carries only the validators";

    EXPECT_EQ(answer("GET", {{"If-None-Match", "W/" + tag_}}).status, 304);
    EXPECT_EQ(answer("HEAD", {{"If-None-Match", "\"old\", " + tag_}}).status, 304);
    EXPECT_EQ(answer("GET", {{"If-None-Match", "*"}, {"Range", "bytes=2-5"}}).status, 304)
        << "If-None-Match is decided before Range";
    EXPECT_EQ(answer("GET", {{"If-None-Match", "\"stale\""}}).status, 200);
}

TEST_F(FileResponse, AnswersOneByteRangeWith206) {
    Response middle = answer("GET", {{"Range", "bytes=2-5"}});
    EXPECT_EQ(middle.status, 206);
    EXPECT_EQ(body_text(middle), "2345");
    EXPECT_EQ(field(middle, "Content-Range"), "bytes 2-5/10");
    ASSERT_TRUE(middle.file.has_value());
    EXPECT_EQ(middle.file->offset, 2u);
    EXPECT_EQ(middle.file->length, 4u);

    EXPECT_EQ(body_text(answer("GET", {{"Range", "bytes=-3"}})), "789");
    EXPECT_EQ(body_text(answer("GET", {{"Range", "bytes=7-"}})), "789");
    EXPECT_EQ(body_text(answer("GET", {{"Range", "BYTES=8-100"}})), "89")
        << "the unit ignores case";
    EXPECT_EQ(field(answer("GET", {{"Range", "bytes=8-100"}}), "Content-Range"), "bytes 8-9/10");

    Response beyond = answer("GET", {{"Range", "bytes=10-20"}});
    EXPECT_EQ(beyond.status, 416);
    EXPECT_EQ(field(beyond, "Content-Range"), "bytes */10");
    EXPECT_FALSE(beyond.file.has_value());
    EXPECT_EQ(answer("GET", {{"Range", "bytes=-0"}}).status, 416) << "an empty suffix";

    Response changed = answer("GET", {{"Range", "bytes=2-5"}, {"If-Range", "\"old\""}});
    EXPECT_EQ(changed.status, 200) << "If-Range names another version: send all of it";
    EXPECT_EQ(body_text(changed), "0123456789");
    EXPECT_EQ(answer("GET", {{"Range", "bytes=2-5"}, {"If-Range", tag_}}).status, 206);
}

TEST_F(FileResponse, AnswersRangesItCannotUseWithTheWholeFile) {
    for (const char* range : {"bytes=0-1,4-5", "lines=1-2", "bytes=5-2", "bytes=x-3", "bytes=3",
                              "bytes=--1", "bytes=1-2 "}) {
        Response response = answer("GET", {{"Range", range}});
        EXPECT_EQ(response.status, 200) << range;
        EXPECT_EQ(body_text(response), "0123456789") << range;
        EXPECT_EQ(field(response, "Content-Range"), "<absent>") << range;
    }
    Response head = answer("HEAD", {{"Range", "bytes=2-5"}});
    EXPECT_EQ(head.status, 200) << "Range is defined for GET only";
    ASSERT_TRUE(head.file.has_value());
    EXPECT_EQ(head.file->length, 10u) << "HEAD announces the whole length";
}

}  // namespace
