#pragma once
// Helpers for stage 03's tests: scripts in a temporary directory, and the
// checks that a run left nothing behind. They use system calls directly,
// never an exercise.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

#include "minifw/http/request.hpp"

namespace minifw::cgi::test {

/// A fresh directory under the system's temporary directory, removed with
/// everything in it when the object goes.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    /// The directory's canonical absolute path.
    const std::filesystem::path& path() const { return path_; }

    /// Writes `text` to `name` in the directory with mode `mode` (executable
    /// by default) and returns its absolute path.
    std::string write_file(std::string_view name, std::string_view text, int mode = 0755) const;

private:
    std::filesystem::path path_;
};

/// The absolute path of a python3 interpreter, or "" when none is installed.
std::string python3();

/// True when this process has no child at all, neither running nor a zombie.
bool has_no_children();

/// True when process `pid` (not necessarily our child) has ended within `limit`.
bool process_ends_within(pid_t pid, std::chrono::milliseconds limit);

/// A request as the parser would deliver it, from a peer at 192.0.2.7.
http::Request make_request(std::string method, std::string target);

/// Milliseconds since `start`.
long long elapsed_ms(std::chrono::steady_clock::time_point start);

}  // namespace minifw::cgi::test
