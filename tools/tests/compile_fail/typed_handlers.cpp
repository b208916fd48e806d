// Compiled (never linked) by tools/tests/test_typed_routes.py, a check of the
// course (the typed routes are given code, so no graded test of the learner).
// With -DFITS it must compile; without, each handler below must be refused
// with the message of minifw::routing::typed_handler.

#include <cstdint>
#include <string>
#include <string_view>

#include "minifw/routing/router.hpp"

using minifw::http::Request;
using minifw::http::Response;

void add_routes(minifw::routing::Router& router) {
#ifdef FITS
    router.get<"/users/{id:int}/posts/{slug}">(
        [](const Request&, std::int64_t id, std::string_view slug) {
            return Response::text(200, std::to_string(id) + std::string(slug));
        });
#else
    // {id:int} arrives as a number, not as text.
    router.get<"/users/{id:int}">(
        [](const Request&, std::string_view id) { return Response::text(200, std::string(id)); });
    // The pattern has two parameters; the handler takes one.
    router.get<"/users/{id:int}/posts/{slug}">(
        [](const Request&, std::int64_t id) { return Response::text(200, std::to_string(id)); });
#endif
}
