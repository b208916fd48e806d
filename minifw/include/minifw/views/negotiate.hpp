#pragma once
/// @file
/// Content negotiation on Accept (stage 06, exercise 06.7).

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "minifw/http/request.hpp"
#include "minifw/http/response.hpp"

namespace minifw::views {

/// One media range of an Accept field, or one media type: "text/html;
/// level=1; q=0.7" (RFC 9110 sections 8.3.1 and 12.5.1).
struct MediaRange {
    std::string type;     ///< lower-cased; "*" for any
    std::string subtype;  ///< lower-cased; "*" for any
    /// Parameters other than q, in order; names lower-cased, values as sent
    /// without their quotes.
    std::vector<std::pair<std::string, std::string>> parameters;
    int quality = 1000;  ///< q in thousandths: q=0.5 is 500; no q is 1000
};

/// Parses one media type or range: type "/" subtype, then ";"-separated
/// parameters (a value a token or a quoted string), with a "q" parameter
/// read as a qvalue (RFC 9110 12.4.2: 0 to 1 with at most three decimals)
/// into quality. Names compare without regard to case. nullopt for anything
/// else, including "*/html" and a malformed q.
std::optional<MediaRange> parse_media_range(std::string_view text);

/// Every media range of an Accept field value, in order. Elements that do
/// not parse are skipped, as are empty ones ("a/b,,c/d").
std::vector<MediaRange> parse_accept(std::string_view accept);

/// Which of `offered` (media types in the server's order of preference) to
/// send, given the request's Accept value (nullopt: no Accept field, which
/// accepts anything; an Accept in which no element parses counts as none).
/// Each offered type takes the quality of the most specific range that
/// matches it (type/subtype with parameters, then type/subtype, type/*,
/// */*, RFC 9110 12.5.1); the highest quality wins, ties keep the server's
/// order, and quality 0 means "not acceptable". nullopt when nothing fits.
std::optional<std::size_t> choose_media_type(std::optional<std::string_view> accept,
                                             std::span<const std::string> offered);

/// One way to answer: its media type and how to make it.
struct Representation {
    std::string media_type;                ///< "text/html; charset=utf-8"
    std::function<http::Response()> make;  ///< called only when chosen
};

/// The response of the representation the request's Accept (every Accept
/// field, combined) prefers, its Content-Type set to the media type. When
/// none is acceptable, a 406 whose text body lists the media types offered
/// (RFC 9110 15.5.7). Either way the response carries "Vary: Accept" (added
/// to any Vary it has), so a cache keeps one copy per Accept (12.5.5).
/// Throws std::invalid_argument when `offered` is empty.
http::Response negotiate(const http::Request& request, std::span<const Representation> offered);

}  // namespace minifw::views
