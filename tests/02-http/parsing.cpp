#include "parsing.hpp"

#include <gtest/gtest.h>

#include "minifw/http/status.hpp"
#include "minifw_test/bytes.hpp"

namespace minifw::test {

std::string describe(const http::Request& request) {
    std::string out = request.method + " " + request.target + " HTTP/" +
                      std::to_string(request.version_major) + "." +
                      std::to_string(request.version_minor) + "\n";
    for (const auto& [name, value] : request.headers) {
        out += name + ": " + value + "\n";
    }
    out += "\n" + request.body;
    return out;
}

std::vector<std::string> describe_all(const std::vector<http::Request>& requests) {
    std::vector<std::string> out;
    for (const auto& request : requests) {
        out.push_back(describe(request));
    }
    return out;
}

std::vector<http::Request> parse_pieces(const std::vector<std::string_view>& pieces,
                                        const http::ParserLimits& limits) {
    http::RequestParser parser(limits);
    std::vector<http::Request> requests;
    for (std::string_view piece : pieces) {
        // Each feed() consumes a byte or completes a request, so a piece of
        // n bytes needs at most 2n + 1 rounds.
        for (std::size_t round = 0; !piece.empty(); ++round) {
            if (round > 2 * piece.size() + 1) {
                ADD_FAILURE() << "feed() makes no progress on \"" << escape_bytes(piece) << "\"";
                return requests;
            }
            const std::size_t used = parser.feed(piece);
            if (used > piece.size()) {
                ADD_FAILURE() << "feed() says it consumed " << used << " of " << piece.size()
                              << " bytes";
                return requests;
            }
            piece.remove_prefix(used);
            if (parser.request_ready()) {
                requests.push_back(parser.take());
            }
        }
    }
    return requests;
}

std::vector<http::Request> parse_whole(std::string_view wire, const http::ParserLimits& limits) {
    return parse_pieces({wire}, limits);
}

std::vector<http::Request> parse_cut(std::string_view wire, std::size_t cut,
                                     const http::ParserLimits& limits) {
    return parse_pieces({wire.substr(0, cut), wire.substr(cut)}, limits);
}

std::vector<http::Request> parse_bytewise(std::string_view wire, const http::ParserLimits& limits) {
    std::vector<std::string_view> bytes;
    for (std::size_t i = 0; i < wire.size(); ++i) {
        bytes.push_back(wire.substr(i, 1));
    }
    return parse_pieces(bytes, limits);
}

int refusal_status(std::string_view wire, const http::ParserLimits& limits) {
    http::RequestParser parser(limits);
    try {
        const std::size_t rounds = 2 * wire.size() + 1;
        for (std::size_t round = 0; !wire.empty(); ++round) {
            if (round > rounds) {
                ADD_FAILURE() << "feed() makes no progress on \"" << escape_bytes(wire) << "\"";
                return 0;
            }
            wire.remove_prefix(parser.feed(wire));
            if (parser.request_ready()) {
                parser.take();
            }
        }
        parser.finish();
    } catch (const http::HttpError& e) {
        return e.status();
    }
    return 0;
}

}  // namespace minifw::test
