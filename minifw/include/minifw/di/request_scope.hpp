#pragma once
/// @file
/// One scope per request, carried by the request context (stage 09,
/// exercise 09.5).
///
///   pipeline.use("services", di::request_scope(container));
///   ...
///   auto orders = di::service<OrderRepository>(context);  // this request's

#include <memory>
#include <string_view>

#include "minifw/di/container.hpp"
#include "minifw/di/service_key.hpp"
#include "minifw/http/context.hpp"
#include "minifw/middleware/pipeline.hpp"

namespace minifw::di {

/// The item a request_scope layer sets on the context: the request's scope.
struct RequestScope {
    std::shared_ptr<Scope> scope;  ///< ended by the layer once the response is made
};

/// A layer that gives each request a new Scope of `container` (which must
/// outlive the handler), as an item of its context, and ends the scope when
/// the layers inside have answered, also when they threw, so the request's
/// objects are released, newest first, before the response leaves the layer.
middleware::Layer request_scope(const Container& container);

/// The scope of the request in `context`. Throws ResolutionError, naming
/// `wanted` and the fix, when no request_scope layer runs outside.
Scope& request_scope_of(http::Context& context, std::string_view wanted);

/// The service T of the request in `context`, from its scope.
template <class T>
std::shared_ptr<T> service(http::Context& context) {
    return request_scope_of(context, name_of<T>()).template get<T>();
}

}  // namespace minifw::di
