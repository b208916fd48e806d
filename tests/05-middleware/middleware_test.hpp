#pragma once
// Helpers for the stage 05 tests: requests built by hand, and a temporary
// directory that is removed with everything in it.

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include <gtest/gtest.h>

#include "minifw/http/request.hpp"

/// EXPECT_CONTAINS(text, part): on failure shows both strings.
#define EXPECT_CONTAINS(text, part) \
    EXPECT_PRED_FORMAT2(::testing::IsSubstring, std::string(part), std::string(text))
/// EXPECT_NOT_CONTAINS(text, part): `part` must not occur in `text`.
#define EXPECT_NOT_CONTAINS(text, part) \
    EXPECT_PRED_FORMAT2(::testing::IsNotSubstring, std::string(part), std::string(text))

namespace minifw::test {

/// A request as the parser would deliver it.
inline http::Request make_request(
    std::string method, std::string target,
    std::initializer_list<std::pair<std::string_view, std::string_view>> headers = {},
    std::string body = {}) {
    http::Request request;
    request.method = std::move(method);
    request.target = std::move(target);
    for (const auto& [name, value] : headers) {
        request.headers.add(name, value);
    }
    request.body = std::move(body);
    return request;
}

/// A fresh directory under $TMPDIR (or /tmp), removed with its contents.
class TempDir {
public:
    TempDir() {
        const char* base = std::getenv("TMPDIR");
        std::string pattern =
            std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/minifw-05-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) {
            throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
        }
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);  // removes links, never their targets
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }

    /// Writes `content` to `relative`, creating the directories on the way.
    std::filesystem::path write(const std::filesystem::path& relative,
                                std::string_view content) const {
        auto file = path_ / relative;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        if (!out) {
            throw std::runtime_error("cannot write " + file.string());
        }
        return file;
    }

private:
    std::filesystem::path path_;
};

/// An owned directory descriptor, for open_below.
class DirFd {
public:
    explicit DirFd(const std::filesystem::path& dir)
        : fd_(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
        if (fd_ < 0) {
            throw std::system_error(errno, std::generic_category(), "open " + dir.string());
        }
    }
    ~DirFd() { ::close(fd_); }
    DirFd(const DirFd&) = delete;
    DirFd& operator=(const DirFd&) = delete;

    int get() const { return fd_; }

private:
    int fd_;
};

}  // namespace minifw::test
