#include "minifw/util/percent.hpp"

#include "minifw/util/hex.hpp"

namespace minifw::util {
namespace {

constexpr unsigned char byte_at(std::string_view text, std::size_t at) noexcept {
    return static_cast<unsigned char>(text[at]);
}

// The well-formed sequences of RFC 3629 section 4. The narrowed ranges for
// the second byte after E0, ED, F0 and F4 are what refuse overlong forms,
// UTF-16 surrogates and code points past U+10FFFF; C0 and C1 can only start
// overlong forms, so they never start a sequence.
bool is_valid_utf8(std::string_view text) noexcept {
    std::size_t at = 0;
    while (at < text.size()) {
        unsigned char lead = byte_at(text, at);
        if (lead < 0x80) {
            ++at;
            continue;
        }
        std::size_t length = 0;
        unsigned char low = 0x80;
        unsigned char high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            low = lead == 0xE0 ? 0xA0 : 0x80;
            high = lead == 0xED ? 0x9F : 0xBF;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            low = lead == 0xF0 ? 0x90 : 0x80;
            high = lead == 0xF4 ? 0x8F : 0xBF;
        } else {
            return false;
        }
        if (text.size() - at < length) {
            return false;
        }
        unsigned char second = byte_at(text, at + 1);
        if (second < low || second > high) {
            return false;
        }
        for (std::size_t k = 2; k < length; ++k) {
            unsigned char next = byte_at(text, at + k);
            if (next < 0x80 || next > 0xBF) {
                return false;
            }
        }
        at += length;
    }
    return true;
}

}  // namespace

PercentDecoded percent_decode(std::string_view text) {
    PercentDecoded result;
    result.text.reserve(text.size());
    for (std::size_t at = 0; at < text.size(); ++at) {
        char c = text[at];
        if (c == '%') {
            const int high = at + 2 < text.size() ? hex_digit_value(text[at + 1]) : -1;
            const int low = at + 2 < text.size() ? hex_digit_value(text[at + 2]) : -1;
            if (high < 0 || low < 0) {
                return {{}, PercentError::bad_escape, at};
            }
            c = static_cast<char>(high * 16 + low);
            if (c == '\0') {
                return {{}, PercentError::nul_byte, at};
            }
            at += 2;
        } else if (c == '\0') {
            // Later code (file names, C APIs) would stop at the NUL and see
            // a different string from the one that was checked.
            return {{}, PercentError::nul_byte, at};
        }
        result.text += c;
    }
    if (!is_valid_utf8(result.text)) {
        return {{}, PercentError::not_utf8, 0};
    }
    return result;
}

std::string describe(const PercentDecoded& failed) {
    const std::string where = " at byte " + std::to_string(failed.at);
    switch (failed.error) {
        case PercentError::none:
            return "decoded";
        case PercentError::bad_escape:
            return "bad percent-escape" + where +
                   ": '%' must be followed by two hex digits (a literal '%' is written %25)";
        case PercentError::nul_byte:
            return "a NUL byte (%00)" + where + " is not allowed in a URL";
        case PercentError::not_utf8:
            return "the decoded URL is not valid UTF-8 (RFC 3629)";
    }
    return "does not decode";
}

}  // namespace minifw::util
