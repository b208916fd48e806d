#include <algorithm>
#include <stdexcept>

#include "minifw/routing/router.hpp"
#include "minifw/routing/url.hpp"

namespace minifw::routing {
namespace {

// A catch-all's value may hold '/', which must stay a separator: encode
// the pieces between them, not the slashes.
std::string encode_rest(std::string_view value) {
    std::string encoded;
    while (true) {
        auto slash = value.find('/');
        encoded += percent_encode(value.substr(0, slash));
        if (slash == std::string_view::npos) {
            return encoded;
        }
        encoded += '/';
        value.remove_prefix(slash + 1);
    }
}

}  // namespace

std::string Router::url_for(std::string_view name, const UrlParams& params) const {
    auto route = std::find_if(routes_.begin(), routes_.end(),
                              [&](const Route& r) { return !name.empty() && r.name == name; });
    if (route == routes_.end()) {
        throw std::invalid_argument("url_for: no route is named \"" + std::string(name) +
                                    "\"; name one with the last argument of add(), get() or "
                                    "post()");
    }
    std::string where =
        "url_for(\"" + route->name + "\") for " + route->method + " " + route->pattern + ": ";

    std::vector<bool> used(params.size(), false);
    auto value_of = [&](std::string_view param) -> const std::string& {
        for (std::size_t at = 0; at < params.size(); ++at) {
            if (params[at].first == param) {
                used[at] = true;
                return params[at].second;
            }
        }
        throw std::invalid_argument(where + "parameter \"" + std::string(param) +
                                    "\" is missing; pass it as {\"" + std::string(param) +
                                    "\", value}");
    };

    std::string url;
    for_each_segment(route->pattern, [&](SegmentView segment) {
        url += '/';
        if (segment.kind == SegmentKind::literal) {
            url += percent_encode(segment.text);
            return;
        }
        const std::string& value = value_of(segment.text);
        // A value the route would refuse makes a link that answers 404:
        // better to fail here, where the mistake is.
        if (segment.kind == SegmentKind::integer && !parse_int_segment(value)) {
            throw std::invalid_argument(where + "parameter \"" + std::string(segment.text) +
                                        "\" must be an integer, not \"" + value + "\"");
        }
        if (segment.kind == SegmentKind::text && value.empty()) {
            throw std::invalid_argument(where + "parameter \"" + std::string(segment.text) +
                                        "\" must not be empty");
        }
        url += segment.kind == SegmentKind::rest ? encode_rest(value) : percent_encode(value);
    });
    if (url.empty()) {
        url += '/';  // the route "/": no segments, but a path is never empty
    }

    char separator = '?';
    for (std::size_t at = 0; at < params.size(); ++at) {
        if (!used[at]) {
            url += separator;
            url += percent_encode(params[at].first);
            url += '=';
            url += percent_encode(params[at].second);
            separator = '&';
        }
    }
    return url;
}

}  // namespace minifw::routing
