// Fuzzes http::Session (stage 02's given connection policy), the state
// machine every server loop drives. The input's first byte chooses how the
// application behaves (read the body or not, with which limit, answer with
// which kind of body); the second, modulo 8, how many of the next bytes are
// read sizes; the rest is what the peer sends, then it closes.
//
// Properties: the loop ends (every step makes progress, and the session is
// done after the peer closes); nothing escapes but an HttpError from
// read_body, which respond_error answers; every response starts with a status
// line of a known status and holds exactly one blank line ending its head,
// with the Content-Length it announces; nothing is written after a response
// that closes; an interim "100 Continue" comes only while the application
// reads a body; and a request the parser refused is answered with a 4xx or 5xx
// that closes.

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "invariant.hpp"
#include "minifw/http/connection.hpp"
#include "minifw/http/session.hpp"
#include "minifw/http/status.hpp"
#include "minifw/log.hpp"

namespace http = minifw::http;
using minifw::fuzz::require;

namespace {

constexpr http::ParserLimits kLimits{
    .max_target = 512, .max_header_bytes = 1024, .max_headers = 16, .max_body = 2048};

// The status and Content-Length of a response head, checked as a client
// would read it; the length of the in-memory body that follows.
std::size_t check_head(std::string_view bytes) {
    require(bytes.starts_with("HTTP/1.1 ") && bytes.size() > 12, "a response starts with HTTP/1.1");
    int status = 0;
    std::from_chars(bytes.data() + 9, bytes.data() + 12, status);
    require(status >= 100 && status <= 599 && http::reason_phrase(status) != "Unknown",
            "a response has a known status");
    const std::size_t end = bytes.find("\r\n\r\n");
    require(end != std::string_view::npos, "a response head ends with a blank line");
    const std::string_view head = bytes.substr(0, end + 2);
    std::size_t length = 0;
    const std::size_t field = head.find("\r\nContent-Length: ");
    if (field != std::string_view::npos) {
        const char* first = head.data() + field + 18;
        std::from_chars(first, head.data() + head.size(), length);
    }
    return length;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const bool quiet = [] {
        minifw::set_log_sink(nullptr);  // server errors are expected here
        return true;
    }();
    (void)quiet;
    if (size < 2) {
        return 0;
    }
    const std::uint8_t behaviour = data[0];
    const std::size_t size_count = data[1] % 8;
    std::vector<std::size_t> sizes;
    std::size_t at = 2;
    for (; at < size && sizes.size() < size_count; ++at) {
        sizes.push_back(data[at] % 64 + 1);
    }
    const std::string_view stream(reinterpret_cast<const char*>(data) + at, size - at);

    http::SessionOptions options;
    options.limits = kLimits;
    options.max_requests = 4;
    options.remote_address = "192.0.2.1";
    http::Session session(std::move(options));
    std::size_t sent = 0;
    std::size_t reads = 0;
    auto read_more = [&] {
        const std::size_t piece = sizes.empty() ? 1 : sizes[reads % sizes.size()];
        ++reads;
        const std::string_view bytes = stream.substr(sent, piece);
        sent += bytes.size();
        session.receive(bytes);  // empty once all is sent: the peer closed
    };

    bool closed = false;
    std::size_t steps = 0;
    for (;;) {
        require(++steps < 4 * stream.size() + 64, "every step makes progress");
        const http::Step step = session.next();
        if (step == http::Step::done) {
            break;
        }
        require(!closed, "nothing follows a response that closes");
        if (step == http::Step::read) {
            require(sent <= stream.size(), "the session reads only while the peer may send");
            if (sent == stream.size()) {
                session.receive({});
                ++sent;  // once
                continue;
            }
            read_more();
        } else if (step == http::Step::handle) {
            const http::Request& request = session.request();
            try {
                if (behaviour & 1) {
                    const std::size_t limit = (behaviour & 2) ? 16 : kLimits.max_body;
                    while (!session.read_body(limit)) {
                        const std::string interim = session.take_interim();
                        require(interim.empty() || interim == "HTTP/1.1 100 Continue\r\n\r\n",
                                "the only interim response is 100 Continue");
                        if (sent >= stream.size()) {
                            session.receive({});
                            sent = stream.size() + 1;
                        } else {
                            read_more();
                        }
                    }
                }
                http::Response response = http::Response::text(200, request.method);
                if (behaviour & 4) {
                    response.body.clear();
                    response.chunks = [n = 0]() mutable {
                        return n++ < 2 ? std::string("piece") : std::string();
                    };
                }
                session.respond(std::move(response));
            } catch (const http::HttpError& error) {
                require(error.status() >= 400 && error.status() <= 599,
                        "a refused body is a 4xx or 5xx");
                session.respond_error(std::current_exception());
            }
        } else {
            http::Outgoing out = session.take_output();
            const std::size_t length = check_head(out.head);
            const std::size_t head_end = out.head.find("\r\n\r\n") + 4;
            if (!out.file && !out.chunks) {
                require(out.head.size() - head_end <= length, "no more body than Content-Length");
            }
            closed = out.close;
        }
    }
    return 0;
}
