#pragma once
// Helpers for the stage 06 tests: requests built by hand, problems caught
// and opened, JSON compared as values, and a temporary directory.

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "minifw/http/request.hpp"
#include "minifw/views/problem.hpp"
#include "minifw/views/template.hpp"

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

/// The Problem `run` throws as a ProblemError; a test failure (and a
/// problem with status 0) when it throws nothing or something else.
inline views::Problem problem_of(const std::function<void()>& run) {
    try {
        run();
    } catch (const views::ProblemError& e) {
        return e.problem();
    } catch (const std::exception& e) {
        ADD_FAILURE() << "expected a ProblemError, got: " << e.what();
        return views::Problem{0, {}, {}, {}, {}, {}};
    }
    ADD_FAILURE() << "expected a ProblemError, nothing was thrown";
    return views::Problem{0, {}, {}, {}, {}, {}};
}

/// The message of the TemplateError `run` throws ("" and a failure otherwise).
inline std::string template_error_of(const std::function<void()>& run) {
    try {
        run();
    } catch (const views::TemplateError& e) {
        return e.what();
    } catch (const std::exception& e) {
        ADD_FAILURE() << "expected a TemplateError, got: " << e.what();
        return {};
    }
    ADD_FAILURE() << "expected a TemplateError, nothing was thrown";
    return {};
}

/// Parses `text` as JSON, for comparing values rather than spellings.
inline boost::json::value json_value(std::string_view text) { return boost::json::parse(text); }

/// A fresh directory under $TMPDIR (or /tmp), removed with its contents.
class TempDir {
public:
    TempDir() {
        const char* base = std::getenv("TMPDIR");
        std::string pattern =
            std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/minifw-06-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) {
            throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
        }
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }

    /// Writes `content` to `relative`, creating the directories on the way.
    void write(const std::filesystem::path& relative, std::string_view content) const {
        auto file = path_ / relative;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        if (!out) {
            throw std::runtime_error("cannot write " + file.string());
        }
    }

private:
    std::filesystem::path path_;
};

}  // namespace minifw::test
