#pragma once
/// @file
/// The request context: what travels with one request through routing and
/// middleware (given, not an exercise).

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <type_traits>
#include <utility>

#include <boost/container/small_vector.hpp>

#include "minifw/http/request.hpp"

namespace minifw::http {

/// Typed per-request values, one per type: a layer sets one, an inner layer
/// or the handler reads it. The type is the key, as with ASP.NET Core's
/// request features, so two layers cannot collide on a string name, and
/// reading needs no cast: ctx.items().get<RequestId>().
class Items {
public:
    /// Stores `value` as the item of type T, replacing any earlier one, and
    /// returns a reference to the stored value.
    template <class T>
    T& set(T value) {
        auto stored = std::make_shared<T>(std::move(value));
        T& result = *stored;
        put(key_of<T>(), std::move(stored));
        return result;
    }

    /// Stores a reference to `value`, which the caller owns and keeps alive
    /// as long as the request (the server's own per-connection objects), as
    /// the item of type T: get<T>() finds it as if set, with no allocation.
    template <class T>
    T& borrow(T& value) {
        // The aliasing constructor with an empty owner: a pointer that owns
        // nothing, so no control block is allocated and nothing is freed.
        put(key_of<T>(), std::shared_ptr<void>(std::shared_ptr<void>(), &value));
        return value;
    }

    /// The item of type T, or nullptr when no layer set one.
    template <class T>
    T* get() const noexcept {
        for (const auto& [key, slot] : slots_) {
            if (key == key_of<T>()) {
                return static_cast<T*>(slot.get());
            }
        }
        return nullptr;
    }

    /// The number of items set.
    std::size_t size() const noexcept { return slots_.size(); }

    /// How many items fit in the context itself before their list moves to
    /// the heap: the async server's two, a route's match, a request id, a
    /// request's service scope, and one of the application's.
    static constexpr std::size_t kInline = 6;

private:
    void put(const void* key, std::shared_ptr<void> stored) {
        for (auto& [slot_key, slot] : slots_) {
            if (slot_key == key) {
                slot = std::move(stored);
                return;
            }
        }
        slots_.emplace_back(key, std::move(stored));
    }

    // One address per type: the key, without RTTI.
    template <class T>
    static const void* key_of() noexcept {
        static const char key = 0;
        return &key;
    }

    boost::container::small_vector<std::pair<const void*, std::shared_ptr<void>>, kInline> slots_;
};

/// One request on its way through the application: the request, its items
/// (route parameters, the request id, later the user and the request's
/// service scope of stage 09), its deadline and stop token (stage 08), and a
/// way to read its body when the handler wants it. Handlers and layers take it by reference, so a
/// layer annotates the request without copying it; it lives as long as the request is served.
///
/// The body is read on demand. When a request's head is complete, the server
/// runs the application before reading the body, so a layer can refuse a body
/// it will not accept (413) without a byte of it being buffered, and a client
/// that sent "Expect: 100-continue" is told to go on only when read_body() is
/// called (RFC 9110 section 10.1.1). Handlers of a plain `const Request&`
/// never see the difference: their adapter reads the body first.
class Context {
public:
    /// Reads the rest of the body into the request, at most `max_body` bytes;
    /// given by the server that owns the connection.
    using BodyReader = std::function<void(std::size_t max_body)>;

    /// A context for a request whose body is already complete (tests, CGI,
    /// a handler called directly).
    explicit Context(const Request& request) : request_(&request) {}
    /// A context whose body is read by `reader` on demand.
    Context(const Request& request, BodyReader reader)
        : request_(&request), reader_(std::move(reader)) {}

    /// Not from a temporary: the context refers to the request, which must
    /// outlive it.
    explicit Context(Request&&) = delete;
    Context(const Request&&, BodyReader) = delete;
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;

    /// The request. Before read_body(), its body may still be empty.
    const Request& request() const noexcept { return *request_; }

    /// Reads the whole body, once (later calls do nothing), and returns the
    /// request with it. Throws HttpError 413 past body_limit() and 400 for a
    /// body cut short; the connection is then closed after the response.
    const Request& read_body() {
        if (reader_) {
            auto reader = std::exchange(reader_, nullptr);
            reader(body_limit_);
        }
        return *request_;
    }
    /// True once the body is in request().body (or there was nothing to read).
    bool body_read() const noexcept { return !reader_; }

    /// Lowers the most body bytes this request may have (it can only go down:
    /// an inner layer cannot lift the limit an outer one set). Effective when
    /// the body is read; a body_limit layer also checks Content-Length at once.
    void limit_body(std::size_t max_bytes) noexcept {
        if (max_bytes < body_limit_) {
            body_limit_ = max_bytes;
        }
    }
    /// The limit read_body() applies (no limit but the parser's, at first).
    std::size_t body_limit() const noexcept { return body_limit_; }

    /// The typed values layers attach to this request.
    Items& items() noexcept { return items_; }
    /// The typed values, read-only.
    const Items& items() const noexcept { return items_; }

    /// When the server stops waiting for this request's response, if it set
    /// a deadline (the async server of stage 08 does). A handler that calls
    /// out (a database, another service) can pass it on.
    std::optional<std::chrono::steady_clock::time_point> deadline() const noexcept {
        return deadline_;
    }
    /// Sets the deadline.
    void set_deadline(std::chrono::steady_clock::time_point when) noexcept { deadline_ = when; }

    /// Asked to stop when the server gives up on this request (the client
    /// went away, the server shuts down); a handler that works in steps can
    /// check stop_requested() between them. Never asked, unless a server set
    /// one (the async server of stage 08 does).
    std::stop_token stop_token() const noexcept { return stop_; }
    /// True when the server has asked this request to stop.
    bool stop_requested() const noexcept { return stop_.stop_requested(); }
    /// Gives the context the server's stop token for this request.
    void set_stop_token(std::stop_token token) noexcept { stop_ = std::move(token); }

    /// Makes a context for `other` (a changed copy of this request, which the
    /// caller keeps alive) that shares nothing but this one's items, limit,
    /// deadline and stop token: how an old-style layer's next(copy) reaches the layers
    /// inside. Its body is whatever `other` holds.
    std::unique_ptr<Context> for_request(const Request& other) const {
        auto derived = std::make_unique<Context>(other);
        derived->items_ = items_;
        derived->body_limit_ = body_limit_;
        derived->deadline_ = deadline_;
        derived->stop_ = stop_;
        return derived;
    }

private:
    const Request* request_;
    BodyReader reader_;
    std::size_t body_limit_ = static_cast<std::size_t>(-1);
    Items items_;
    std::optional<std::chrono::steady_clock::time_point> deadline_;
    std::stop_token stop_;
};

}  // namespace minifw::http
