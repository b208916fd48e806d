#include "cgi_test.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace minifw::cgi::test {
namespace {

[[noreturn]] void throw_errno(const std::string& what) {
    throw std::system_error(errno, std::generic_category(), what);
}

}  // namespace

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "minifw-cgi-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw_errno("mkdtemp " + pattern);
    }
    path_ = std::filesystem::canonical(pattern);
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::write_file(std::string_view name, std::string_view text, int mode) const {
    std::string file = (path_ / name).string();
    // O_CLOEXEC: a child spawned meanwhile must not hold the file open for
    // writing, or executing it fails with ETXTBSY.
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        throw_errno("open " + file);
    }
    while (!text.empty()) {
        ssize_t n = ::write(fd, text.data(), text.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            ::close(fd);
            throw_errno("write " + file);
        }
        text.remove_prefix(static_cast<std::size_t>(n));
    }
    ::close(fd);
    if (::chmod(file.c_str(), static_cast<mode_t>(mode)) != 0) {
        throw_errno("chmod " + file);
    }
    return file;
}

std::string python3() {
    // The system interpreter first: version-manager shims on PATH start slowly.
    std::vector<std::string> candidates = {"/usr/bin/python3", "/usr/local/bin/python3"};
    if (const char* path = std::getenv("PATH")) {
        std::string_view rest = path;
        while (!rest.empty()) {
            auto colon = rest.find(':');
            std::string dir(rest.substr(0, colon));
            if (!dir.empty()) {
                candidates.push_back(dir + "/python3");
            }
            if (colon == std::string_view::npos) {
                break;
            }
            rest.remove_prefix(colon + 1);
        }
    }
    for (const std::string& candidate : candidates) {
        if (::access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
    }
    return "";
}

bool has_no_children() {
    // ECHILD: no child at all. A zombie would be reaped here and counted.
    return ::waitpid(-1, nullptr, WNOHANG) == -1 && errno == ECHILD;
}

bool process_ends_within(pid_t pid, std::chrono::milliseconds limit) {
    // syscall(): glibc 2.36's <sys/pidfd.h> lacks extern "C".
    int fd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    if (fd < 0) {
        return errno == ESRCH;  // gone already
    }
    // A pidfd becomes readable when its process ends, child of ours or not.
    pollfd watch{fd, POLLIN, 0};
    int ready;
    do {
        ready = ::poll(&watch, 1, static_cast<int>(limit.count()));
    } while (ready < 0 && errno == EINTR);
    ::close(fd);
    return ready > 0;
}

http::Request make_request(std::string method, std::string target) {
    http::Request request;
    request.method = std::move(method);
    request.target = std::move(target);
    request.remote_address = "192.0.2.7";
    return request;
}

long long elapsed_ms(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 start)
        .count();
}

}  // namespace minifw::cgi::test
