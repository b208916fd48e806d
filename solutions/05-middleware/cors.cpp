#include "minifw/middleware/cors.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "minifw/http/headers.hpp"
#include "minifw/util/ascii.hpp"

namespace minifw::middleware {
namespace {

bool contains(const std::vector<std::string>& items, std::string_view value) {
    return std::find(items.begin(), items.end(), value) != items.end();
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) {
            out += ", ";
        }
        out += item;
    }
    return out;
}

// Adds `token` to the response's Vary list unless it is there already.
void add_vary(http::Headers& headers, std::string_view token) {
    auto vary = headers.combined("Vary");
    if (!vary) {
        headers.set("Vary", token);
    } else if (!http::has_token(*vary, token) && !http::has_token(*vary, "*")) {
        headers.set("Vary", *vary + ", " + std::string(token));
    }
}

// Everything the layer needs, computed once when the layer is made.
struct Policy {
    CorsOptions options;
    bool any_origin = false;
    bool any_header = false;
    std::string methods;  // the Access-Control-Allow-Methods value
    std::string exposed;  // the Access-Control-Expose-Headers value

    bool origin_allowed(std::string_view origin) const {
        // The Fetch standard compares origins byte for byte: an origin is
        // already serialised in lower case by the browser.
        return any_origin || contains(options.allowed_origins, origin);
    }

    bool method_allowed(std::string_view method) const {
        // Methods are case-sensitive (RFC 9110 9.1). The CORS-safelisted ones
        // never need a preflight's permission.
        return method == "GET" || method == "HEAD" || method == "POST" ||
               contains(options.allowed_methods, method);
    }

    bool header_allowed(std::string_view name) const {
        return any_header ||
               std::any_of(
                   options.allowed_headers.begin(), options.allowed_headers.end(),
                   [&](const std::string& allowed) { return http::iequals(allowed, name); });
    }

    // The value the browser should see in Access-Control-Allow-Origin.
    std::string_view allow_origin(std::string_view origin) const {
        return any_origin ? std::string_view("*") : origin;
    }

    http::Response refuse(std::string reason) const {
        http::Response response =
            http::Response::text(403, "CORS preflight refused: " + reason + "\n");
        if (!any_origin) {
            add_vary(response.headers, "Origin");
        }
        return response;
    }

    http::Response preflight(const http::Request& request, std::string_view origin,
                             std::string_view method) const {
        if (!origin_allowed(origin)) {
            return refuse("origin '" + std::string(origin) + "' is not allowed");
        }
        if (!method_allowed(method)) {
            return refuse("method '" + std::string(method) + "' is not allowed");
        }
        auto requested = request.headers.combined("Access-Control-Request-Headers");
        if (requested) {
            std::string_view rest = *requested;
            while (!rest.empty()) {
                auto comma = rest.find(',');
                auto name = util::trim_ows(rest.substr(0, comma));
                if (!name.empty() && !header_allowed(name)) {
                    return refuse("header '" + std::string(name) + "' is not allowed");
                }
                rest =
                    comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
            }
        }

        http::Response response;
        response.status = 204;
        response.headers.set("Access-Control-Allow-Origin", allow_origin(origin));
        if (options.allow_credentials) {
            response.headers.set("Access-Control-Allow-Credentials", "true");
        }
        if (!methods.empty()) {
            response.headers.set("Access-Control-Allow-Methods", methods);
        }
        if (requested && !util::trim_ows(*requested).empty()) {
            // Every requested header was checked above, so naming exactly
            // those is both sufficient and valid with credentials.
            response.headers.set("Access-Control-Allow-Headers", util::trim_ows(*requested));
        }
        if (options.max_age.count() > 0) {
            response.headers.set("Access-Control-Max-Age", std::to_string(options.max_age.count()));
        }
        if (!any_origin) {
            add_vary(response.headers, "Origin");
        }
        return response;
    }

    void decorate(http::Response& response, std::optional<std::string_view> origin) const {
        if (!any_origin) {
            // Even a response without CORS fields depends on Origin: a cache
            // must not hand it to a browser that sent an allowed one.
            add_vary(response.headers, "Origin");
        }
        if (!origin || !origin_allowed(*origin)) {
            return;
        }
        response.headers.set("Access-Control-Allow-Origin", allow_origin(*origin));
        if (options.allow_credentials) {
            response.headers.set("Access-Control-Allow-Credentials", "true");
        }
        if (!exposed.empty()) {
            response.headers.set("Access-Control-Expose-Headers", exposed);
        }
    }
};

}  // namespace

Layer cors(CorsOptions options) {
    if (options.allowed_origins.empty()) {
        throw std::invalid_argument(
            "cors: allowed_origins is empty: list origins such as \"https://app.example.com\", "
            "or \"*\" for any");
    }
    auto policy = std::make_shared<Policy>();
    policy->any_origin = contains(options.allowed_origins, "*");
    if (policy->any_origin && options.allow_credentials) {
        throw std::invalid_argument(
            "cors: the origin \"*\" cannot be combined with allow_credentials (the Fetch "
            "standard forbids it): list the trusted origins instead");
    }
    policy->any_header = contains(options.allowed_headers, "*");
    policy->methods = join(options.allowed_methods);
    policy->exposed = join(options.exposed_headers);
    policy->options = std::move(options);

    return [policy = std::shared_ptr<const Policy>(std::move(policy))](http::Context& context,
                                                                       Next& next) {
        const http::Request& request = context.request();
        auto origin = request.headers.get("Origin");
        auto method = request.headers.get("Access-Control-Request-Method");
        if (request.method == "OPTIONS" && origin && method) {
            return policy->preflight(request, *origin, *method);
        }
        http::Response response = next(context);
        policy->decorate(response, origin);
        return response;
    };
}

}  // namespace minifw::middleware
