#pragma once
/// @file
/// Route handlers, plain and typed (given, not an exercise).
///
/// A typed handler names its route pattern at compile time and takes each
/// parameter as an argument of the matching C++ type; a handler whose
/// arguments cannot receive the pattern's parameters does not compile.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "minifw/http/context.hpp"
#include "minifw/http/request.hpp"
#include "minifw/http/response.hpp"
#include "minifw/routing/params.hpp"
#include "minifw/routing/pattern.hpp"

namespace minifw::routing {

/// What the router found for a request, kept in its context as an item: the
/// pattern of the route as registered (group prefix included, such as
/// "/users/{id:int}": a label for logs and metrics that does not grow with
/// the number of users) and the parameters it captured.
struct RouteMatch {
    std::string pattern;  ///< the matched route's pattern
    Params params;        ///< its captured parameters, decoded, in pattern order
};

/// The route matched for the request in `context`, or nullptr when the
/// router has not run or no route matched. An outer layer (the access log)
/// reads it after next() returns.
inline const RouteMatch* route_of(const http::Context& context) {
    return context.items().get<RouteMatch>();
}

/// Answers a request its route matched. Takes the context, whose RouteMatch
/// item holds the parameters; a callable of the older shape
/// Response(const Request&, const Params&) is adapted (the body is read
/// before it runs).
class RouteHandler {
public:
    /// An empty handler.
    RouteHandler() = default;
    /// An empty handler, as from nullptr.
    RouteHandler(std::nullptr_t) noexcept {}  // NOLINT: implicit on purpose
    /// A handler of the context: route_of(context) holds the parameters.
    template <class F>
    requires std::is_invocable_r_v<http::Response, const F&, http::Context&> RouteHandler(
        F function)
        : call_(std::move(function)) {}  // NOLINT: implicit on purpose
    /// A handler of the request and the parameters.
    template <class F>
    requires(!std::is_invocable_r_v<http::Response, const F&, http::Context&> &&
             std::is_invocable_r_v<http::Response, const F&, const http::Request&,
                                   const Params&>)
        RouteHandler(F function)  // NOLINT: implicit on purpose
        : call_([function = std::move(function)](http::Context& context) -> http::Response {
              static const Params none;
              const RouteMatch* match = route_of(context);
              const http::Request& request = context.read_body();
              return std::invoke(function, request, match != nullptr ? match->params : none);
          }) {}

    /// Answers the request in `context`.
    http::Response operator()(http::Context& context) const { return call_(context); }
    /// Answers `request` with `params`, in a context of its own.
    http::Response operator()(const http::Request& request, const Params& params) const {
        http::Context context(request);
        context.items().set(RouteMatch{{}, params});
        return call_(context);
    }
    /// True unless empty.
    explicit operator bool() const noexcept { return static_cast<bool>(call_); }

private:
    std::function<http::Response(http::Context&)> call_;
};

/// A string literal usable as a template argument, so a pattern can be
/// written where the compiler sees it: router.get<"/users/{id:int}">(...).
template <std::size_t N>
struct FixedString {
    char chars[N]{};  ///< the characters and the terminating NUL

    /// From a string literal; implicit, so that get<"/users">(...) works.
    constexpr FixedString(const char (&text)[N]) { std::copy_n(text, N, chars); }
    /// The text without its NUL.
    constexpr std::string_view view() const noexcept { return {chars, N - 1}; }
};

/// The argument type a typed handler receives for a parameter of `kind`.
template <SegmentKind kind>
struct ParamTypeOf {
    using type = const std::string&;  ///< {name} and {*name}: text (binds std::string_view too)
};
/// {name:int} arrives as a number, already checked by the route's matcher.
template <>
struct ParamTypeOf<SegmentKind::integer> {
    using type = std::int64_t;  ///< the parsed value
};
/// Shorthand for ParamTypeOf<kind>::type.
template <SegmentKind kind>
using ParamType = typename ParamTypeOf<kind>::type;

/// The parameters of `Pattern`, in order, computed by the compiler. A
/// malformed pattern stops the compilation inside for_each_segment, at the
/// call that names the problem.
template <FixedString Pattern>
inline constexpr auto pattern_params = [] {
    std::array<SegmentView, pattern_param_count(Pattern.view())> params{};
    std::size_t at = 0;
    for_each_segment(Pattern.view(), [&](SegmentView segment) {
        if (segment.kind != SegmentKind::literal) {
            params[at++] = segment;
        }
    });
    return params;
}();

namespace detail {

template <class F, FixedString Pattern, std::size_t... I>
constexpr bool handler_fits(std::index_sequence<I...>) {
    // const F&: several connections may run one handler at the same time, so
    // it must be callable without changing itself.
    return std::is_invocable_r_v<http::Response, const F&, const http::Request&,
                                 ParamType<pattern_params<Pattern>[I].kind>...>;
}

inline const std::string& param_text(const Params& params, std::string_view name) {
    for (const auto& [key, value] : params) {
        if (key == name) {
            return value;
        }
    }
    throw std::logic_error(
        "typed route: parameter \"" + std::string(name) +
        "\" was not captured; was the handler registered under another pattern?");
}

template <SegmentKind kind>
ParamType<kind> param_value(const Params& params, std::string_view name) {
    const std::string& text = param_text(params, name);
    if constexpr (kind == SegmentKind::integer) {
        if (auto number = parse_int_segment(text)) {
            return *number;
        }
        throw std::logic_error("typed route: parameter \"" + std::string(name) + "\" is \"" + text +
                               "\", not an integer; the matcher should have refused it");
    } else {
        return text;
    }
}

}  // namespace detail

/// A handler that can be called as Response(const Request&, P1, ..., Pn),
/// one argument per parameter of `Pattern` in order: std::int64_t for
/// {name:int}, std::string or std::string_view for {name} and {*name}.
template <class F, FixedString Pattern>
concept HandlerFor =
    detail::handler_fits<F, Pattern>(std::make_index_sequence<pattern_params<Pattern>.size()>{});

/// Wraps a typed handler as a RouteHandler that converts each captured
/// parameter to its argument type. A handler that does not fit `Pattern` is
/// a compile error with a message saying what it must look like.
template <FixedString Pattern, class F>
RouteHandler typed_handler(F handler) {
    if constexpr (!HandlerFor<F, Pattern>) {
        static_assert(HandlerFor<F, Pattern>,
                      "this handler does not fit its route pattern: it must be callable, as a "
                      "const object, as Response(const Request&, then one argument per "
                      "{parameter} of the pattern, in order: std::int64_t for {name:int}, "
                      "std::string or std::string_view for {name} and {*name})");
        return {};
    } else {
        return [handler = std::move(handler)](const http::Request& request,
                                              const Params& params) -> http::Response {
            constexpr auto& specs = pattern_params<Pattern>;
            auto call = [&]<std::size_t... I>(std::index_sequence<I...>) {
                return http::Response(
                    std::invoke(handler, request,
                                detail::param_value<specs[I].kind>(params, specs[I].text)...));
            };
            return call(std::make_index_sequence<specs.size()>{});
        };
    }
}

}  // namespace minifw::routing
