#include "minifw/cgi/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <span>
#include <string>
#include <system_error>
#include <utility>

#include "minifw/cgi/spawn.hpp"
#include "minifw/net/unique_fd.hpp"

namespace minifw::cgi {
namespace {

using Clock = std::chrono::steady_clock;
using net::UniqueFd;

[[noreturn]] void throw_system_error(int error, const std::string& what) {
    throw std::system_error(error, std::generic_category(), what);
}

// Both ends close on exec; the child gets only the copy posix_spawn dup2()s
// onto 0, 1 or 2, because dup2 clears the flag on the copy.
std::pair<UniqueFd, UniqueFd> make_pipe() {
    int ends[2];
    if (::pipe2(ends, O_CLOEXEC) != 0) {
        throw_system_error(errno, "pipe2");
    }
    return {UniqueFd(ends[0]), UniqueFd(ends[1])};
}

// stdin is a socket pair, not a pipe, for one reason: writing to a pipe whose
// reader has exited raises SIGPIPE, which kills the whole server. send() with
// MSG_NOSIGNAL reports EPIPE instead. The script reads it like any pipe.
std::pair<UniqueFd, UniqueFd> make_input_channel() {
    int ends[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) {
        throw_system_error(errno, "socketpair");
    }
    return {UniqueFd(ends[0]), UniqueFd(ends[1])};
}

void set_nonblocking(const UniqueFd& fd) {
    int flags = ::fcntl(fd.get(), F_GETFL);
    if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags | O_NONBLOCK) < 0) {
        throw_system_error(errno, "fcntl(O_NONBLOCK)");
    }
}

// Sends as much of `pending` as the socket takes now; closes stdin when all
// is sent, so the script sees end of file. A script may exit without reading
// its body (RFC 3875 4.2): then we simply stop.
void send_some(UniqueFd& input, std::string_view& pending) {
    ssize_t sent = ::send(input.get(), pending.data(), pending.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent >= 0) {
        pending.remove_prefix(static_cast<std::size_t>(sent));
        if (pending.empty()) {
            input.reset();
        }
    } else if (errno == EPIPE || errno == ECONNRESET) {
        input.reset();
    } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        throw_system_error(errno, "send to the script's stdin");
    }
}

// A descriptor that becomes readable when process `pid` exits (Linux 5.3+).
// Called through syscall(): glibc 2.36's <sys/pidfd.h> lacks extern "C".
int open_pidfd(pid_t pid) noexcept { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); }

// Reads once from a channel poll() reported; closes it at end of file.
std::string_view read_some(UniqueFd& channel, std::span<char> buffer) {
    ssize_t got = ::read(channel.get(), buffer.data(), buffer.size());
    if (got > 0) {
        return {buffer.data(), static_cast<std::size_t>(got)};
    }
    if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        channel.reset();  // end of file, or an error that ends this channel just as well
    }
    return {};
}

}  // namespace

ProcessResult run_process(const ProcessSpec& spec) {
    auto [input, child_input] = make_input_channel();
    auto [output, child_output] = make_pipe();
    auto [errors, child_errors] = make_pipe();
    ChildProcess child(spec, child_input.get(), child_output.get(), child_errors.get());
    // While we hold a copy of the child's end of stdout, its end of file
    // would never come: close ours now.
    child_input.reset();
    child_output.reset();
    child_errors.reset();
    // One poll() then waits for output, room for input, exit and the deadline.
    UniqueFd exited(open_pidfd(child.pid()));
    if (!exited) {
        throw_system_error(errno, "pidfd_open (needs Linux 5.3 or later)");
    }
    set_nonblocking(input);
    set_nonblocking(output);
    set_nonblocking(errors);

    ProcessResult result;
    std::string_view pending = spec.input;
    if (pending.empty()) {
        input.reset();  // end of file at once: nothing for the script to wait for
    }
    bool running = true;
    const auto deadline = Clock::now() + spec.timeout;
    char buffer[16 * 1024];

    while (output || errors || running) {
        auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) {
            result.timed_out = true;
            break;
        }
        // poll() skips negative descriptors, so a finished channel (-1) drops out.
        pollfd watch[] = {
            {input.get(), POLLOUT, 0},
            {output.get(), POLLIN, 0},
            {errors.get(), POLLIN, 0},
            {running ? exited.get() : -1, POLLIN, 0},
        };
        int timeout_ms = static_cast<int>(std::min<std::int64_t>(left.count(), INT_MAX));
        if (::poll(watch, std::size(watch), timeout_ms) < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw_system_error(errno, "poll");
        }
        if (watch[0].revents != 0) {
            send_some(input, pending);
        }
        if (watch[1].revents != 0) {
            result.output += read_some(output, buffer);
            if (result.output.size() > spec.max_output) {
                result.output.resize(spec.max_output);
                result.output_overflow = true;
                break;
            }
        }
        if (watch[2].revents != 0) {
            // Keep the first max_errors bytes, but keep reading: a script
            // blocked on a full stderr pipe would never finish.
            std::string_view chunk = read_some(errors, buffer);
            std::size_t room = spec.max_errors - std::min(spec.max_errors, result.errors.size());
            result.errors += chunk.substr(0, room);
        }
        if (watch[3].revents != 0) {
            running = false;  // exited; reaped below, once its output is read
        }
    }

    if (result.timed_out || result.output_overflow) {
        child.kill_group();
    }
    int status = child.wait();
    if (WIFEXITED(status)) {
        result.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        result.term_signal = WTERMSIG(status);
    }
    return result;
}

}  // namespace minifw::cgi
