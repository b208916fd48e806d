#pragma once
/// @file
/// The in-process handler: the one interface every later stage builds on.

#include <functional>

#include "minifw/http/request.hpp"
#include "minifw/http/response.hpp"

namespace minifw::http {

/// A function from a request to its response: what WSGI, Rack, Servlets and
/// ASP.NET Core's RequestDelegate all reduce to. Routing, middleware and
/// views are all ways of building one Handler out of smaller ones.
using Handler = std::function<Response(const Request&)>;

}  // namespace minifw::http
