#include "minifw/routing/router.hpp"

#include <algorithm>
#include <optional>
#include <span>
#include <stdexcept>

#include "minifw/http/status.hpp"
#include "minifw/routing/url.hpp"
#include "minifw/util/ascii.hpp"

namespace minifw::routing {
namespace {

using MethodTrees = std::vector<std::pair<std::string, RouteTree>>;

const RouteTree* tree_for(const MethodTrees& trees, std::string_view method) {
    for (const auto& [name, tree] : trees) {
        if (name == method) {
            return &tree;
        }
    }
    return nullptr;
}

std::optional<Match> find_route(const MethodTrees& trees, std::string_view method,
                                std::span<const std::string> segments) {
    const RouteTree* tree = tree_for(trees, method);
    return tree != nullptr ? tree->match(segments) : std::nullopt;
}

// The Allow value for a resource: every method with a route that matches
// (all of them for "OPTIONS *", where `segments` is nullopt), HEAD wherever GET
// is (the router answers it), and OPTIONS wherever anything is. Sorted, so
// the header does not depend on the order routes were added in.
std::string allowed_methods(const MethodTrees& trees,
                            std::optional<std::span<const std::string>> segments) {
    std::vector<std::string_view> methods;
    for (const auto& [method, tree] : trees) {
        if (tree.size() > 0 && (!segments || tree.match(*segments))) {
            methods.push_back(method);
        }
    }
    if (methods.empty()) {
        return {};
    }
    auto add_if_missing = [&](std::string_view method) {
        if (std::find(methods.begin(), methods.end(), method) == methods.end()) {
            methods.push_back(method);
        }
    };
    if (std::find(methods.begin(), methods.end(), "GET") != methods.end()) {
        add_if_missing("HEAD");
    }
    add_if_missing("OPTIONS");
    std::sort(methods.begin(), methods.end());
    std::string allow;
    for (std::string_view method : methods) {
        if (!allow.empty()) {
            allow += ", ";
        }
        allow += method;
    }
    return allow;
}

http::Response with_allow(int status, std::string body, const std::string& allow) {
    http::Response response = body.empty() ? http::Response{} : http::Response::text(status, body);
    response.status = status;
    response.headers.set("Allow", allow);
    return response;
}

}  // namespace

Router& Router::add(std::string_view method, std::string_view pattern, RouteHandler handler,
                    std::string_view name) {
    if (!util::is_token(method)) {  // RFC 9110 9.1: a method is a token
        throw std::invalid_argument("\"" + std::string(method) +
                                    "\" is not an HTTP method: use a token such as GET or POST "
                                    "(RFC 9110 9.1; methods are case-sensitive)");
    }
    Route route{std::string(method), std::string(pattern), std::string(name), std::move(handler)};
    std::string label = route.method + " " + route.pattern;
    if (!route.handler) {
        throw std::invalid_argument("route " + label + " has an empty handler");
    }
    if (!name.empty()) {
        for (const Route& other : routes_) {
            if (other.name == name) {
                throw std::invalid_argument("route name \"" + route.name +
                                            "\" is already used by " + other.method + " " +
                                            other.pattern + ": give " + label + " another name");
            }
        }
    }

    auto tree = std::find_if(trees_.begin(), trees_.end(),
                             [&](const auto& entry) { return entry.first == method; });
    if (tree == trees_.end()) {
        trees_.emplace_back(route.method, RouteTree{});
        tree = std::prev(trees_.end());
    }
    // Room first, so that once the tree holds the route's number nothing can
    // throw before routes_ holds the route. Doubling keeps adding N routes
    // linear; reserving one more each time would copy them all every time.
    if (routes_.size() == routes_.capacity()) {
        routes_.reserve(std::max<std::size_t>(16, 2 * routes_.capacity()));
    }
    try {
        tree->second.insert(pattern, routes_.size());
    } catch (const RouteConflict& conflict) {
        throw RouteConflict(route.method + " " + conflict.existing(),
                            route.method + " " + conflict.added());
    }
    routes_.push_back(std::move(route));
    return *this;
}

http::Response Router::handle(http::Context& context) const {
    const http::Request& request = context.request();
    const std::string& method = request.method;
    if (request.target == "*") {
        // The asterisk-form asks about the server as a whole (RFC 9112
        // 3.2.4); only OPTIONS may use it (RFC 9110 9.3.7).
        if (method != "OPTIONS") {
            return http::Response::text(400, "only OPTIONS may ask about \"*\"\n");
        }
        return with_allow(204, {}, allowed_methods(trees_, std::nullopt));
    }

    std::vector<std::string> segments;
    try {
        segments = split_path(request.path());
    } catch (const http::HttpError& error) {
        return http::Response::text(error.status(), std::string(error.what()) + "\n");
    }

    auto found = find_route(trees_, method, segments);
    if (!found && method == "HEAD") {
        // Same status and fields as GET (RFC 9110 9.3.2); the connection
        // drops the body and keeps its Content-Length.
        found = find_route(trees_, "GET", segments);
    }
    if (found) {
        const Route& route = routes_[found->route];
        context.items().set(RouteMatch{route.pattern, std::move(found->params)});
        return route.handler(context);
    }

    std::string allow = allowed_methods(trees_, segments);
    if (allow.empty()) {
        return http::Response::text(404, "no route matches " + std::string(request.path()) + "\n");
    }
    if (method == "OPTIONS") {
        return with_allow(204, {}, allow);
    }
    // RFC 9110 15.5.6: a 405 must say which methods would have worked.
    return with_allow(405, method + " is not allowed here; allowed: " + allow + "\n", allow);
}

}  // namespace minifw::routing
