#pragma once
/// @file
/// Percent-decoding: the one decoder every stage uses, with one policy
/// (given, not an exercise).

#include <cstddef>
#include <string>
#include <string_view>

namespace minifw::util {

/// Why a text did not decode.
enum class PercentError {
    none,        ///< it decoded
    bad_escape,  ///< a '%' not followed by two hex digits
    nul_byte,    ///< a NUL, raw or as %00: C APIs and file names would stop there
    not_utf8,    ///< the decoded bytes are not valid UTF-8 (RFC 3629), overlong forms included
};

/// What percent_decode() made of a text.
struct PercentDecoded {
    std::string text;                         ///< the decoded bytes, when error is none
    PercentError error = PercentError::none;  ///< why it failed, if it did
    std::size_t at = 0;                       ///< the byte offset in the input where it failed
    /// True when the text decoded.
    explicit operator bool() const noexcept { return error == PercentError::none; }
};

/// Decodes every "%XX" escape (hex digits of either case, RFC 3986 2.1) in
/// `text`, and refuses, in one policy for the router, CGI and static files:
/// a bad escape, a NUL byte (raw or %00), and a result that is not valid
/// UTF-8 (RFC 3629 section 4; this refuses overlong forms such as "%C0%AF"
/// for '/', the classic way around a check for "../"). '+' is left alone:
/// it means a space only in form data.
PercentDecoded percent_decode(std::string_view text);

/// A message for a failed decoding that names the byte offset, never the
/// client's text (which does not belong in a response sent back to it).
std::string describe(const PercentDecoded& failed);

}  // namespace minifw::util
