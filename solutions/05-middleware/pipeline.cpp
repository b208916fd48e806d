#include "minifw/middleware/pipeline.hpp"

#include <memory>
#include <stdexcept>
#include <utility>

namespace minifw::middleware {

namespace detail {

// What a built Handler holds: a snapshot of the layers, the endpoint and the
// error handler. It is never changed after build(), so any number of threads
// can run it at once; all per-request state lives in the Next objects on
// each request's stack.
struct Chain {
    std::vector<NamedLayer> layers;
    http::Handler endpoint;
    ErrorHandler on_error;

    // Runs layer `index` (or the endpoint, past the last layer). Every
    // exception stops here and becomes a response, so the layer outside
    // always gets a response to work with: the access log still logs, CORS
    // still adds its fields, whatever happened inside.
    http::Response run(std::size_t index, http::Context& context) const {
        try {
            if (index == layers.size()) {
                return endpoint(context);
            }
            Next next(*this, index, context);
            return layers[index].layer(context, next);
        } catch (...) {
            return respond_to_exception(on_error, context.request(), std::current_exception());
        }
    }
};

}  // namespace detail

http::Response Next::operator()(http::Context& context) {
    if (called_) {
        throw std::logic_error("next() called twice in middleware '" + chain_.layers[layer_].name +
                               "': call it once and keep the response it returns");
    }
    called_ = true;
    return chain_.run(layer_ + 1, context);
}

Pipeline& Pipeline::use(std::string name, Layer layer) {
    if (name.empty()) {
        throw std::invalid_argument(
            "Pipeline::use: a layer needs a name, which error messages show");
    }
    if (!layer) {
        throw std::invalid_argument("Pipeline::use: middleware '" + name +
                                    "' is an empty function: pass a callable");
    }
    layers_.push_back({std::move(name), std::move(layer)});
    return *this;
}

Pipeline& Pipeline::on_error(ErrorHandler handler) {
    if (!handler) {
        throw std::invalid_argument(
            "Pipeline::on_error: the error handler is an empty function: pass a callable");
    }
    on_error_ = std::move(handler);
    return *this;
}

http::Handler Pipeline::build(http::Handler endpoint) const {
    if (!endpoint) {
        throw std::invalid_argument(
            "Pipeline::build: the endpoint is an empty function: pass the handler that the "
            "innermost next() calls");
    }
    // std::function must be copyable, so the snapshot is shared, read-only.
    auto chain = std::make_shared<const detail::Chain>(
        detail::Chain{layers_, std::move(endpoint), on_error_});
    return [chain](http::Context& context) { return chain->run(0, context); };
}

}  // namespace minifw::middleware
