#pragma once
// Small helpers shared by the stage 04 tests.

#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "minifw/http/request.hpp"
#include "minifw/http/response.hpp"
#include "minifw/routing/params.hpp"

namespace minifw::test {

/// Decoded path segments written out, so list and tree tests do not depend
/// on split_path (exercise 04.1).
inline std::vector<std::string> segments(std::initializer_list<std::string_view> parts) {
    return {parts.begin(), parts.end()};
}

/// The route number of a lookup, or -1 when nothing matched: comparable
/// with EXPECT_EQ, and never a dereference of an empty optional.
inline long long route_of(const std::optional<routing::Match>& match) {
    return match ? static_cast<long long>(match->route) : -1;
}

/// A request with just a method and a target.
inline http::Request make_request(std::string method, std::string target) {
    http::Request request;
    request.method = std::move(method);
    request.target = std::move(target);
    request.headers.add("Host", "example.test");
    return request;
}

/// The Params as "name=value;" pairs, a readable form for EXPECT_EQ.
inline std::string describe(const routing::Params& params) {
    std::string text;
    for (const auto& [name, value] : params) {
        text += name + "=" + value + ";";
    }
    return text;
}

/// The methods in a response's Allow header, as a set: the order is not
/// part of what the tests check.
inline std::set<std::string> allowed(const http::Response& response) {
    std::set<std::string> methods;
    auto allow = response.headers.combined("Allow");
    if (!allow) {
        return methods;
    }
    std::string_view rest = *allow;
    while (!rest.empty()) {
        auto comma = rest.find(',');
        std::string_view token = rest.substr(0, comma);
        while (!token.empty() && token.front() == ' ') {
            token.remove_prefix(1);
        }
        while (!token.empty() && token.back() == ' ') {
            token.remove_suffix(1);
        }
        if (!token.empty()) {
            methods.emplace(token);
        }
        if (comma == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(comma + 1);
    }
    return methods;
}

}  // namespace minifw::test
