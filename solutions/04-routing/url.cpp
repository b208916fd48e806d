#include "minifw/routing/url.hpp"

#include "minifw/util/hex.hpp"

#include <algorithm>
#include <cstddef>
#include <string>

#include "minifw/http/status.hpp"

namespace minifw::routing {
namespace {

constexpr bool is_unreserved(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

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

// Form encoding (the query string) writes a space as '+'; paths do not.
std::string decode_form_part(std::string_view part) {
    std::string spaced(part);
    std::replace(spaced.begin(), spaced.end(), '+', ' ');
    return percent_decode(spaced);
}

}  // namespace

std::string percent_decode(std::string_view text) {
    std::string decoded;
    decoded.reserve(text.size());
    for (std::size_t at = 0; at < text.size(); ++at) {
        char c = text[at];
        if (c == '%') {
            int high = at + 2 < text.size() ? util::hex_digit_value(text[at + 1]) : -1;
            int low = at + 2 < text.size() ? util::hex_digit_value(text[at + 2]) : -1;
            if (high < 0 || low < 0) {
                // The position, not the text: a client's bytes do not belong
                // in a message that may be sent back to it.
                throw http::HttpError(400, "bad percent-escape at byte " + std::to_string(at) +
                                               ": '%' must be followed by two hex digits "
                                               "(a literal '%' is written %25)");
            }
            c = static_cast<char>(high * 16 + low);
            at += 2;
        }
        if (c == '\0') {
            // Later code (file names, C APIs) would stop at the NUL and see
            // a different string from the one that was checked.
            throw http::HttpError(400, "a NUL byte (%00) is not allowed in a URL");
        }
        decoded += c;
    }
    if (!is_valid_utf8(decoded)) {
        throw http::HttpError(400, "the decoded URL is not valid UTF-8 (RFC 3629)");
    }
    return decoded;
}

std::vector<std::string> split_path(std::string_view raw_path) {
    if (raw_path.empty() || raw_path.front() != '/') {
        throw http::HttpError(400, "the path must start with '/' (RFC 9112 3.2.1)");
    }
    std::vector<std::string> segments;
    if (raw_path.size() == 1) {
        return segments;
    }
    raw_path.remove_prefix(1);
    // Split first, decode second: a "%2F" inside a segment is data, not a
    // separator, and must not create a segment boundary.
    while (true) {
        auto slash = raw_path.find('/');
        segments.push_back(percent_decode(raw_path.substr(0, slash)));
        if (slash == std::string_view::npos) {
            return segments;
        }
        raw_path.remove_prefix(slash + 1);
    }
}

Params parse_query(std::string_view query) {
    Params params;
    while (!query.empty()) {
        auto ampersand = query.find('&');
        std::string_view pair = query.substr(0, ampersand);
        if (!pair.empty()) {
            auto equals = pair.find('=');
            std::string name = decode_form_part(pair.substr(0, equals));
            std::string value = equals == std::string_view::npos
                                    ? std::string()
                                    : decode_form_part(pair.substr(equals + 1));
            params.add(std::move(name), std::move(value));
        }
        if (ampersand == std::string_view::npos) {
            break;
        }
        query.remove_prefix(ampersand + 1);
    }
    return params;
}

std::string percent_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string encoded;
    encoded.reserve(text.size());
    for (char c : text) {
        if (is_unreserved(c)) {
            encoded += c;
            continue;
        }
        auto byte = static_cast<unsigned char>(c);
        encoded += '%';
        encoded += kHex[byte >> 4];
        encoded += kHex[byte & 0x0F];
    }
    return encoded;
}

}  // namespace minifw::routing
