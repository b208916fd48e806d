#include <memory>
#include <string>

#include "minifw/di/request_scope.hpp"

// Exercise 09.5: a layer that gives every request its own scope through the
// context's items, and ends it on the way out, whatever happened inside.

namespace minifw::di {

middleware::Layer request_scope(const Container& container) {
    return [&container](http::Context& context, middleware::Next& next) {
        auto scope = std::make_shared<Scope>(container);
        context.items().set(RequestScope{scope});
        // next() turns what the inside threw into a response; the guard also
        // covers the rest (an allocation failing, a second call to next).
        struct EndOnExit {
            Scope& scope;
            ~EndOnExit() { scope.end(); }
        } guard{*scope};
        return next(context);
    };
}

Scope& request_scope_of(http::Context& context, std::string_view wanted) {
    const RequestScope* item = context.items().get<RequestScope>();
    if (item == nullptr || !item->scope) {
        throw ResolutionError("di::service<" + std::string(wanted) +
                              "> found no service scope on this request: add "
                              "di::request_scope(container) to the pipeline, outside every "
                              "layer and handler that asks for services");
    }
    return *item->scope;
}

}  // namespace minifw::di
