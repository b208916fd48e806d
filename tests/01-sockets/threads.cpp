#include "threads.hpp"

#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <fstream>
#include <string>
#include <system_error>
#include <thread>

namespace minifw::test {
namespace {

// One counter per signal number; a handler may only touch lock-free atomics.
std::array<std::atomic<int>, NSIG> deliveries{};
static_assert(std::atomic<int>::is_always_lock_free);

void count_delivery(int signal) { deliveries[static_cast<std::size_t>(signal)].fetch_add(1); }

// The state letter of a thread from /proc/self/task/TID/stat ("R", "S", ...),
// or '?' once the thread is gone.
char thread_state(pid_t tid) {
    std::ifstream stat("/proc/self/task/" + std::to_string(tid) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) {
        return '?';
    }
    // "TID (name) S ...": the name may hold spaces and parentheses, the last ')' ends it.
    auto close = line.rfind(')');
    if (close == std::string::npos || close + 2 >= line.size()) {
        return '?';
    }
    return line[close + 2];
}

}  // namespace

Deadline deadline_in(std::chrono::milliseconds limit) {
    return std::chrono::steady_clock::now() + limit;
}

SignalCounter::SignalCounter(int signal) : signal_(signal) {
    struct sigaction action {};
    action.sa_handler = count_delivery;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: interrupted calls fail with EINTR
    deliveries[static_cast<std::size_t>(signal)] = 0;
    if (::sigaction(signal, &action, &previous_) != 0) {
        throw std::system_error(errno, std::generic_category(), "sigaction");
    }
}

SignalCounter::~SignalCounter() { ::sigaction(signal_, &previous_, nullptr); }

int SignalCounter::count() const { return deliveries[static_cast<std::size_t>(signal_)].load(); }

ThreadId this_thread() { return {::gettid(), ::pthread_self()}; }

bool wait_until_asleep(const ThreadId& thread, const std::function<bool()>& give_up,
                       Deadline deadline) {
    while (std::chrono::steady_clock::now() < deadline) {
        if (give_up()) {
            return false;
        }
        if (thread_state(thread.tid) == 'S') {
            return true;
        }
        std::this_thread::yield();
    }
    return false;
}

bool interrupt(const ThreadId& thread, const SignalCounter& counter, Deadline deadline) {
    const int before = counter.count();
    if (::pthread_kill(thread.handle, counter.signal()) != 0) {
        return false;
    }
    while (counter.count() == before) {
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
        std::this_thread::yield();
    }
    return true;
}

}  // namespace minifw::test
