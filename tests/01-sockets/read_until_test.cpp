// Exercise 01.4: read_until reads up to a delimiter, keeps what follows it,
// and refuses to buffer without limit.

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <csignal>
#include <future>
#include <stdexcept>
#include <string>
#include <utility>

#include "minifw/net/socket.hpp"
#include "minifw_test/bytes.hpp"
#include "minifw_test/net.hpp"
#include "threads.hpp"

namespace {

using namespace minifw::net;
using namespace minifw::test;
using namespace std::chrono_literals;

// What a read_until on another thread ended with.
struct Outcome {
    ReadResult result;
    std::string buffer;
};

// Starts read_until(fd, "\r\n\r\n") on another thread, and reports that
// thread's id through `id` before it reads.
std::future<Outcome> read_head_async(int fd, std::promise<ThreadId>& id) {
    return std::async(std::launch::async, [fd, &id] {
        id.set_value(this_thread());
        Outcome outcome{};
        outcome.result = read_until(fd, outcome.buffer, "\r\n\r\n", 1024);
        return outcome;
    });
}

TEST(ReadUntil, FindsADelimiterThatArrivesOneByteAtATime) {
    auto [reader_end, writer_end] = socket_pair();
    const std::string head = "GET / HTTP/1.1\r\nHost: example.test\r\n\r\n";
    std::promise<ThreadId> reader_id;
    auto reading = read_head_async(reader_end.get(), reader_id);
    auto id = reader_id.get_future();
    ASSERT_TRUE(ready_within(id, 5s));
    const ThreadId reader = id.get();

    // One byte per write, each once the reader is blocked again: every read
    // returns one byte, and the delimiter is split across four of them.
    const Deadline deadline = deadline_in(5s);
    for (char byte : head) {
        wait_until_asleep(
            reader, [&] { return is_ready(reading); }, deadline);
        if (is_ready(reading)) {
            break;  // returned early: the checks below say how
        }
        send_all(writer_end.get(), std::string(1, byte));
    }
    if (!ready_within(reading, 5s)) {
        ::shutdown(writer_end.get(), SHUT_RDWR);  // ends the read so the test can end
        FAIL() << "read_until did not return after the whole head arrived: is the delimiter "
                  "searched where it may span two reads?";
    }
    const Outcome outcome = reading.get();
    ASSERT_EQ(outcome.result.status, ReadStatus::found);
    EXPECT_EQ(outcome.result.end, head.size());
    EXPECT_BYTES_EQ(head, outcome.buffer);
}

TEST(ReadUntil, KeepsPipelinedBytesForTheNextCall) {
    auto [reader_end, writer_end] = socket_pair();
    send_all(writer_end.get(), "first\r\nsecond\r\nthird\r\n");  // one write, three messages
    ::shutdown(writer_end.get(), SHUT_WR);

    std::string buffer;
    for (std::string_view expected : {"first\r\n", "second\r\n", "third\r\n"}) {
        const ReadResult result = read_until(reader_end.get(), buffer, "\r\n", 64);
        ASSERT_EQ(result.status, ReadStatus::found)
            << "lost the bytes after the previous delimiter before reaching \""
            << escape_bytes(expected) << "\"";
        EXPECT_BYTES_EQ(expected, buffer.substr(0, result.end));
        buffer.erase(0, result.end);
    }
    EXPECT_EQ(read_until(reader_end.get(), buffer, "\r\n", 64).status, ReadStatus::closed);
    EXPECT_BYTES_EQ("", buffer);
}

TEST(ReadUntil, SearchesBytesAlreadyBufferedBeforeReading) {
    auto [reader_end, writer_end] = socket_pair();
    ::shutdown(writer_end.get(), SHUT_WR);  // a read would report the end of the stream
    std::string buffer = "GET /a HTTP/1.1\r\n\r\nGET /b";

    const ReadResult result = read_until(reader_end.get(), buffer, "\r\n\r\n", 1024);

    ASSERT_EQ(result.status, ReadStatus::found)
        << "read_until read before searching the bytes it already had";
    EXPECT_EQ(result.end, 19u);
    EXPECT_BYTES_EQ("GET /a HTTP/1.1\r\n\r\nGET /b", buffer);
}

TEST(ReadUntil, ThrowsLengthErrorWhenNoDelimiterComesWithinMaxBytes) {
    auto [reader_end, writer_end] = socket_pair();
    send_all(writer_end.get(), std::string(100, 'a'));
    ::shutdown(writer_end.get(), SHUT_WR);
    std::string buffer;
    EXPECT_THROW(read_until(reader_end.get(), buffer, "\r\n", 64), std::length_error);

    // A delimiter that ends one byte past the limit is too late as well.
    auto [reader2, writer2] = socket_pair();
    send_all(writer2.get(), "abcd\r\n");
    ::shutdown(writer2.get(), SHUT_WR);
    std::string buffer2;
    EXPECT_THROW(read_until(reader2.get(), buffer2, "\r\n", 5), std::length_error);
}

TEST(ReadUntil, NeverBuffersMoreThanMaxBytes) {
    auto [reader_end, writer_end] = socket_pair();
    send_all(writer_end.get(), std::string(5000, 'a') + "\r\n");
    ::shutdown(writer_end.get(), SHUT_WR);
    std::string buffer;
    EXPECT_THROW(read_until(reader_end.get(), buffer, "\r\n", 100), std::length_error);
    EXPECT_LE(buffer.size(), 100u) << "read_until buffered past max_bytes before giving up";
}

TEST(ReadUntil, AcceptsAMessageOfExactlyMaxBytes) {
    auto [reader_end, writer_end] = socket_pair();
    send_all(writer_end.get(), "abc\r\nxyz");
    std::string buffer;

    const ReadResult result = read_until(reader_end.get(), buffer, "\r\n", 5);

    ASSERT_EQ(result.status, ReadStatus::found) << "5 bytes with the delimiter fit max_bytes = 5";
    EXPECT_EQ(result.end, 5u);
    EXPECT_BYTES_EQ("abc\r\n", buffer.substr(0, result.end));
}

TEST(ReadUntil, ReportsClosedAndKeepsThePartialMessage) {
    auto [reader_end, writer_end] = socket_pair();
    send_all(writer_end.get(), "GET /half");
    writer_end.close();
    std::string buffer;

    const ReadResult result = read_until(reader_end.get(), buffer, "\r\n\r\n", 1024);

    EXPECT_EQ(result.status, ReadStatus::closed);
    EXPECT_BYTES_EQ("GET /half", buffer);
}

TEST(ReadUntil, RetriesAReadThatASignalInterrupted) {
    auto [reader_end, writer_end] = socket_pair();
    SignalCounter usr1(SIGUSR1);
    std::promise<ThreadId> reader_id;
    auto reading = read_head_async(reader_end.get(), reader_id);
    auto id = reader_id.get_future();
    ASSERT_TRUE(ready_within(id, 5s));
    const ThreadId reader = id.get();

    // Each signal lands while read() is blocked, which then fails with EINTR.
    const Deadline deadline = deadline_in(5s);
    int interruptions = 0;
    for (int i = 0; i < 3; ++i) {
        if (!wait_until_asleep(
                reader, [&] { return is_ready(reading); }, deadline) ||
            !interrupt(reader, usr1, deadline)) {
            break;
        }
        ++interruptions;
    }
    if (!is_ready(reading)) {
        send_all(writer_end.get(), "PING / HTTP/1.1\r\n\r\n");
    }
    if (!ready_within(reading, 5s)) {
        ::shutdown(writer_end.get(), SHUT_RDWR);
        FAIL() << "read_until did not return after the data arrived";
    }
    const Outcome outcome = reading.get();
    EXPECT_EQ(outcome.result.status, ReadStatus::found);
    EXPECT_BYTES_EQ("PING / HTTP/1.1\r\n\r\n", outcome.buffer);
    EXPECT_GE(interruptions, 1) << "the test could not interrupt read(); nothing was proven";
}

}  // namespace
