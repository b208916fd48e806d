#pragma once
/// @file
/// An owned file descriptor (stage 01, exercise 01.1).

#include <utility>

namespace minifw::net {

/// Owns one file descriptor and closes it exactly once.
///
/// Move-only: copying a descriptor would close it twice. A moved-from
/// UniqueFd holds -1 and closes nothing.
class UniqueFd {
public:
    /// An empty handle (holds -1).
    UniqueFd() noexcept = default;
    /// Takes ownership of `fd` (which may be -1).
    explicit UniqueFd(int fd) noexcept;
    UniqueFd(UniqueFd&& other) noexcept;
    /// Closes the descriptor held now, then takes `other`'s.
    UniqueFd& operator=(UniqueFd&& other) noexcept;
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    /// Closes the descriptor if one is held.
    ~UniqueFd();

    /// The descriptor, or -1; ownership stays here.
    int get() const noexcept;
    /// True when a descriptor is held.
    explicit operator bool() const noexcept;
    /// Gives up ownership without closing; returns the descriptor.
    int release() noexcept;
    /// Closes the descriptor held now (if any) and takes `fd`.
    void reset(int fd = -1) noexcept;

private:
    int fd_ = -1;
};

}  // namespace minifw::net
