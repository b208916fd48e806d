// Exercise 08.2: one watchdog per connection, a deadline per phase.

#include <gtest/gtest.h>

#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>

#include "async_test.hpp"

namespace minifw {
namespace {

using async::detail::Clock;
using async::detail::Phase;
using async::detail::Watchdog;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using asio::ip::tcp;

async::Deadlines distinct_deadlines() {
    async::Deadlines d;
    d.idle = 30s;
    d.head = 10s;
    d.body = 20s;
    d.write = 40s;
    d.linger = 50s;
    return d;
}

// A connected pair on loopback: `server` is the end the watchdog watches.
struct Pair {
    asio::io_context context{1};
    tcp::acceptor acceptor{context, {asio::ip::make_address_v4("127.0.0.1"), 0}};
    test::TestFd client = test::connect_loopback(acceptor.local_endpoint().port());
    tcp::socket server = acceptor.accept();
};

void expect_deadline_in(Watchdog& dog, Phase phase, std::chrono::milliseconds within,
                        const char* name) {
    const auto before = Clock::now();
    dog.enter(phase);
    const auto after = Clock::now();
    EXPECT_EQ(dog.phase(), phase) << name;
    EXPECT_GE(dog.deadline(), before + within) << name << ": the deadline is now + its limit";
    EXPECT_LE(dog.deadline(), after + within) << name << ": the deadline is now + its limit";
}

TEST(Watchdog, EachPhaseHasItsOwnDeadline) {
    Pair pair;
    const async::Deadlines d = distinct_deadlines();
    Watchdog dog(pair.server, d);
    expect_deadline_in(dog, Phase::idle, d.idle, "idle");
    expect_deadline_in(dog, Phase::head, d.head, "head");
    expect_deadline_in(dog, Phase::body, d.body, "body");
    expect_deadline_in(dog, Phase::write, d.write, "write");
    expect_deadline_in(dog, Phase::linger, d.linger, "linger");
    dog.enter(Phase::handler);
    EXPECT_EQ(dog.deadline(), Clock::time_point::max())
        << "while the application works, the client has no deadline to meet";
}

TEST(Watchdog, ProgressRestartsBodyAndWriteDeadlinesButNotTheHeads) {
    Pair pair;
    Watchdog dog(pair.server, distinct_deadlines());
    auto later_clock = [] {
        const auto start = Clock::now();
        while (Clock::now() == start) {
        }
    };
    for (Phase phase : {Phase::head, Phase::idle}) {
        dog.enter(phase);
        const auto first = dog.deadline();
        later_clock();
        dog.progress();
        EXPECT_EQ(dog.deadline(), first)
            << "a head must be complete in time however it trickles in (slowloris), and "
               "idle ends with the first byte, not with progress";
    }
    for (Phase phase : {Phase::body, Phase::write}) {
        dog.enter(phase);
        const auto first = dog.deadline();
        later_clock();
        dog.progress();
        EXPECT_GT(dog.deadline(), first)
            << "body and write deadlines bound a pause: progress starts them again";
    }
}

TEST(Watchdog, ClosesTheSocketWhenTheDeadlinePasses) {
    Pair pair;
    async::Deadlines d;
    d.head = 20ms;
    Watchdog dog(pair.server, d);
    dog.enter(Phase::head);
    asio::co_spawn(pair.context, dog.watch(), asio::detached);
    pair.context.run_for(10s);
    EXPECT_TRUE(dog.expired()) << "the head deadline of 20 ms passed and nothing happened";
    EXPECT_FALSE(pair.server.is_open()) << "an expired connection's socket is closed";
    EXPECT_TRUE(test::peer_closed(pair.client.get())) << "the client sees the close";
}

TEST(Watchdog, AnEarlierDeadlineWakesTheSleepingTimer) {
    Pair pair;
    async::Deadlines d;
    d.idle = std::chrono::hours(1);
    d.head = 20ms;
    Watchdog dog(pair.server, d);
    dog.enter(Phase::idle);  // the timer sleeps for an hour
    asio::co_spawn(pair.context, dog.watch(), asio::detached);
    asio::post(pair.context, [&] { dog.enter(Phase::head); });  // now it must wake in 20 ms
    pair.context.run_for(10s);
    EXPECT_TRUE(dog.expired())
        << "moving the deadline earlier must wake the timer, or it sleeps until the old one";
}

TEST(Watchdog, StopEndsTheWatchWithoutClosing) {
    Pair pair;
    Watchdog dog(pair.server, distinct_deadlines());
    dog.enter(Phase::idle);  // an hour away
    bool done = false;
    asio::co_spawn(pair.context, dog.watch(), [&](std::exception_ptr e) {
        EXPECT_FALSE(e);
        done = true;
    });
    asio::post(pair.context, [&] { dog.stop(); });  // the connection is over
    pair.context.run_for(10s);
    EXPECT_TRUE(done) << "watch() must return soon after stop(), not at the deadline";
    EXPECT_FALSE(dog.expired());
    EXPECT_TRUE(pair.server.is_open()) << "no deadline passed: the socket stays open";
}

}  // namespace
}  // namespace minifw
