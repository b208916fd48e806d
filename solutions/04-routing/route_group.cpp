#include "minifw/routing/router.hpp"

namespace minifw::routing {
namespace {

// A prefix is a pattern of its own, checked now so that its mistakes are
// reported against it rather than against every route added under it. "/"
// adds nothing.
std::string checked_prefix(std::string_view prefix) {
    for_each_segment(prefix, [](SegmentView) {});
    return prefix == "/" ? std::string() : std::string(prefix);
}

}  // namespace

RouteGroup Router::group(std::string_view prefix) { return {*this, checked_prefix(prefix)}; }

RouteGroup RouteGroup::group(std::string_view prefix) const {
    return {*router_, prefix_ + checked_prefix(prefix)};
}

RouteGroup& RouteGroup::add(std::string_view method, std::string_view pattern, RouteHandler handler,
                            std::string_view name) {
    std::string full = pattern == "/" ? prefix_ : prefix_ + std::string(pattern);
    router_->add(method, full.empty() ? "/" : full, std::move(handler), name);
    return *this;
}

}  // namespace minifw::routing
