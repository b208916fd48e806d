#pragma once
/// @file
/// Hexadecimal digits, for percent-encoding in several stages (given).

namespace minifw::util {

/// The value of one hex digit of either case (RFC 3986 2.1), or -1.
constexpr int hex_digit_value(char c) noexcept {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

}  // namespace minifw::util
