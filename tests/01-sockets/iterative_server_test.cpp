// Exercise 01.5: fixed_response and the iterative server.

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <cctype>
#include <future>
#include <stdexcept>
#include <string>
#include <utility>

#include "minifw/net/iterative_server.hpp"
#include "minifw/net/socket.hpp"
#include "minifw_test/bytes.hpp"
#include "minifw_test/net.hpp"
#include "threads.hpp"

namespace {

using namespace minifw::net;
using namespace minifw::test;
using namespace std::chrono_literals;

constexpr std::string_view kRequest = "GET / HTTP/1.1\r\nHost: test\r\n\r\n";

// Response bytes that only this test run knows, so that nothing but sending
// exactly what the server was given can match them.
std::string response_for(std::uint16_t port) {
    const std::string body = "served on port " + std::to_string(port) + "\n";
    return "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
}

// A server on an ephemeral port, with what a test needs to stop it.
struct Running {
    UniqueFd listener = listen_tcp("127.0.0.1", 0);
    int listener_fd = listener.get();  // kept to wake a stuck accept()
    std::uint16_t port = local_port(listener);
    std::string response = response_for(port);
    IterativeServer server{std::move(listener), response};
};

// Waits for serve() to return; if it does not, wakes it so the test ends.
::testing::AssertionResult finished(std::future<void>& serving, int listener_fd) {
    if (ready_within(serving, 5s)) {
        serving.get();  // rethrows what serve() threw
        return ::testing::AssertionSuccess();
    }
    ::shutdown(listener_fd, SHUT_RDWR);  // accept() fails, so serve() returns
    return ::testing::AssertionFailure()
           << "serve() did not return after its connections were served";
}

std::string header_value(std::string_view head, std::string_view name) {
    std::string lower_head(head);
    for (char& c : lower_head) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    const std::string key = "\r\n" + std::string(name) + ":";
    const auto at = lower_head.find(key);
    if (at == std::string::npos) {
        return {};
    }
    const auto begin = head.find_first_not_of(' ', at + key.size());
    return std::string(head.substr(begin, head.find("\r\n", begin) - begin));
}

TEST(IterativeServer, FixedResponseHasAContentLengthThatMatchesItsBody) {
    for (const std::string& body :
         {std::string(), std::string("Hello from minifw\n"),
          std::string("na\xc3\xafve caf\xc3\xa9 \xe2\x98\x95"), std::string(10000, 'x')}) {
        const std::string response = fixed_response(body);
        SCOPED_TRACE("body of " + std::to_string(body.size()) + " bytes");
        const auto blank = response.find("\r\n\r\n");
        ASSERT_NE(blank, std::string::npos) << "no blank line ends the head";
        const std::string head = response.substr(0, blank + 2);
        EXPECT_BYTES_EQ("HTTP/1.1 200 OK\r\n", head.substr(0, 17));
        EXPECT_EQ(header_value(head, "content-length"), std::to_string(body.size()));
        EXPECT_EQ(header_value(head, "connection"), "close");
        EXPECT_EQ(header_value(head, "content-type").rfind("text/plain", 0), 0u);
        EXPECT_BYTES_EQ(body, response.substr(blank + 4));
    }
}

TEST(IterativeServer, AnswersThreeClientsOneAfterAnotherWithTheExactBytes) {
    Running running;
    EXPECT_EQ(running.server.port(), running.port);
    auto serving = std::async(std::launch::async, [&] { running.server.serve(3); });
    for (int client_number = 1; client_number <= 3; ++client_number) {
        SCOPED_TRACE("client " + std::to_string(client_number));
        TestFd client = connect_loopback(running.port);
        send_all(client.get(), kRequest);
        EXPECT_BYTES_EQ(running.response, read_until_close(client.get()));
    }
    EXPECT_TRUE(finished(serving, running.listener_fd));
}

TEST(IterativeServer, WaitsForTheWholeHeadBeforeAnswering) {
    Running running;
    TestFd client = connect_loopback(running.port);
    send_all(client.get(), "GET / HTTP/1.1\r\n");  // the head is not over yet
    std::promise<ThreadId> server_id;
    auto serving = std::async(std::launch::async, [&] {
        server_id.set_value(this_thread());
        running.server.serve(1);
    });
    auto id = server_id.get_future();
    ASSERT_TRUE(ready_within(id, 5s));

    // The server has the first line and must now be waiting for the rest.
    wait_until_asleep(
        id.get(), [&] { return is_ready(serving); }, deadline_in(5s));
    EXPECT_FALSE(is_ready(serving)) << "serve(1) finished before the blank line arrived";
    char byte = 0;
    EXPECT_EQ(::recv(client.get(), &byte, 1, MSG_DONTWAIT | MSG_PEEK), -1)
        << "the server answered before the blank line arrived";

    send_all(client.get(), "Host: test\r\n\r\n");
    EXPECT_BYTES_EQ(running.response, read_until_close(client.get()));
    EXPECT_TRUE(finished(serving, running.listener_fd));
}

TEST(IterativeServer, SurvivesAClientThatClosesWithoutSending) {
    Running running;
    auto serving = std::async(std::launch::async, [&] { running.server.serve(2); });
    { TestFd quitter = connect_loopback(running.port); }
    TestFd client = connect_loopback(running.port);
    send_all(client.get(), kRequest);
    EXPECT_BYTES_EQ(running.response, read_until_close(client.get()));
    EXPECT_TRUE(finished(serving, running.listener_fd));
}

TEST(IterativeServer, DropsAClientWhoseHeadExceedsTheLimitAndCarriesOn) {
    Running running;
    auto serving = std::async(std::launch::async, [&] { running.server.serve(2); });

    TestFd flooder = connect_loopback(running.port);
    send_all(flooder.get(), "GET /" + std::string(16 * 1024, 'a'));  // no blank line, ever
    EXPECT_TRUE(peer_closed(flooder.get())) << "the server kept a client whose head never ends";

    TestFd client = connect_loopback(running.port);
    send_all(client.get(), kRequest);
    EXPECT_BYTES_EQ(running.response, read_until_close(client.get()));
    EXPECT_TRUE(finished(serving, running.listener_fd));
}

TEST(IterativeServer, RefusesAnEmptyListener) {
    EXPECT_THROW(IterativeServer(UniqueFd(), "unused"), std::invalid_argument);
}

}  // namespace
