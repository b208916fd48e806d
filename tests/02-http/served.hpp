#pragma once
/// @file
/// serve_connection on one end of a socketpair, with the test as the client
/// at the other end.

#include <cstddef>
#include <future>
#include <optional>
#include <string>
#include <string_view>

#include "minifw/http/connection.hpp"
#include "minifw_test/net.hpp"

namespace minifw::test {

/// Runs serve_connection on its own thread (through std::async, so what it
/// throws comes back to the test). When it returns, its socket is shut down,
/// as the caller that owns the socket would close it. Every wait has a
/// deadline; a server that stops early is noticed at once, and an exception
/// it threw (such as ExerciseNotDone) is rethrown into the test.
class ServedConnection {
public:
    explicit ServedConnection(http::Handler handler, http::ConnectionOptions options = {});
    /// Unblocks the server if it is still running, and waits for it.
    ~ServedConnection();
    ServedConnection(const ServedConnection&) = delete;
    ServedConnection& operator=(const ServedConnection&) = delete;

    /// Sends `bytes` to the server.
    void send(std::string_view bytes);
    /// Shuts down the client's sending side: the server reads end of stream.
    void close_sending();

    /// Reads one whole response: the head, then as many body bytes as its
    /// Content-Length says (none for a response to HEAD). Returns what
    /// arrived (possibly nothing) when the server ends the stream first.
    std::string read_response(bool head_request = false);

    /// Reads until `marker` has arrived and returns everything up to and
    /// including it (what follows stays unread); what arrived, possibly
    /// nothing, when the server ends the stream first.
    std::string read_until(std::string_view marker);

    /// True when the server ends the stream (after any bytes not yet read,
    /// which extra_bytes() then holds) within the deadline.
    bool sees_end_of_stream();

    /// Bytes read after the last whole response.
    const std::string& extra_bytes() const { return unread_; }

    /// Shuts down the client's sending side (a client that is done), then
    /// waits for what serve_connection returns; rethrows what it threw.
    /// Fails the test and returns -1 (as size_t) when it does not return in
    /// time.
    std::size_t result();

private:
    // Reads what is there within a short slice of time; false at end of
    // stream or once the deadline passed. Rethrows the server's exception
    // when it stopped with one.
    bool read_more();
    // Takes the server's result if it has one now (rethrowing its exception).
    void collect_if_done();
    // Waits, within the deadline, for the server's result (rethrowing its
    // exception).
    void wait_for_server();

    TestFd client_;
    TestFd server_;
    std::future<std::size_t> served_;
    std::optional<std::size_t> result_;
    std::string unread_;
};

/// `response` without its Date line, whose value changes with the clock.
std::string without_date(std::string_view response);

}  // namespace minifw::test
