#pragma once
/// @file
/// The middleware pipeline: layers around a handler, each calling the rest
/// through an explicit `next` (stage 05, exercise 05.1).

#include <cstddef>
#include <functional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "minifw/http/context.hpp"
#include "minifw/http/handler.hpp"
#include "minifw/middleware/errors.hpp"

namespace minifw::middleware {

namespace detail {
/// The immutable chain a built Handler runs; defined where Pipeline::build is.
struct Chain;
}  // namespace detail

/// The rest of the pipeline as one layer sees it: calling it runs every layer
/// inside this one, then the endpoint, and returns their response.
///
/// A layer calls it at most once. A second call throws std::logic_error that
/// names the layer, because it would run the endpoint twice (for a POST, two
/// orders). Next cannot be copied, so a copy cannot dodge that check, and it
/// is valid only while the layer that received it runs.
class Next {
public:
    Next(const Next&) = delete;
    Next& operator=(const Next&) = delete;

    /// Hands the request in `context` (the context the layer got, annotated
    /// as it likes) to the layers inside and returns their response. Whatever
    /// they threw has already been turned into a response, so this throws
    /// only for a second call.
    http::Response operator()(http::Context& context);

    /// For layers written against the request alone: hands `request` on, in
    /// the layer's context when it is that context's request, else (a changed
    /// copy) in a context of its own that keeps the items.
    http::Response operator()(const http::Request& request) {
        if (&request == &context_.request()) {
            return (*this)(context_);
        }
        auto derived = context_.for_request(request);
        return (*this)(*derived);
    }

private:
    friend struct detail::Chain;
    Next(const detail::Chain& chain, std::size_t layer, http::Context& context) noexcept
        : chain_(chain), layer_(layer), context_(context) {}

    const detail::Chain& chain_;
    std::size_t layer_;       // the index of the layer this Next was given to
    http::Context& context_;  // the context that layer received
    bool called_ = false;
};

/// One layer of the onion. It may answer by itself (not calling `next`), call
/// `next` with the context (annotated through its items, not copied), and
/// change the response on its way out. Layers run on the threads that serve
/// requests, possibly at the same time, so a layer's captured state must be
/// safe to share.
///
/// A callable of the older shape Response(const Request&, Next&) is adapted:
/// the request's body is read before it runs, and it may pass on a changed
/// copy of the request.
class Layer {
public:
    /// An empty layer.
    Layer() = default;
    /// An empty layer, as from nullptr.
    Layer(std::nullptr_t) noexcept {}  // NOLINT: implicit on purpose
    /// A layer of the context.
    template <class F>
    requires std::is_invocable_r_v<http::Response, const F&, http::Context&, Next&> Layer(
        F function)
        : call_(std::move(function)) {}  // NOLINT: implicit on purpose
    /// A layer of the request alone.
    template <class F>
    requires(!std::is_invocable_r_v<http::Response, const F&, http::Context&, Next&> &&
             std::is_invocable_r_v<http::Response, const F&, const http::Request&, Next&>)
        Layer(F function)  // NOLINT: implicit on purpose
        : call_([function = std::move(function)](http::Context& context, Next& next) {
              return http::Response(std::invoke(function, context.read_body(), next));
          }) {}

    /// Runs the layer.
    http::Response operator()(http::Context& context, Next& next) const {
        return call_(context, next);
    }
    /// True unless empty.
    explicit operator bool() const noexcept { return static_cast<bool>(call_); }

private:
    std::function<http::Response(http::Context&, Next&)> call_;
};

/// A layer with the name that error messages use for it.
struct NamedLayer {
    std::string name;  ///< such as "cors" or "access_log"
    Layer layer;       ///< the layer itself
};

/// Layers in registration order around an endpoint: the first one added is
/// the outermost, the first to see a request and the last to see its response.
class Pipeline {
public:
    /// Adds `layer` inside every layer added before it. Throws
    /// std::invalid_argument for an empty name or an empty layer.
    Pipeline& use(std::string name, Layer layer);

    /// Replaces the handler that turns exceptions into responses (at first
    /// default_error_handler). Throws std::invalid_argument when empty.
    Pipeline& on_error(ErrorHandler handler);

    /// A Handler that runs the layers around `endpoint`. It keeps its own copy
    /// of the layers: use() after build() does not change it. It never throws
    /// what a layer or the endpoint threw. Throws std::invalid_argument when
    /// `endpoint` is empty.
    http::Handler build(http::Handler endpoint) const;

    /// The number of layers added so far.
    std::size_t size() const noexcept { return layers_.size(); }

private:
    std::vector<NamedLayer> layers_;
    ErrorHandler on_error_ = default_error_handler;
};

}  // namespace minifw::middleware
