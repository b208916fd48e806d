// Fuzzes http::RequestParser (stage 02), the first code to see a client's
// bytes. The input's first byte, modulo 8, says how many of the next bytes are
// piece sizes (none: one byte per read); the rest is the stream, parsed twice:
// cut into those pieces, as reads from a socket would deliver it, and whole.
//
// Properties: a refusal is an HttpError with a 4xx or 5xx status, and the
// parser stays refused; feed() consumes no more than it was given and always
// makes progress; every request it hands out is well formed and within the
// limits; and where the stream is cut changes nothing (parser.hpp promises it).

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "invariant.hpp"
#include "minifw/http/headers.hpp"
#include "minifw/http/parser.hpp"
#include "minifw/http/request.hpp"
#include "minifw/http/status.hpp"

namespace http = minifw::http;
using minifw::fuzz::require;

namespace {

// Small limits, so that short inputs reach every refusal.
constexpr http::ParserLimits kLimits{
    .max_target = 512, .max_header_bytes = 1024, .max_headers = 16, .max_body = 2048};

// What parsing one stream produced.
struct Outcome {
    std::vector<http::Request> requests;  ///< in the order they were taken
    int refused = 0;                      ///< the status of the refusal; 0 when none
};

bool has_byte_of(std::string_view text, std::string_view bytes) {
    return text.find_first_of(bytes) != std::string_view::npos;
}

// A method or a field name (RFC 9110 5.6.2).
bool is_token(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    });
}

// The bytes that would let a request smuggle a line or cut a C string short.
constexpr std::string_view kLineBreaks("\r\n\0", 3);

void check_request(const http::Request& request) {
    require(is_token(request.method), "the method is a token");
    require(!request.target.empty() && request.target.size() <= kLimits.max_target,
            "the target is non-empty and within max_target");
    require(!has_byte_of(request.target, " \t\f") && !has_byte_of(request.target, kLineBreaks),
            "the target holds no space, tab, form feed, CR, LF or NUL");
    require(
        request.version_major == 1 && (request.version_minor == 0 || request.version_minor == 1),
        "the version is 1.0 or 1.1");

    require(request.headers.size() <= kLimits.max_headers, "at most max_headers fields");
    std::size_t field_bytes = 0;
    for (const auto& [name, value] : request.headers) {
        field_bytes += name.size() + value.size();
        require(is_token(name), "a field name is a token");
        require(!has_byte_of(value, kLineBreaks), "a field value holds no CR, LF or NUL");
        require(value.empty() || (value.front() != ' ' && value.front() != '\t' &&
                                  value.back() != ' ' && value.back() != '\t'),
                "a field value has no whitespace around it");
    }
    require(field_bytes <= kLimits.max_header_bytes, "fields within max_header_bytes");

    const std::size_t hosts = request.headers.get_all("Host").size();
    require(request.version_minor == 1 ? hosts == 1 : hosts <= 1,
            "one Host in HTTP/1.1, at most one in HTTP/1.0");

    require(request.body.size() <= kLimits.max_body, "the body is within max_body");
    if (const auto codings = request.headers.combined("Transfer-Encoding")) {
        require(http::has_token(*codings, "chunked") && codings->find(',') == std::string::npos,
                "the only transfer coding accepted is chunked");
    } else if (const auto length = request.headers.get("Content-Length")) {
        std::size_t announced = 0;
        const auto [end, error] =
            std::from_chars(length->data(), length->data() + length->size(), announced);
        require(error == std::errc{} && end == length->data() + length->size() &&
                    announced == request.body.size(),
                "the body is exactly Content-Length bytes");
    } else {
        require(request.body.empty(), "a request without framing fields has no body");
    }
}

// Parses `stream` as a server would: one feed() per piece, sizes taken in turn
// from `cuts` (each plus one), take() whenever a request is ready, finish()
// at the end. An empty `cuts` feeds the stream in one piece.
Outcome parse(std::string_view stream, std::span<const std::uint8_t> cuts) {
    http::RequestParser parser(kLimits);
    Outcome outcome;
    std::size_t turn = 0;
    try {
        // Every round consumes a byte or takes a request, and a request takes
        // at least a byte; the bound turns a parser that spins into a failure.
        const std::size_t max_rounds = 2 * stream.size() + 1;
        for (std::size_t round = 0; !stream.empty(); ++round) {
            require(round < max_rounds, "feed() makes progress");
            std::size_t piece = stream.size();
            if (!cuts.empty()) {
                piece = std::size_t{cuts[turn++ % cuts.size()]} + 1;
            }
            const std::string_view chunk = stream.substr(0, piece);
            const std::size_t used = parser.feed(chunk);
            require(used <= chunk.size(), "feed() consumes no more than it is given");
            stream.remove_prefix(used);
            if (parser.request_ready()) {
                require(parser.feed(stream) == 0, "feed() consumes nothing while a request waits");
                outcome.requests.push_back(parser.take());
                check_request(outcome.requests.back());
                require(parser.idle(), "the parser is idle right after take()");
            } else {
                require(used == chunk.size(), "feed() stops early only at a complete request");
            }
        }
        parser.finish();
    } catch (const http::HttpError& refused) {
        require(refused.status() >= 400 && refused.status() <= 599,
                "a refusal carries a 4xx or 5xx status");
        outcome.refused = refused.status();
        try {
            parser.feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            require(false, "a refused parser refuses every later feed()");
        } catch (const http::HttpError& again) {
            require(again.status() == refused.status(), "a refused parser repeats its refusal");
        }
    }
    return outcome;
}

bool same_request(const http::Request& a, const http::Request& b) {
    return a.method == b.method && a.target == b.target && a.version_major == b.version_major &&
           a.version_minor == b.version_minor && a.body == b.body &&
           std::equal(a.headers.begin(), a.headers.end(), b.headers.begin(), b.headers.end());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const std::size_t cut_count = std::min<std::size_t>(data[0] % 8, size - 1);
    const std::span<const std::uint8_t> cuts(data + 1, cut_count);
    const std::string_view stream(reinterpret_cast<const char*>(data) + 1 + cut_count,
                                  size - 1 - cut_count);
    static constexpr std::uint8_t kOneByte[] = {0};

    const Outcome in_pieces = parse(stream, cuts.empty() ? std::span(kOneByte) : cuts);
    const Outcome whole = parse(stream, {});

    // Which limit or syntax error is met first may depend on the cuts (a
    // target can pass max_target in one piece before llhttp sees the bad
    // byte after it), so only the fact of a refusal is compared.
    require((in_pieces.refused == 0) == (whole.refused == 0),
            "a stream is refused whether it arrives in pieces or whole");
    require(std::equal(in_pieces.requests.begin(), in_pieces.requests.end(), whole.requests.begin(),
                       whole.requests.end(), same_request),
            "the same requests come out however the stream is cut");
    return 0;
}
