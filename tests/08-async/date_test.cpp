// Exercise 08.1: the Date header, rendered once a second per thread.

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "alloc_count.hpp"
#include "minifw/async/date.hpp"
#include "minifw/http/status.hpp"

namespace minifw {
namespace {

TEST(CachedDate, IsTheHttpDateOfNow) {
    const auto before = std::chrono::system_clock::now();
    const std::string text(async::cached_http_date());
    const auto after = std::chrono::system_clock::now();
    // A second may begin between the two readings of the clock.
    EXPECT_TRUE(text == http::http_date(before) || text == http::http_date(after))
        << "cached_http_date() gave \"" << text << "\"; now is \"" << http::http_date(after)
        << "\" (RFC 9110 section 5.6.7's IMF-fixdate)";
}

TEST(CachedDate, FormatsAtMostOnceASecond) {
    (void)async::cached_http_date();  // this thread's first: formats once
    const std::size_t before = test::allocations_on_this_thread();
    for (int i = 0; i < 1000; ++i) {
        (void)async::cached_http_date();
    }
    // Formatting allocates a new string; 1,000 calls within about a second
    // may cross one second boundary, never more.
    EXPECT_LE(test::allocations_on_this_thread() - before, 2u)
        << "1,000 calls of cached_http_date() allocated "
        << test::allocations_on_this_thread() - before
        << " times: the text must be kept and made again only when the second changes";
}

TEST(CachedDate, EachThreadHasItsOwn) {
    const char* mine = async::cached_http_date().data();
    const char* theirs = nullptr;
    std::string their_text;
    std::thread other([&] {
        theirs = async::cached_http_date().data();
        their_text = std::string(async::cached_http_date());
    });
    other.join();
    EXPECT_NE(mine, theirs) << "two threads share one buffer: one may read it while the other "
                               "rewrites it (make the cache thread_local)";
    EXPECT_EQ(their_text.size(), 29u) << their_text;
}

}  // namespace
}  // namespace minifw
