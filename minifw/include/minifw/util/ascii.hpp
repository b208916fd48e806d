#pragma once
/// @file
/// The small ASCII rules HTTP's grammar is made of, written once for every
/// stage (given).

#include <algorithm>
#include <string_view>

namespace minifw::util {

/// Whitespace as HTTP's grammar means it (OWS, RFC 9110 section 5.6.3):
/// space and horizontal tab, nothing else (not CR, LF or the locale's idea).
constexpr bool is_ows(char c) noexcept { return c == ' ' || c == '\t'; }

/// `text` without optional whitespace (space and tab) at either end.
constexpr std::string_view trim_ows(std::string_view text) noexcept {
    while (!text.empty() && is_ows(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_ows(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

/// A character a token may hold (tchar, RFC 9110 section 5.6.2): a letter, a
/// digit, or one of the fifteen symbols that section lists. Field names and
/// methods are tokens.
constexpr bool is_tchar(char c) noexcept {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        return true;
    }
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

/// True when `text` is a token: one or more tchar.
constexpr bool is_token(std::string_view text) noexcept {
    return !text.empty() && std::all_of(text.begin(), text.end(), is_tchar);
}

}  // namespace minifw::util
