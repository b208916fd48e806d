// Exercise 03.3: talking to a running program, and leaving nothing behind.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <system_error>

#include "cgi_test.hpp"
#include "minifw/cgi/process.hpp"
#include "minifw_test/bytes.hpp"
#include "minifw_test/net.hpp"

namespace {

using minifw::cgi::ProcessResult;
using minifw::cgi::ProcessSpec;
using minifw::cgi::run_process;
using minifw::cgi::test::elapsed_ms;
using minifw::cgi::test::has_no_children;
using minifw::cgi::test::process_ends_within;
using minifw::cgi::test::python3;
using minifw::cgi::test::TempDir;
using namespace std::chrono_literals;

// Every test here also proves that its run left no child (running or zombie)
// and no descriptor behind.
class RunProcess : public ::testing::Test {
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
        spec.timeout = 5s;
        return spec;
    }

    TempDir dir_;

private:
    int fds_before_ = 0;
};

TEST_F(RunProcess, CapturesStdoutStderrAndExitCode) {
    auto spec = spec_for(dir_.write_file("three.sh",
                                         "#!/bin/sh\n"
                                         "echo 'to stdout'\n"
                                         "echo 'to stderr' >&2\n"
                                         "exit 3\n"));
    ProcessResult result = run_process(spec);
    EXPECT_BYTES_EQ("to stdout\n", result.output);
    EXPECT_BYTES_EQ("to stderr\n", result.errors);
    EXPECT_EQ(result.exit_code, 3);
    EXPECT_EQ(result.term_signal, 0);
    EXPECT_FALSE(result.timed_out);
    EXPECT_FALSE(result.output_overflow);
}

TEST_F(RunProcess, WritesStdinWhileDrainingStdoutAndStderr) {
    // 300 KB to stderr before reading stdin, then 1 MiB echoed: a runner that
    // writes all input first, or reads one pipe at a time, deadlocks here.
    auto spec = spec_for(dir_.write_file("flood.sh",
                                         "#!/bin/sh\n"
                                         "head -c 300000 /dev/zero >&2\n"
                                         "exec cat\n"));
    spec.input.resize(1024 * 1024);
    for (std::size_t i = 0; i < spec.input.size(); ++i) {
        spec.input[i] = static_cast<char>('a' + i % 26);
    }
    spec.max_output = 2 * 1024 * 1024;
    spec.max_errors = 1000;
    ProcessResult result = run_process(spec);
    EXPECT_EQ(result.output.size(), spec.input.size());
    EXPECT_TRUE(result.output == spec.input) << "stdout differs from what was written to stdin";
    EXPECT_EQ(result.errors.size(), 1000u) << "stderr is kept up to max_errors, the rest dropped";
    EXPECT_EQ(result.exit_code, 0);
}

TEST_F(RunProcess, ScriptThatIgnoresItsInputStillFinishes) {
    auto spec = spec_for(dir_.write_file("deaf.sh", "#!/bin/sh\necho done\n"));
    spec.input = std::string(4 * 1024 * 1024, 'x');  // far more than a socket buffer holds
    ProcessResult result = run_process(spec);
    EXPECT_BYTES_EQ("done\n", result.output);
    EXPECT_EQ(result.exit_code, 0) << "a script may exit without reading its body";
}

TEST_F(RunProcess, KillsAProgramThatOverrunsItsDeadline) {
    auto spec = spec_for(dir_.write_file("slow.sh",
                                         "#!/bin/sh\n"
                                         "echo started\n"
                                         "sleep 30\n"));
    // Bounds a loaded machine under ASan cannot miss: 2 s for the shell to
    // print, 8 s to be stopped, against the 30 s the script would take (and
    // the 10 s after which the test itself is stopped).
    spec.timeout = 2s;
    auto start = std::chrono::steady_clock::now();
    ProcessResult result = run_process(spec);
    EXPECT_LT(elapsed_ms(start), 8000) << "stopped at its deadline, not when it ended";
    EXPECT_TRUE(result.timed_out);
    EXPECT_EQ(result.term_signal, SIGKILL);
    EXPECT_BYTES_EQ("started\n", result.output) << "what arrived before the deadline is kept";
}

TEST_F(RunProcess, KillsTheWholeProcessGroup) {
    auto spec = spec_for(dir_.write_file("parent.sh",
                                         "#!/bin/sh\n"
                                         "sleep 30 &\n"
                                         "echo $!\n"
                                         "wait\n"));
    spec.timeout = 2s;  // time enough, even on a loaded machine, to print the pid
    ProcessResult result = run_process(spec);
    ASSERT_TRUE(result.timed_out);
    ASSERT_FALSE(result.output.empty()) << "the script printed no pid before its deadline";
    pid_t grandchild = static_cast<pid_t>(std::stol(result.output));
    ASSERT_GT(grandchild, 1);
    EXPECT_TRUE(process_ends_within(grandchild, 5s))
        << "the script's own child (sleep, pid " << grandchild << ") outlived the timeout";
    if (!process_ends_within(grandchild, 0ms)) {
        ::kill(grandchild, SIGKILL);  // do not leave it running for the next test
    }
}

TEST_F(RunProcess, StopsAProgramThatFloodsItsOutput) {
    auto spec = spec_for("/usr/bin/yes");
    spec.max_output = 64 * 1024;
    spec.timeout = 60s;  // far past the 8 s bound below and the test's own limit
    auto start = std::chrono::steady_clock::now();
    ProcessResult result = run_process(spec);
    EXPECT_LT(elapsed_ms(start), 8000) << "stop at the limit, not at the deadline";
    EXPECT_TRUE(result.output_overflow);
    EXPECT_FALSE(result.timed_out);
    EXPECT_EQ(result.output.size(), spec.max_output);
}

TEST_F(RunProcess, ReportsTheSignalThatEndedIt) {
    auto spec = spec_for(dir_.write_file("crash.sh",
                                         "#!/bin/sh\n"
                                         "ulimit -c 0\n"
                                         "kill -SEGV $$\n"));
    ProcessResult result = run_process(spec);
    EXPECT_EQ(result.term_signal, SIGSEGV);
    EXPECT_EQ(result.exit_code, -1);
    EXPECT_FALSE(result.timed_out);
}

TEST_F(RunProcess, ProgramThatCannotStartIsASystemErrorNamingIt) {
    std::string missing = (dir_.path() / "missing.sh").string();
    try {
        run_process(spec_for(missing));
        ADD_FAILURE() << "no exception for a missing program";
    } catch (const std::system_error& error) {
        EXPECT_EQ(error.code().value(), ENOENT);
        EXPECT_NE(std::string(error.what()).find(missing), std::string::npos) << error.what();
    }

    std::string not_executable = dir_.write_file("plain.sh", "#!/bin/sh\necho hi\n", 0644);
    try {
        run_process(spec_for(not_executable));
        ADD_FAILURE() << "no exception for a file without execute permission";
    } catch (const std::system_error& error) {
        EXPECT_EQ(error.code().value(), EACCES);
        EXPECT_NE(std::string(error.what()).find(not_executable), std::string::npos);
    }

    EXPECT_THROW(run_process(spec_for("sh")), std::invalid_argument) << "PATH is never searched";
}

}  // namespace
