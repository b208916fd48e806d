// Exercise 04.4: typed routes, whose handlers are checked against their
// pattern by the compiler.

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "minifw/routing/router.hpp"
#include "minifw_test/bytes.hpp"
#include "routing_test.hpp"

extern char** environ;

namespace {

using minifw::http::Request;
using minifw::http::Response;
using minifw::routing::Router;
using minifw::test::make_request;

TEST(TypedRoutes, HandlerReceivesEachParameterAsItsType) {
    Router router;
    router.get<"/users/{id:int}/posts/{slug}">([](const Request& request, std::int64_t id,
                                                  std::string_view slug) {
        return Response::text(
            200, request.method + " id+1=" + std::to_string(id + 1) + " slug=" + std::string(slug));
    });
    router.get<"/files/{*path}">([](const Request&, const std::string& path) {
        return Response::text(200, "path=" + path);
    });
    router.get<"/">([](const Request&) { return Response::text(200, "root"); });

    EXPECT_BYTES_EQ("GET id+1=-2 slug=a b",
                    router.handle(make_request("GET", "/users/-3/posts/a%20b")).body);
    EXPECT_BYTES_EQ("GET id+1=9223372036854775807 slug=x",
                    router.handle(make_request("GET", "/users/9223372036854775806/posts/x")).body);
    EXPECT_BYTES_EQ("path=a/b c", router.handle(make_request("GET", "/files/a/b%20c")).body);
    EXPECT_BYTES_EQ("root", router.handle(make_request("GET", "/")).body);
    EXPECT_EQ(404, router.handle(make_request("GET", "/users/x/posts/y")).status);
    EXPECT_EQ(404, router.handle(make_request("GET", "/users/9223372036854775808/posts/y")).status);
}

// A compiler started by start_compiler: its process and the read end of the
// pipe that carries its stdout and stderr.
struct RunningCompiler {
    pid_t pid = -1;
    int output = -1;
    std::string failure;  // why it could not start, when pid is -1
};

// What the compiler said, and how it ended.
struct Compilation {
    int exit_code = -1;
    std::string output;
};

// Starts the C++ compiler on compile_fail/typed_handlers.cpp, with
// `-D<define>` when `define` is not empty. The compiler is $CXX when set (a
// single program), else `c++` from PATH; the include directory comes from
// MINIFW_SOURCE_DIR, which the build defines for the test objects.
RunningCompiler start_compiler(std::string_view define) {
    const char* from_env = std::getenv("CXX");
    std::string compiler = from_env != nullptr && *from_env != '\0' ? from_env : "c++";
    std::string source_dir = MINIFW_SOURCE_DIR;
    std::vector<std::string> args = {
        compiler,
        "-std=c++20",
        "-fsyntax-only",
        "-fdiagnostics-color=never",
        "-I" + source_dir + "/minifw/include",
        source_dir + "/tests/04-routing/compile_fail/typed_handlers.cpp"};
    if (!define.empty()) {
        args.push_back("-D" + std::string(define));
    }
    std::vector<char*> argv;
    for (auto& arg : args) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);

    RunningCompiler running;
    std::array<int, 2> pipe_fds{};
    if (::pipe2(pipe_fds.data(), O_CLOEXEC) != 0) {
        running.failure = "pipe2: " + std::string(std::strerror(errno));
        return running;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
    int error = posix_spawnp(&running.pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    if (error != 0) {
        ::close(pipe_fds[0]);
        running.pid = -1;
        running.failure = "could not start " + compiler + ": " + std::strerror(error);
        return running;
    }
    running.output = pipe_fds[0];
    return running;
}

// Collects the compiler's output and exit code; kills it at `deadline`.
Compilation finish(const RunningCompiler& running, std::chrono::steady_clock::time_point deadline) {
    Compilation result;
    if (running.pid < 0) {
        result.output = running.failure;
        return result;
    }
    bool timed_out = false;
    std::array<char, 4096> buffer{};
    while (true) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            timed_out = true;
            break;
        }
        pollfd readable{running.output, POLLIN, 0};
        if (::poll(&readable, 1, static_cast<int>(left.count())) <= 0) {
            continue;  // EINTR or the deadline: the loop checks which
        }
        ssize_t n = ::read(running.output, buffer.data(), buffer.size());
        if (n <= 0) {
            break;  // end of output: the compiler has exited
        }
        result.output.append(buffer.data(), static_cast<std::size_t>(n));
    }
    ::close(running.output);
    if (timed_out) {
        ::kill(running.pid, SIGKILL);
    }
    int status = 0;
    ::waitpid(running.pid, &status, 0);
    if (timed_out) {
        result.output += "\n(the compiler was stopped: it ran past its time limit)";
    } else if (WIFEXITED(status)) {
        result.exit_code = WEXITSTATUS(status);
    }
    return result;
}

std::size_t count(std::string_view text, std::string_view what) {
    std::size_t found = 0;
    for (auto at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) {
        ++found;
    }
    return found;
}

TEST(TypedRoutes, OnlyAHandlerThatFitsItsPatternCompiles) {
    // First the handler that fits, at run time (the compiler proves nothing
    // about a router that does not route).
    Router router;
    router.get<"/users/{id:int}/posts/{slug}">(
        [](const Request&, std::int64_t id, std::string_view slug) {
            return Response::text(200, std::to_string(id) + std::string(slug));
        });
    EXPECT_BYTES_EQ("7x", router.handle(make_request("GET", "/users/7/posts/x")).body);

    // Then the compiler: the same handler compiles; the two that do not fit
    // are refused, each with the message written for people.
    // Both compilers run at once, which halves the wait on two cores.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(8);
    RunningCompiler fitting = start_compiler("FITS");
    RunningCompiler not_fitting = start_compiler("");
    Compilation fits = finish(fitting, deadline);
    Compilation mismatched = finish(not_fitting, deadline);

    EXPECT_EQ(0, fits.exit_code) << fits.output;
    EXPECT_NE(0, mismatched.exit_code) << mismatched.output;
    EXPECT_EQ(2u, count(mismatched.output, "this handler does not fit its route pattern"))
        << mismatched.output;
    EXPECT_NE(std::string::npos, mismatched.output.find("typed_handlers.cpp"))
        << "the error should point at the route in the user's file:\n"
        << mismatched.output;
}

}  // namespace
