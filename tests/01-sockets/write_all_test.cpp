// Exercise 01.3: write_all delivers every byte, and a vanished peer is an
// exception rather than a SIGPIPE.

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <future>
#include <string>
#include <system_error>

#include "descriptors.hpp"
#include "minifw/net/socket.hpp"
#include "minifw_test/bytes.hpp"
#include "minifw_test/net.hpp"
#include "threads.hpp"

namespace {

using namespace minifw::net;
using namespace minifw::test;
using namespace std::chrono_literals;

// Bytes that never repeat with a short period, so a chunk written twice or
// skipped shows up as a difference.
std::string pattern(std::size_t size) {
    std::string bytes(size, '\0');
    for (std::size_t i = 0; i < size; ++i) {
        bytes[i] = static_cast<char>((i ^ (i >> 8) ^ (i >> 16)) * 31 + (i >> 12));
    }
    return bytes;
}

// Compares two large strings; on a difference shows only the bytes around it.
void expect_same_bytes(const std::string& expected, const std::string& actual) {
    EXPECT_EQ(expected.size(), actual.size()) << "bytes lost or duplicated";
    auto [e, a] = std::mismatch(expected.begin(), expected.end(), actual.begin(), actual.end());
    if (e == expected.end() && a == actual.end()) {
        return;
    }
    const auto at = static_cast<std::size_t>(e - expected.begin());
    const std::size_t from = at < 32 ? 0 : at - 32;
    ADD_FAILURE() << "first difference at byte " << at << " of " << expected.size();
    EXPECT_BYTES_EQ(expected.substr(from, 64), actual.substr(std::min(from, actual.size()), 64));
}

bool is_peer_gone(const std::error_code& code) {
    return code == std::errc::broken_pipe || code == std::errc::connection_reset;
}

TEST(WriteAll, DeliversSeveralMebibytesThroughPartialWritesAndSignals) {
    auto [writer_end, reader_end] = socket_pair();
    shrink_send_buffer(writer_end.get());
    const std::string payload = pattern(4 * 1024 * 1024 + 123);
    SignalCounter usr1(SIGUSR1);
    std::promise<ThreadId> writer_id;
    auto writing = std::async(std::launch::async, [&, fd = writer_end.get()] {
        writer_id.set_value(this_thread());
        write_all(fd, payload);
    });
    auto id = writer_id.get_future();
    ASSERT_TRUE(ready_within(id, 5s));
    const ThreadId writer = id.get();

    // Drain in small reads. Now and then, once the writer is blocked on the
    // full buffer, signal it twice without reading in between: the first
    // signal makes send() return with only part of the bytes written, the
    // second finds the next send() blocked before it wrote any, so it fails
    // with EINTR. write_all must carry on after both.
    const Deadline deadline = deadline_in(8s);
    constexpr int kRounds = 8;
    int rounds = 0;
    int interruptions = 0;
    std::string received;
    received.reserve(payload.size());
    char chunk[512];
    while (received.size() < payload.size() && std::chrono::steady_clock::now() < deadline) {
        if (rounds < kRounds && received.size() >= payload.size() / kRounds * rounds) {
            ++rounds;
            for (int i = 0; i < 2; ++i) {
                if (!wait_until_asleep(
                        writer, [&] { return is_ready(writing); }, deadline) ||
                    !interrupt(writer, usr1, deadline)) {
                    rounds = kRounds;  // the writer has finished or failed
                    break;
                }
                ++interruptions;
            }
        }
        pollfd readable{reader_end.get(), POLLIN, 0};
        const int ready = ::poll(&readable, 1, 100);
        if (ready == 0 && is_ready(writing)) {
            break;  // nothing pending, and nothing more will come
        }
        if (ready <= 0) {
            continue;
        }
        const ssize_t got = ::read(reader_end.get(), chunk, sizeof chunk);
        if (got <= 0) {
            break;
        }
        received.append(chunk, static_cast<std::size_t>(got));
    }
    if (!is_ready(writing)) {
        ::shutdown(reader_end.get(), SHUT_RDWR);  // unblocks a writer that is stuck
    }
    writing.get();
    expect_same_bytes(payload, received);
    EXPECT_GE(interruptions, 2) << "the test could not interrupt the writer; nothing was proven";
}

TEST(WriteAll, ThrowsEpipeInsteadOfRaisingSigpipe) {
    auto [writer_end, reader_end] = socket_pair();
    reader_end.close();
    SignalCounter sigpipe(SIGPIPE);  // counts it instead of letting it kill the tests
    try {
        write_all(writer_end.get(), "hello");
        ADD_FAILURE() << "write_all to a socket whose peer is closed returned normally";
    } catch (const std::system_error& error) {
        EXPECT_TRUE(is_peer_gone(error.code()))
            << "expected EPIPE or ECONNRESET, got: " << error.what();
    }
    EXPECT_EQ(sigpipe.count(), 0)
        << "write_all raised SIGPIPE, whose default action kills the whole server";
}

TEST(WriteAll, ThrowsWhenATcpPeerHasClosed) {
    auto [client, accepted] = tcp_pair();
    accepted.close();
    SignalCounter sigpipe(SIGPIPE);
    const std::string block(64 * 1024, 'x');
    std::error_code error;
    // The first bytes may still be taken in; the peer's reset fails a later write.
    for (int i = 0; i < 64 && !error; ++i) {
        try {
            write_all(client.get(), block);
        } catch (const std::system_error& e) {
            error = e.code();
        }
    }
    EXPECT_TRUE(is_peer_gone(error))
        << "expected EPIPE or ECONNRESET, got: " << (error ? error.message() : "no error in 4 MiB");
    EXPECT_EQ(sigpipe.count(), 0)
        << "write_all raised SIGPIPE, whose default action kills the whole server";
}

TEST(WriteAll, WritesToAPipeToo) {
    auto [read_end, write_end] = pipe_pair();
    const std::string payload = pattern(16 * 1024);  // fits the pipe's buffer

    write_all(write_end.get(), payload);
    write_end.close();

    expect_same_bytes(payload, read_until_close(read_end.get()));
}

}  // namespace
