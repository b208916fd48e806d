#pragma once
/// @file
/// The router: method and path to handler, with 404, 405 and Allow, HEAD
/// and OPTIONS (stage 04, exercise 04.4); route groups and reverse routing
/// (exercise 04.5).

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "minifw/http/handler.hpp"
#include "minifw/http/request.hpp"
#include "minifw/http/response.hpp"
#include "minifw/routing/handler.hpp"
#include "minifw/routing/route_tree.hpp"

namespace minifw::routing {

/// Values for url_for: path parameters by name; any others become the query
/// string.
using UrlParams = std::vector<std::pair<std::string, std::string>>;

class RouteGroup;

/// Maps a method and a path to a handler.
///
/// Each method has its own RouteTree, so the most specific route that
/// accepts the request's method wins. A path that some route matches under
/// other methods is answered 405 with an Allow header listing them
/// (RFC 9110 15.5.6); a path no route matches is 404. HEAD runs the GET
/// route when there is no HEAD route (RFC 9110 9.3.2); OPTIONS without its
/// own route is answered 204 with Allow (RFC 9110 9.3.7).
///
/// Add every route first, then serve: handle() only reads, so many threads
/// may call it at once, but adding while serving is a data race.
class Router {
public:
    /// Adds a route for `method` (case-sensitive, as "GET") and `pattern`.
    /// A non-empty `name` makes it reachable by url_for(). Throws
    /// PatternError for a malformed pattern, RouteConflict when the method
    /// already has a route of the same shape, and std::invalid_argument for
    /// a method that is not an HTTP token or a name already in use (naming
    /// both routes).
    Router& add(std::string_view method, std::string_view pattern, RouteHandler handler,
                std::string_view name = {});

    /// add("GET", ...).
    Router& get(std::string_view pattern, RouteHandler handler, std::string_view name = {}) {
        return add("GET", pattern, std::move(handler), name);
    }
    /// add("POST", ...).
    Router& post(std::string_view pattern, RouteHandler handler, std::string_view name = {}) {
        return add("POST", pattern, std::move(handler), name);
    }

    /// A typed route: `handler` takes the request and then one argument per
    /// parameter of `Pattern` (see HandlerFor); one that does not fit is a
    /// compile error.
    template <FixedString Pattern, class F>
    Router& add(std::string_view method, F handler, std::string_view name = {}) {
        return add(method, Pattern.view(), typed_handler<Pattern>(std::move(handler)), name);
    }
    /// A typed GET route: router.get<"/users/{id:int}">(handler).
    template <FixedString Pattern, class F>
    Router& get(F handler, std::string_view name = {}) {
        return add<Pattern>("GET", std::move(handler), name);
    }
    /// A typed POST route.
    template <FixedString Pattern, class F>
    Router& post(F handler, std::string_view name = {}) {
        return add<Pattern>("POST", std::move(handler), name);
    }

    /// Routes added through the result get `prefix` (a pattern, such as
    /// "/api" or "/users/{user_id}") in front of theirs. The group refers to
    /// this router, which must outlive it. Throws PatternError for a
    /// malformed prefix.
    RouteGroup group(std::string_view prefix);

    /// Answers the request in `context`: the matching route's response, or
    /// 400 for a path that does not decode, 404, 405 with Allow, or 204 with
    /// Allow for OPTIONS. Before calling the route's handler, records the
    /// match in the context (a RouteMatch item: the route's full pattern and
    /// its parameters), where the handler and every layer outside can read
    /// it. Exceptions from route handlers pass through.
    http::Response handle(http::Context& context) const;

    /// handle() for a request whose body is complete, in a context of its own.
    http::Response handle(const http::Request& request) const {
        http::Context context(request);
        return handle(context);
    }

    /// The path of the route named `name`, its parameters filled in from
    /// `params` and percent-encoded; pairs the pattern does not use become
    /// the query string, in order. Throws std::invalid_argument for an
    /// unknown name, a missing parameter, or a value its parameter could
    /// never match (naming the route and the parameter).
    std::string url_for(std::string_view name, const UrlParams& params = {}) const;

    /// A Handler for serve_connection. It owns a copy of this router taken
    /// now (routes added later are not seen), so it stays valid after the
    /// router is gone and is safe to call from several threads.
    http::Handler to_handler() const {
        return [router = std::make_shared<const Router>(*this)](http::Context& context) {
            return router->handle(context);
        };
    }

private:
    /// One route as added.
    struct Route {
        std::string method;    ///< "GET", ...
        std::string pattern;   ///< the full pattern, group prefix included
        std::string name;      ///< for url_for; empty when unnamed
        RouteHandler handler;  ///< what answers it
    };

    std::vector<Route> routes_;  // indexed by the route number the trees hold
    std::vector<std::pair<std::string, RouteTree>> trees_;  // one per method, in order added
};

/// Routes that share a prefix: api.get("/users", h) adds "/api/users" to the
/// router. Obtained from Router::group(); groups nest.
class RouteGroup {
public:
    /// A group adding to `router` under `prefix` (already checked).
    RouteGroup(Router& router, std::string prefix) : router_(&router), prefix_(std::move(prefix)) {}

    /// Router::add with the prefix in front of `pattern` ("/" means the
    /// prefix itself).
    RouteGroup& add(std::string_view method, std::string_view pattern, RouteHandler handler,
                    std::string_view name = {});
    /// add("GET", ...).
    RouteGroup& get(std::string_view pattern, RouteHandler handler, std::string_view name = {}) {
        return add("GET", pattern, std::move(handler), name);
    }
    /// add("POST", ...).
    RouteGroup& post(std::string_view pattern, RouteHandler handler, std::string_view name = {}) {
        return add("POST", pattern, std::move(handler), name);
    }

    /// A typed route under the prefix. The handler receives the parameters
    /// of `Pattern` only, not those of the prefix.
    template <FixedString Pattern, class F>
    RouteGroup& add(std::string_view method, F handler, std::string_view name = {}) {
        return add(method, Pattern.view(), typed_handler<Pattern>(std::move(handler)), name);
    }
    /// A typed GET route under the prefix.
    template <FixedString Pattern, class F>
    RouteGroup& get(F handler, std::string_view name = {}) {
        return add<Pattern>("GET", std::move(handler), name);
    }
    /// A typed POST route under the prefix.
    template <FixedString Pattern, class F>
    RouteGroup& post(F handler, std::string_view name = {}) {
        return add<Pattern>("POST", std::move(handler), name);
    }

    /// A nested group: this prefix, then `prefix`.
    RouteGroup group(std::string_view prefix) const;

    /// The prefix every route of this group gets.
    const std::string& prefix() const noexcept { return prefix_; }

private:
    Router* router_;
    std::string prefix_;
};

}  // namespace minifw::routing
