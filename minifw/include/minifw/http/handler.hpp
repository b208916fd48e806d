#pragma once
/// @file
/// The in-process handler: the one interface every later stage builds on
/// (given, not an exercise).

#include <concepts>
#include <cstddef>
#include <functional>
#include <type_traits>
#include <utility>

#include "minifw/http/context.hpp"
#include "minifw/http/request.hpp"
#include "minifw/http/response.hpp"

namespace minifw::http {

class Handler;

/// Something that answers a request in its context.
template <class F>
concept ContextHandler = !std::same_as<std::remove_cvref_t<F>, Handler> &&
                         std::is_invocable_r_v<Response, const F&, Context&>;

/// Something that answers a whole request: the simple shape, as in WSGI.
template <class F>
concept RequestHandler = !std::same_as<std::remove_cvref_t<F>, Handler> && !ContextHandler<F> &&
                         std::is_invocable_r_v<Response, const F&, const Request&>;

/// A function from a request to its response: what WSGI, Rack, Servlets and
/// ASP.NET Core's RequestDelegate all reduce to. Routing, middleware and
/// views are all ways of building one Handler out of smaller ones.
///
/// Underneath it takes a Context&. A callable of `const Request&` is adapted:
/// its body is read first, and it sees the request only, which keeps simple
/// handlers simple: Handler h = [](const Request&) { return Response{}; };
class Handler {
public:
    /// An empty handler; calling it throws std::bad_function_call.
    Handler() = default;
    /// An empty handler, as from nullptr.
    Handler(std::nullptr_t) noexcept {}  // NOLINT: implicit on purpose
    /// A handler of the context.
    template <ContextHandler F>
    Handler(F function) : call_(std::move(function)) {}  // NOLINT: implicit on purpose
    /// A handler of the whole request: the body is read before it runs.
    template <RequestHandler F>
    Handler(F function)  // NOLINT: implicit on purpose
        : call_([function = std::move(function)](Context& context) -> Response {
              return std::invoke(function, context.read_body());
          }) {}

    /// Answers the request in `context`.
    Response operator()(Context& context) const { return call_(context); }
    /// Answers a request whose body is complete, in a context of its own.
    Response operator()(const Request& request) const {
        Context context(request);
        return call_(context);
    }
    /// True unless empty.
    explicit operator bool() const noexcept { return static_cast<bool>(call_); }

private:
    std::function<Response(Context&)> call_;
};

}  // namespace minifw::http
