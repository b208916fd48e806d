// The main() of every stage's test binary.
//
// Two things make a learner's failing run readable instead of frightening:
//  - a test that fails because an exercise stub threw ExerciseNotDone prints
//    one line naming the exercise and the lesson section, not GoogleTest's
//    "unknown file: Failure / C++ exception with description ..." block;
//  - every test has a time limit (MINIFW_TEST_TIMEOUT seconds, default 10),
//    so an endless loop or a read that never returns fails that test with a
//    message and ends the binary, instead of hanging the whole run.

#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace {

constexpr std::string_view kNotDoneMarker = " not done: see lessons/";

// Wraps GoogleTest's default printer and shortens one kind of failure.
class ReadablePrinter : public ::testing::EmptyTestEventListener {
public:
    explicit ReadablePrinter(::testing::TestEventListener* inner) : inner_(inner) {}

    void OnTestProgramStart(const ::testing::UnitTest& u) override {
        inner_->OnTestProgramStart(u);
    }
    void OnTestIterationStart(const ::testing::UnitTest& u, int i) override {
        inner_->OnTestIterationStart(u, i);
    }
    void OnEnvironmentsSetUpStart(const ::testing::UnitTest& u) override {
        inner_->OnEnvironmentsSetUpStart(u);
    }
    void OnEnvironmentsSetUpEnd(const ::testing::UnitTest& u) override {
        inner_->OnEnvironmentsSetUpEnd(u);
    }
    void OnTestSuiteStart(const ::testing::TestSuite& s) override { inner_->OnTestSuiteStart(s); }
    void OnTestStart(const ::testing::TestInfo& t) override { inner_->OnTestStart(t); }
    void OnTestPartResult(const ::testing::TestPartResult& r) override {
        std::string_view message = r.message();
        auto at = message.find(kNotDoneMarker);
        if (r.failed() && at != std::string_view::npos) {
            // GoogleTest wraps the what() as: C++ exception with description "..." thrown ...
            auto begin = message.rfind("exercise ", at);
            auto end = message.find('"', at);
            auto what = message.substr(begin, end == std::string_view::npos ? end : end - begin);
            std::printf("  NOT DONE: %.*s\n", static_cast<int>(what.size()), what.data());
            std::fflush(stdout);
            return;
        }
        inner_->OnTestPartResult(r);
    }
    void OnTestEnd(const ::testing::TestInfo& t) override { inner_->OnTestEnd(t); }
    void OnTestSuiteEnd(const ::testing::TestSuite& s) override { inner_->OnTestSuiteEnd(s); }
    void OnEnvironmentsTearDownStart(const ::testing::UnitTest& u) override {
        inner_->OnEnvironmentsTearDownStart(u);
    }
    void OnEnvironmentsTearDownEnd(const ::testing::UnitTest& u) override {
        inner_->OnEnvironmentsTearDownEnd(u);
    }
    void OnTestIterationEnd(const ::testing::UnitTest& u, int i) override {
        inner_->OnTestIterationEnd(u, i);
    }
    void OnTestProgramEnd(const ::testing::UnitTest& u) override { inner_->OnTestProgramEnd(u); }

private:
    std::unique_ptr<::testing::TestEventListener> inner_;
};

// Fails the running test and ends the process when it overruns its limit.
// A hung test cannot be unwound safely, so the watchdog prints the verdict in
// the same format as GoogleTest and exits; the course runner re-runs the
// tests that did not get their turn.
class Watchdog : public ::testing::EmptyTestEventListener {
public:
    explicit Watchdog(std::chrono::seconds limit) : limit_(limit), thread_([this] { run(); }) {}
    ~Watchdog() override {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        thread_.join();
    }

    void OnTestStart(const ::testing::TestInfo& t) override {
        std::lock_guard lock(mutex_);
        name_ = std::string(t.test_suite_name()) + "." + t.name();
        deadline_ = std::chrono::steady_clock::now() + limit_;
        armed_ = true;
        wake_.notify_all();
    }
    void OnTestEnd(const ::testing::TestInfo&) override {
        std::lock_guard lock(mutex_);
        armed_ = false;
    }

private:
    void run() {
        std::unique_lock lock(mutex_);
        while (!stopping_) {
            if (!armed_) {
                wake_.wait(lock);
                continue;
            }
            if (wake_.wait_until(lock, deadline_) == std::cv_status::timeout && armed_ &&
                std::chrono::steady_clock::now() >= deadline_) {
                std::printf(
                    "  TIMEOUT: %s ran past its limit of %lld s: an endless loop, or a read "
                    "or accept that waits for data that never comes?\n"
                    "[  FAILED  ] %s (timeout)\n",
                    name_.c_str(), static_cast<long long>(limit_.count()), name_.c_str());
                std::fflush(stdout);
                std::_Exit(124);
            }
        }
    }

    std::chrono::seconds limit_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::string name_;
    std::chrono::steady_clock::time_point deadline_{};
    bool armed_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

std::chrono::seconds test_time_limit() {
    if (const char* value = std::getenv("MINIFW_TEST_TIMEOUT")) {
        long seconds = std::strtol(value, nullptr, 10);
        if (seconds > 0) {
            return std::chrono::seconds(seconds);
        }
    }
    return std::chrono::seconds(10);
}

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
    auto* printer = listeners.Release(listeners.default_result_printer());
    if (printer != nullptr) {
        listeners.Append(new ReadablePrinter(printer));
    }
    listeners.Append(new Watchdog(test_time_limit()));
    return RUN_ALL_TESTS();
}
