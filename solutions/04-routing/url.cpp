#include "minifw/routing/url.hpp"

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>

#include "minifw/http/status.hpp"
#include "minifw/util/percent.hpp"

namespace minifw::routing {
namespace {

constexpr bool is_unreserved(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

// Decodes with the one decoder, and refuses what it refuses: the bytes
// came from the client, so the client is told its request is bad.
std::string decode_or_400(std::string_view text) {
    util::PercentDecoded decoded = util::percent_decode(text);
    if (!decoded) {
        throw http::HttpError(400, util::describe(decoded));
    }
    return std::move(decoded.text);
}

// Form encoding (the query string) writes a space as '+'; paths do not.
std::string decode_form_part(std::string_view part) {
    std::string spaced(part);
    std::replace(spaced.begin(), spaced.end(), '+', ' ');
    return decode_or_400(spaced);
}

}  // namespace

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
        segments.push_back(decode_or_400(raw_path.substr(0, slash)));
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
