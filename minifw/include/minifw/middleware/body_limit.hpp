#pragma once
/// @file
/// A cap on request bodies for part of an application (stage 05, exercise 05.3).

#include <cstddef>

#include "minifw/middleware/pipeline.hpp"

namespace minifw::middleware {

/// A layer that answers 413 Content Too Large, without calling the layers
/// inside, when a request's Content-Length or its decoded body is larger than
/// `max_bytes`. Content-Length is checked first because it is known before
/// any byte of the body. A Content-Length that is not a number is a 400.
///
/// By the time a layer runs, the parser has already read the body (up to
/// http::ParserLimits::max_body, the limit that protects memory); this layer
/// sets a smaller limit where an application wants one.
Layer body_limit(std::size_t max_bytes);

}  // namespace minifw::middleware
