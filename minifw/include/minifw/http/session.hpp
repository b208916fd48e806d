#pragma once
/// @file
/// The connection policy without I/O (given, not an exercise): bytes in,
/// requests out; responses in, bytes and bodies out. The blocking server of
/// stages 02-05 and the async server of stage 08 are loops around it.

#include <cstddef>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "minifw/http/body.hpp"
#include "minifw/http/parser.hpp"
#include "minifw/http/request.hpp"
#include "minifw/http/response.hpp"

namespace minifw::http {

/// What a loop around a Session does next.
enum class Step {
    read,    ///< read from the peer and pass the bytes to receive() (none: it closed)
    handle,  ///< run the application on request(), then respond() or respond_error()
    write,   ///< write take_output()
    done,    ///< the connection is over (after an upgrade, the handler owns it)
};

/// One response as the loop writes it: the head (with an in-memory body),
/// then at most one of a file range, chunks, or an upgrade.
struct Outgoing {
    std::string head;               ///< what serialize() made: head, and an in-memory body
    std::optional<FileRange> file;  ///< then these bytes of a file (sendfile)
    ChunkSource chunks;             ///< then these pieces, until one is empty
    bool chunked = false;    ///< frame each piece with chunk_frame(), and end with the last chunk
    UpgradeHandler upgrade;  ///< then hand the connection to this handler
    bool close = false;      ///< then end the connection (half_close_and_drain)
};

/// Settings of one session.
struct SessionOptions {
    ParserLimits limits;              ///< passed to the parser
    std::size_t max_requests = 1000;  ///< close after this many responses
    std::string remote_address;       ///< copied into every Request's remote_address
    /// The Date of each response, as a view the caller keeps alive until
    /// take_output(); none: formatted anew for each response.
    std::function<std::string_view()> date;
};

/// One HTTP/1.1 connection's state, with no I/O in it.
///
/// The loop asks next() what to do: read (and pass the bytes to receive()),
/// handle a request whose head is complete, write a response, or stop. The
/// session decides the rest once, for every server: which bytes make which
/// request, when to answer an error by itself, what goes on the wire for a
/// response, when to send "100 Continue", and whether the connection goes on
/// (the policy of exercise 02.8, prepare_response and error_response, which
/// it calls).
///
///     read ──receive()──▶ head complete? ──no──▶ read
///                              │ yes
///                           handle ──read_body()? (bytes, 100 Continue)
///                              │ respond()
///                            write ──▶ close? ──yes──▶ done
///                              │ no
///                              └──────────▶ read (the next request)
class Session {
public:
    /// A session at the start of a connection.
    explicit Session(SessionOptions options = {});

    /// What to do now.
    Step next();

    /// After Step::read: the bytes read (all of them: the session keeps what
    /// the parser has not consumed). An empty view means the peer closed.
    void receive(std::string_view bytes);

    /// After Step::handle: the request, its head complete, its body not yet
    /// read (see read_body()).
    const Request& request() const;

    /// During Step::handle, when the application wants the body: parses what
    /// has been received, refusing more than `max_body` bytes (an HttpError
    /// 413) or a body cut short (400). True when the body is complete; false
    /// when the loop must write take_interim() (if not empty) and receive()
    /// more bytes, then call again.
    bool read_body(std::size_t max_body);

    /// The interim response to write before reading more of a body: "100
    /// Continue" once, for an HTTP/1.1 request that expects it (RFC 9110
    /// section 10.1.1); empty otherwise.
    std::string take_interim();

    /// After Step::handle: the application's response.
    void respond(Response response);
    /// After Step::handle: the application threw `error` instead.
    void respond_error(std::exception_ptr error);

    /// After Step::write: the response to write.
    Outgoing take_output();

    /// The bytes received and not consumed: after an upgrade, the first bytes
    /// of the new protocol.
    std::string take_unparsed();

    /// Makes the response in the works (or the next one) the last: it says
    /// "Connection: close", and the session is done after it. A server that
    /// shuts down gracefully lets requests in flight finish this way.
    void close_after_response() noexcept { closing_ = true; }

    /// True while no byte of the next request has arrived: a server waits
    /// for it under its idle deadline, not its head deadline.
    bool idle() const;

    /// Responses produced so far.
    std::size_t answered() const noexcept { return answered_; }

private:
    enum class Phase { reading, handling, writing, done };

    void parse_head();
    void parse_buffered();
    void finish_response(Response response, bool failed);

    SessionOptions options_;
    RequestParser parser_;
    Request* current_ = nullptr;  // the parser's request, while handling
    std::string input_;           // received; the first consumed_ bytes are parsed
    std::size_t consumed_ = 0;
    Phase phase_ = Phase::reading;
    bool peer_closed_ = false;
    bool body_started_ = false;  // read_body() was called for this request
    bool body_failed_ = false;   // read_body() threw: the byte stream is lost
    bool continue_sent_ = false;
    std::string interim_;
    Outgoing output_;
    bool done_after_output_ = false;
    bool closing_ = false;
    std::size_t answered_ = 0;
};

}  // namespace minifw::http
