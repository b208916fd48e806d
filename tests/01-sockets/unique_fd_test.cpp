// Exercise 01.1: UniqueFd owns a descriptor and closes it exactly once.

#include <gtest/gtest.h>
#include <unistd.h>

#include <stdexcept>
#include <utility>
#include <vector>

#include "descriptors.hpp"
#include "minifw/net/unique_fd.hpp"
#include "minifw_test/net.hpp"

namespace {

using minifw::net::UniqueFd;
using namespace minifw::test;

// Hands `raw` over to a UniqueFd. The TestFd lets go only once the UniqueFd
// holds the descriptor, so a constructor that throws leaks nothing.
UniqueFd adopt(TestFd& raw) {
    UniqueFd owned(raw.get());
    static_cast<void>(raw.release());
    return owned;
}

TEST(UniqueFd, ClosesItsDescriptorWhenDestroyed) {
    const int before = open_fd_count();
    TestFd raw = fresh_descriptor();
    const int fd = raw.get();
    {
        UniqueFd owned = adopt(raw);
        EXPECT_TRUE(owned);
        EXPECT_EQ(owned.get(), fd);
        EXPECT_TRUE(is_open(fd));
    }
    EXPECT_FALSE(is_open(fd)) << "fd " << fd << " is still open after its UniqueFd was destroyed";
    EXPECT_EQ(open_fd_count(), before) << "a descriptor leaked";
}

TEST(UniqueFd, MovedFromHandleHoldsNothingAndClosesNothing) {
    TestFd raw = fresh_descriptor();
    const int fd = raw.get();
    UniqueFd target;
    {
        UniqueFd source = adopt(raw);
        target = UniqueFd(std::move(source));
        EXPECT_EQ(source.get(), -1) << "a moved-from UniqueFd must hold -1";
        EXPECT_FALSE(source);
        EXPECT_EQ(target.get(), fd);
    }
    EXPECT_TRUE(is_open(fd)) << "destroying the moved-from handle closed fd " << fd
                             << ", which the new owner still holds";
    target.reset();
    EXPECT_FALSE(is_open(fd));
}

TEST(UniqueFd, ClosesExactlyOnceEvenAfterItsNumberIsReused) {
    TestFd raw = fresh_descriptor();
    TestFd other = fresh_descriptor();
    const int fd = raw.get();
    {
        UniqueFd first = adopt(raw);
        { UniqueFd second(std::move(first)); }
        ASSERT_FALSE(is_open(fd)) << "the new owner did not close fd " << fd;
        // The kernel hands out the lowest free number, so an unrelated file
        // soon gets this one. Make that happen now, then let `first` die.
        ASSERT_EQ(::dup2(other.get(), fd), fd);
    }
    EXPECT_TRUE(is_open(fd)) << "fd " << fd << " was closed a second time, by the moved-from "
                             << "handle: that closed an unrelated file that reused the number";
    ::close(fd);
}

TEST(UniqueFd, MoveAssignmentClosesTheDescriptorItHeld) {
    TestFd raw_old = fresh_descriptor();
    TestFd raw_new = fresh_descriptor();
    const int old_fd = raw_old.get();
    const int new_fd = raw_new.get();
    UniqueFd owner = adopt(raw_old);
    UniqueFd incoming = adopt(raw_new);

    owner = std::move(incoming);

    EXPECT_FALSE(is_open(old_fd)) << "move assignment must close the descriptor it replaced";
    EXPECT_TRUE(is_open(new_fd));
    EXPECT_EQ(owner.get(), new_fd);
    EXPECT_EQ(incoming.get(), -1);
}

TEST(UniqueFd, SelfMoveAssignmentKeepsTheDescriptorOpen) {
    TestFd raw = fresh_descriptor();
    const int fd = raw.get();
    UniqueFd owner = adopt(raw);
    UniqueFd& same = owner;  // a self-move, as it happens through references

    owner = std::move(same);

    EXPECT_EQ(owner.get(), fd) << "self-move assignment lost the descriptor";
    EXPECT_TRUE(is_open(fd)) << "self-move assignment closed the descriptor it keeps";
}

TEST(UniqueFd, ReleaseHandsTheDescriptorOverWithoutClosingIt) {
    TestFd raw = fresh_descriptor();
    const int fd = raw.get();
    int released = -1;
    {
        UniqueFd owner = adopt(raw);
        released = owner.release();
        EXPECT_EQ(owner.get(), -1);
        EXPECT_FALSE(owner);
    }
    EXPECT_EQ(released, fd);
    EXPECT_TRUE(is_open(fd)) << "after release() the caller owns fd " << fd
                             << "; the UniqueFd must not close it";
    TestFd back(released);
}

TEST(UniqueFd, ResetClosesTheOldDescriptorAndTakesTheNewOne) {
    TestFd raw_first = fresh_descriptor();
    TestFd raw_second = fresh_descriptor();
    const int first = raw_first.get();
    const int second = raw_second.get();
    UniqueFd owner = adopt(raw_first);

    owner.reset(raw_second.release());
    EXPECT_FALSE(is_open(first)) << "reset(fd) must close the descriptor it held";
    EXPECT_EQ(owner.get(), second);

    owner.reset(second);
    EXPECT_TRUE(is_open(second)) << "reset() to the descriptor already held must keep it open";

    owner.reset();
    EXPECT_FALSE(is_open(second)) << "reset() must close the descriptor it held";
    EXPECT_EQ(owner.get(), -1);
    EXPECT_FALSE(owner);
}

TEST(UniqueFd, AcceptsMinusOneButRejectsOtherNegativeNumbers) {
    UniqueFd none(-1);
    EXPECT_FALSE(none);
    EXPECT_EQ(none.get(), -1);
    EXPECT_THROW(UniqueFd(-2), std::invalid_argument);
    EXPECT_THROW(none.reset(-5), std::invalid_argument);
}

TEST(UniqueFd, LeaksNothingWhenHandlesAreMovedAround) {
    const int before = open_fd_count();
    {
        std::vector<UniqueFd> handles;
        for (int i = 0; i < 64; ++i) {
            TestFd raw = fresh_descriptor();
            handles.push_back(adopt(raw));  // reallocation moves every handle
        }
        std::vector<UniqueFd> others(handles.size());
        for (std::size_t i = 0; i < handles.size(); ++i) {
            others[others.size() - 1 - i] = std::move(handles[i]);
        }
        for (std::size_t i = 0; i < handles.size(); i += 2) {
            handles[i] = std::move(others[i]);  // half move back, half stay
        }
        EXPECT_EQ(open_fd_count(), before + 64) << "a move closed or duplicated a descriptor";
    }
    EXPECT_EQ(open_fd_count(), before) << "descriptors leaked";
}

}  // namespace
