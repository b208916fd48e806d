// Exercise 03.2: starting a program without a shell, and never losing it.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

#include "cgi_test.hpp"
#include "minifw/cgi/spawn.hpp"
#include "minifw_test/bytes.hpp"
#include "minifw_test/net.hpp"

namespace {

using minifw::cgi::ChildProcess;
using minifw::cgi::ProcessSpec;
using minifw::cgi::test::has_no_children;
using minifw::cgi::test::python3;
using minifw::cgi::test::TempDir;
using minifw::test::TestFd;
using namespace std::chrono_literals;

// What a child printed, and its wait status.
struct Finished {
    std::string output;
    int status = 0;
};

// Every test here also proves that its children were reaped and that no
// descriptor was left open.
class SpawnChild : public ::testing::Test {
protected:
    void SetUp() override { fds_before_ = minifw::test::open_fd_count(); }
    void TearDown() override {
        EXPECT_TRUE(has_no_children()) << "a child was not reaped (waitpid) or not killed";
        EXPECT_EQ(minifw::test::open_fd_count(), fds_before_) << "a descriptor was not closed";
    }

    ProcessSpec spec_for(std::string program) const {
        ProcessSpec spec;
        spec.program = std::move(program);
        spec.environment = {{"PATH", "/usr/bin:/bin"}};
        return spec;
    }

    // Starts `spec` with stdin from /dev/null and stdout and stderr into one
    // pipe, reads the pipe to its end, and reaps the child.
    Finished finish(const ProcessSpec& spec) {
        TestFd nothing(::open("/dev/null", O_RDONLY | O_CLOEXEC));
        int ends[2];
        EXPECT_EQ(::pipe2(ends, O_CLOEXEC), 0);
        TestFd reader(ends[0]);
        TestFd writer(ends[1]);
        ChildProcess child(spec, nothing.get(), writer.get(), writer.get());
        writer.close();  // else the pipe's end of file never comes
        Finished finished;
        finished.output = minifw::test::read_until_close(reader.get(), 5s);
        finished.status = child.wait();
        return finished;
    }

    TempDir dir_;

private:
    int fds_before_ = 0;
};

std::set<std::string> lines_of(const std::string& text) {
    std::set<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        lines.insert(line);
    }
    return lines;
}

TEST_F(SpawnChild, StartsTheProgramAndReapsItsExitStatus) {
    Finished finished = finish(spec_for(dir_.write_file("three.sh",
                                                        "#!/bin/sh\n"
                                                        "echo 'to stdout'\n"
                                                        "echo 'to stderr' >&2\n"
                                                        "exit 3\n")));
    EXPECT_BYTES_EQ("to stdout\nto stderr\n", finished.output);
    ASSERT_TRUE(WIFEXITED(finished.status)) << "wait status " << finished.status;
    EXPECT_EQ(WEXITSTATUS(finished.status), 3);
}

TEST_F(SpawnChild, PassesExactlyTheGivenEnvironment) {
    auto spec = spec_for("/usr/bin/env");
    spec.environment = {{"GREETING", "hello world"}, {"EMPTY", ""}, {"PATH", "/nowhere"}};
    Finished finished = finish(spec);
    EXPECT_EQ(lines_of(finished.output),
              (std::set<std::string>{"EMPTY=", "GREETING=hello world", "PATH=/nowhere"}))
        << "nothing of the server's own environment may reach the script";
    EXPECT_EQ(finished.status, 0);
}

TEST_F(SpawnChild, ArgumentsAreNeverSeenByAShell) {
    auto spec = spec_for(dir_.write_file("args.sh",
                                         "#!/bin/sh\n"
                                         "for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done\n"));
    spec.working_directory = dir_.path().string();
    spec.arguments = {"$(touch pwned)", "a b;c", "*", "`id`"};
    EXPECT_BYTES_EQ("[$(touch pwned)]\n[a b;c]\n[*]\n[`id`]\n", finish(spec).output);
    EXPECT_FALSE(std::filesystem::exists(dir_.path() / "pwned"));
}

TEST_F(SpawnChild, RunsInTheGivenWorkingDirectory) {
    auto spec = spec_for(dir_.write_file("where.sh", "#!/bin/sh\npwd\n"));
    spec.working_directory = dir_.path().string();
    EXPECT_BYTES_EQ(dir_.path().string() + "\n", finish(spec).output);
}

TEST_F(SpawnChild, ChildInheritsOnlyStdinStdoutAndStderr) {
    std::string python = python3();
    if (python.empty()) {
        GTEST_SKIP() << "python3 is not installed";
    }
    // A descriptor opened without O_CLOEXEC, as careless code elsewhere in a
    // server might: the script must still not inherit it.
    TestFd careless(::open("/dev/null", O_RDONLY));
    ASSERT_GE(careless.get(), 0);
    auto spec = spec_for(dir_.write_file("fds.py", "#!" + python + R"(
import os
found = []
for fd in range(0, 1024):
    try:
        os.fstat(fd)
        found.append(str(fd))
    except OSError:
        pass
print(" ".join(found))
)"));
    EXPECT_BYTES_EQ("0 1 2\n", finish(spec).output);
}

TEST_F(SpawnChild, LeadsItsOwnProcessGroupWithDefaultSignals) {
    // The server ignores SIGPIPE, as servers do; its script must not. The
    // test process gets its own disposition back however the test ends.
    struct IgnoredSigpipe {
        struct sigaction before {};
        IgnoredSigpipe() {
            struct sigaction ignore {};
            ignore.sa_handler = SIG_IGN;
            ::sigaction(SIGPIPE, &ignore, &before);
        }
        ~IgnoredSigpipe() { ::sigaction(SIGPIPE, &before, nullptr); }
        IgnoredSigpipe(const IgnoredSigpipe&) = delete;
        IgnoredSigpipe& operator=(const IgnoredSigpipe&) = delete;
    };
    std::optional<IgnoredSigpipe> ignored_here;
    ignored_here.emplace();
    auto spec = spec_for(dir_.write_file("group.sh",
                                         "#!/bin/sh\n"
                                         "echo \"$$ $(cut -d' ' -f5 /proc/$$/stat)\"\n"
                                         "grep '^SigIgn' /proc/$$/status\n"));
    Finished finished = finish(spec);
    ignored_here.reset();
    std::istringstream in(finished.output);
    long pid = 0;
    long group = 0;
    in >> pid >> group;
    EXPECT_GT(pid, 1) << finished.output;
    EXPECT_EQ(group, pid) << "the child leads a process group of its own: " << finished.output;
    // SIGPIPE is signal 13, bit 12 of the mask, the 0x1000 of the last digits.
    const std::size_t mask_at = finished.output.find("SigIgn:");
    ASSERT_NE(mask_at, std::string::npos) << finished.output;
    std::string ignored = finished.output.substr(mask_at + 7);
    unsigned long long mask = std::stoull(ignored, nullptr, 16);
    EXPECT_EQ(mask & (1ull << (SIGPIPE - 1)), 0u)
        << "SIGPIPE is still ignored in the script: " << finished.output;
}

TEST_F(SpawnChild, DestructorKillsTheGroupAndReapsIt) {
    auto spec = spec_for(dir_.write_file("forever.sh",
                                         "#!/bin/sh\n"
                                         "sleep 30 &\n"
                                         "echo $!\n"
                                         "wait\n"));
    TestFd nothing(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    int ends[2];
    ASSERT_EQ(::pipe2(ends, O_CLOEXEC), 0);
    TestFd reader(ends[0]);
    TestFd writer(ends[1]);
    pid_t grandchild = 0;
    {
        ChildProcess child(spec, nothing.get(), writer.get(), writer.get());
        writer.close();
        EXPECT_GT(child.pid(), 1);
        std::string line = minifw::test::read_until_contains(reader.get(), "\n", 5s);
        ASSERT_FALSE(line.empty()) << "the script printed no pid";
        grandchild = static_cast<pid_t>(std::stol(line));
    }  // the script still runs here: the destructor must kill and reap it
    EXPECT_TRUE(has_no_children());
    EXPECT_TRUE(minifw::cgi::test::process_ends_within(grandchild, 5s))
        << "the script's own child (sleep, pid " << grandchild << ") outlived the destructor";
    if (!minifw::cgi::test::process_ends_within(grandchild, 0ms)) {
        ::kill(grandchild, SIGKILL);
    }
}

TEST_F(SpawnChild, ProgramThatCannotStartIsAnErrorNamingIt) {
    TestFd nothing(::open("/dev/null", O_RDWR | O_CLOEXEC));
    const int fd = nothing.get();
    std::string missing = (dir_.path() / "missing.sh").string();
    try {
        ChildProcess child(spec_for(missing), fd, fd, fd);
        ADD_FAILURE() << "no exception for a missing program";
    } catch (const std::system_error& error) {
        EXPECT_EQ(error.code().value(), ENOENT);
        EXPECT_NE(std::string(error.what()).find(missing), std::string::npos) << error.what();
    }

    std::string not_executable = dir_.write_file("plain.sh", "#!/bin/sh\necho hi\n", 0644);
    try {
        ChildProcess child(spec_for(not_executable), fd, fd, fd);
        ADD_FAILURE() << "no exception for a file without execute permission";
    } catch (const std::system_error& error) {
        EXPECT_EQ(error.code().value(), EACCES);
        EXPECT_NE(std::string(error.what()).find(not_executable), std::string::npos);
    }

    EXPECT_THROW(ChildProcess(spec_for("sh"), fd, fd, fd), std::invalid_argument)
        << "PATH is never searched";
    auto spec = spec_for("/bin/true");
    spec.environment = {{"A=B", "c"}};
    try {
        ChildProcess child(spec, fd, fd, fd);
        ADD_FAILURE() << "no exception for a name with '='";
    } catch (const std::invalid_argument& error) {
        EXPECT_NE(std::string(error.what()).find("A=B"), std::string::npos) << error.what();
    }
    spec.environment = {{"NUL", std::string("a\0b", 3)}};
    EXPECT_THROW(ChildProcess(spec, fd, fd, fd), std::invalid_argument) << "a NUL in a value";
}

}  // namespace
