// Exercise 01.2: listen_tcp, local_port, accept_client and connect_tcp.

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <csignal>
#include <future>
#include <stdexcept>
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

TEST(Listener, ListensOnAnEphemeralPortThatClientsCanReach) {
    UniqueFd listener = listen_tcp("127.0.0.1", 0);
    const std::uint16_t port = local_port(listener);
    ASSERT_NE(port, 0) << "port 0 asks the kernel for a port; local_port must report it";
    EXPECT_EQ(port, port_of(listener.get()));

    TestFd client = connect_loopback(port);
    UniqueFd accepted = accept_client(listener);
    ASSERT_TRUE(accepted);

    send_all(client.get(), "ping");
    EXPECT_BYTES_EQ("ping", read_until_contains(accepted.get(), "ping"));
    send_all(accepted.get(), "pong");
    EXPECT_BYTES_EQ("pong", read_until_contains(client.get(), "pong"));
}

TEST(Listener, ListeningAcceptedAndConnectedSocketsAreCloseOnExec) {
    UniqueFd listener = listen_tcp("127.0.0.1", 0);
    UniqueFd client = connect_tcp("127.0.0.1", local_port(listener));
    UniqueFd accepted = accept_client(listener);
    EXPECT_TRUE(is_close_on_exec(listener.get())) << "the listening socket";
    EXPECT_TRUE(is_close_on_exec(accepted.get())) << "the accepted socket";
    EXPECT_TRUE(is_close_on_exec(client.get())) << "the socket connect_tcp made";
}

TEST(Listener, SetsReuseAddrSoARestartedServerCanBindAtOnce) {
    UniqueFd listener = listen_tcp("127.0.0.1", 0);
    int on = 0;
    socklen_t size = sizeof on;
    ASSERT_EQ(::getsockopt(listener.get(), SOL_SOCKET, SO_REUSEADDR, &on, &size), 0);
    EXPECT_NE(on, 0) << "SO_REUSEADDR is not set on the listening socket";
}

TEST(Listener, BindingAPortInUseThrowsNamingTheAddress) {
    TestFd taken = bound_socket(true);
    const std::uint16_t port = port_of(taken.get());
    const int descriptors = minifw::test::open_fd_count();
    try {
        listen_tcp("127.0.0.1", port);
        FAIL() << "listening on port " << port << ", which another socket listens on, succeeded";
    } catch (const std::system_error& error) {
        EXPECT_EQ(error.code(), std::errc::address_in_use) << error.what();
        const std::string what = error.what();
        EXPECT_NE(what.find("bind"), std::string::npos) << "name the call that failed: " << what;
        EXPECT_NE(what.find("127.0.0.1:" + std::to_string(port)), std::string::npos)
            << "name the address: " << what;
    }
    EXPECT_EQ(minifw::test::open_fd_count(), descriptors)
        << "the socket made before bind() failed must be closed, not leaked";
}

TEST(Listener, RejectsAHostThatIsNotAnIPv4Address) {
    try {
        listen_tcp("localhost", 0);
        FAIL() << "listen_tcp(\"localhost\") should throw std::invalid_argument";
    } catch (const std::invalid_argument& error) {
        EXPECT_NE(std::string(error.what()).find("localhost"), std::string::npos)
            << "name the host that was rejected: " << error.what();
    }
    EXPECT_THROW(connect_tcp("127.0.0.300", 80), std::invalid_argument);
}

TEST(Listener, ConnectTcpReachesAListener) {
    TestFd listener = bound_socket(true);
    UniqueFd client = connect_tcp("127.0.0.1", port_of(listener.get()));
    ASSERT_TRUE(client);
    TestFd accepted(::accept(listener.get(), nullptr, nullptr));
    ASSERT_GE(accepted.get(), 0);

    send_all(client.get(), "hello");
    EXPECT_BYTES_EQ("hello", read_until_contains(accepted.get(), "hello"));
}

TEST(Listener, ConnectingWhereNobodyListensThrowsNamingTheAddress) {
    // Bound but not listening: the port is ours, and every connect is refused.
    TestFd closed = bound_socket(false);
    const std::uint16_t port = port_of(closed.get());
    const int descriptors = minifw::test::open_fd_count();
    try {
        connect_tcp("127.0.0.1", port);
        FAIL() << "connect_tcp to a port where nobody listens succeeded";
    } catch (const std::system_error& error) {
        EXPECT_EQ(error.code(), std::errc::connection_refused) << error.what();
        const std::string what = error.what();
        EXPECT_NE(what.find("connect"), std::string::npos) << "name the call that failed: " << what;
        EXPECT_NE(what.find("127.0.0.1:" + std::to_string(port)), std::string::npos)
            << "name the address: " << what;
    }
    EXPECT_EQ(minifw::test::open_fd_count(), descriptors)
        << "the socket of a connect() that failed must be closed, not leaked";
}

TEST(Listener, AcceptIsRetriedWhenASignalInterruptsIt) {
    UniqueFd listener = listen_tcp("127.0.0.1", 0);
    const std::uint16_t port = local_port(listener);
    SignalCounter usr1(SIGUSR1);
    std::promise<ThreadId> acceptor_id;
    auto accepting = std::async(std::launch::async, [&] {
        acceptor_id.set_value(this_thread());
        return accept_client(listener);
    });
    auto id = acceptor_id.get_future();
    ASSERT_TRUE(ready_within(id, 5s));
    const ThreadId acceptor = id.get();

    // Interrupt accept() while it waits, then give it a client.
    const Deadline deadline = deadline_in(5s);
    int interruptions = 0;
    for (int i = 0; i < 3; ++i) {
        if (!wait_until_asleep(
                acceptor, [&] { return is_ready(accepting); }, deadline) ||
            !interrupt(acceptor, usr1, deadline)) {
            break;
        }
        ++interruptions;
    }
    TestFd client;
    if (!is_ready(accepting)) {
        client = connect_loopback(port);
    }
    if (!ready_within(accepting, 5s)) {
        ::shutdown(listener.get(), SHUT_RDWR);  // wakes accept() so the test can end
        FAIL() << "accept_client did not return after a client connected";
    }
    UniqueFd accepted = accepting.get();
    EXPECT_TRUE(accepted);
    EXPECT_GE(interruptions, 1) << "the test could not interrupt accept(); nothing was proven";
}

}  // namespace
