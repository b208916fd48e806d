#pragma once
/// @file
/// An owned file descriptor (stage 01, exercise 01.1).

namespace minifw::net {

/// Owns one file descriptor and closes it exactly once.
///
/// Move-only: a copy would close the same descriptor twice, and the second
/// close() could hit an unrelated file that has since been given that number.
/// A moved-from UniqueFd holds -1 and closes nothing.
class UniqueFd {
public:
    /// An empty handle (holds -1).
    UniqueFd() noexcept = default;
    /// Takes ownership of `fd`: a descriptor, or -1 for none. Any other
    /// negative value is a bug in the caller and throws std::invalid_argument.
    explicit UniqueFd(int fd);
    /// Takes `other`'s descriptor and leaves `other` empty.
    UniqueFd(UniqueFd&& other) noexcept;
    /// Closes the descriptor held now, then takes `other`'s. Self-move keeps it.
    UniqueFd& operator=(UniqueFd&& other) noexcept;
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    /// Closes the descriptor if one is held.
    ~UniqueFd();

    /// The descriptor, or -1; ownership stays here.
    int get() const noexcept;
    /// True when a descriptor is held.
    explicit operator bool() const noexcept;
    /// Gives up ownership without closing and returns the descriptor; the
    /// caller must close it.
    [[nodiscard]] int release() noexcept;
    /// Closes the descriptor held now (if any) and takes `fd` (a descriptor,
    /// or -1 for none; other negatives throw std::invalid_argument).
    /// Resetting to the descriptor already held keeps it open.
    void reset(int fd = -1);

private:
    int fd_ = -1;
};

}  // namespace minifw::net
