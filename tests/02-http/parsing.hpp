#pragma once
/// @file
/// Feeding RequestParser in tests: whole, cut in two, one byte at a time.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "minifw/http/parser.hpp"
#include "minifw/http/request.hpp"

namespace minifw::test {

/// A request written out line by line ("GET / HTTP/1.1", one "name: value"
/// line per field, a blank line, the body), so that a failed comparison
/// shows which part differs.
std::string describe(const http::Request& request);

/// describe() of each request, in order.
std::vector<std::string> describe_all(const std::vector<http::Request>& requests);

/// Feeds `pieces` one after the other, taking every request that completes.
/// Fails the test (and stops) when feed() makes no progress.
std::vector<http::Request> parse_pieces(const std::vector<std::string_view>& pieces,
                                        const http::ParserLimits& limits = {});

/// parse_pieces with `wire` in one piece.
std::vector<http::Request> parse_whole(std::string_view wire,
                                       const http::ParserLimits& limits = {});

/// parse_pieces with `wire` cut in two at `cut`.
std::vector<http::Request> parse_cut(std::string_view wire, std::size_t cut,
                                     const http::ParserLimits& limits = {});

/// parse_pieces with every byte of `wire` a piece of its own.
std::vector<http::Request> parse_bytewise(std::string_view wire,
                                          const http::ParserLimits& limits = {});

/// The status of the HttpError that parsing `wire` in one piece and then
/// finish() throw, or 0 when both succeed.
int refusal_status(std::string_view wire, const http::ParserLimits& limits = {});

}  // namespace minifw::test
