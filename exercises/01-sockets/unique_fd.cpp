#include "minifw/net/unique_fd.hpp"
#include "minifw/exercise.hpp"

// Exercise 01.1: a move-only owner of one file descriptor that closes it
// exactly once. Everything in this file.

namespace minifw::net {
namespace {

constexpr const char* kSection =
    "lessons/01-sockets/README.md#exercise-011-an-owned-file-descriptor";

// The noexcept members call this rather than throw themselves, which the
// compiler would flag. Reaching it from one of them still ends the program,
// with the message naming this exercise.
[[noreturn]] void not_done() { throw ExerciseNotDone{"01.1", kSection}; }

}  // namespace

UniqueFd::UniqueFd(int) { not_done(); }

UniqueFd::UniqueFd(UniqueFd&&) noexcept { not_done(); }

UniqueFd& UniqueFd::operator=(UniqueFd&&) noexcept { not_done(); }

// A destructor must not throw, so until it is written it closes nothing.
UniqueFd::~UniqueFd() {}

int UniqueFd::get() const noexcept { not_done(); }

UniqueFd::operator bool() const noexcept { not_done(); }

int UniqueFd::release() noexcept { not_done(); }

void UniqueFd::reset(int) { not_done(); }

}  // namespace minifw::net
