#pragma once
/// @file
/// Interrupting a blocked system call on purpose, without sleeping: wait
/// until the thread is asleep in the kernel, then signal it.

#include <pthread.h>
#include <signal.h>
#include <sys/types.h>

#include <chrono>
#include <functional>
#include <future>

namespace minifw::test {

/// A point in time after which a test stops waiting.
using Deadline = std::chrono::steady_clock::time_point;

/// The deadline `limit` from now.
Deadline deadline_in(std::chrono::milliseconds limit);

/// Counts deliveries of one signal to a handler installed without
/// SA_RESTART, so that a read, write or accept it interrupts fails with EINTR
/// instead of being restarted by the kernel. Restores the previous handler.
class SignalCounter {
public:
    explicit SignalCounter(int signal);
    ~SignalCounter();
    SignalCounter(const SignalCounter&) = delete;
    SignalCounter& operator=(const SignalCounter&) = delete;

    /// The signal counted.
    int signal() const { return signal_; }
    /// How many times the handler has run.
    int count() const;

private:
    int signal_;
    struct sigaction previous_ {};
};

/// Names a thread both for /proc (its kernel id) and for pthread_kill.
struct ThreadId {
    pid_t tid = 0;       ///< kernel thread id
    pthread_t handle{};  ///< pthread handle
};

/// The calling thread.
ThreadId this_thread();

/// Waits until `thread` sleeps in the kernel (state S: blocked in a call
/// such as read or accept). False when `give_up()` turns true first (the
/// call under test already returned) or the deadline passes.
bool wait_until_asleep(const ThreadId& thread, const std::function<bool()>& give_up,
                       Deadline deadline);

/// Sends the counter's signal to `thread` and waits until the handler has
/// run, so no signal is left pending when the counter restores the default
/// action. False when it did not run before the deadline.
bool interrupt(const ThreadId& thread, const SignalCounter& counter, Deadline deadline);

/// True when the future has its value or exception now.
template <class T>
bool is_ready(const std::future<T>& future) {
    return future.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

/// True when the future gets its value or exception within `limit`.
template <class T>
bool ready_within(const std::future<T>& future, std::chrono::milliseconds limit) {
    return future.wait_for(limit) == std::future_status::ready;
}

}  // namespace minifw::test
