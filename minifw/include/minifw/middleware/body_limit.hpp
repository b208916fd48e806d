#pragma once
/// @file
/// A cap on request bodies for part of an application (stage 05, exercise 05.3).

#include <cstddef>

#include "minifw/middleware/pipeline.hpp"

namespace minifw::middleware {

/// A layer that answers 413 Content Too Large, without calling the layers
/// inside, when a request's Content-Length is larger than `max_bytes`, or
/// its body, when an outer layer has read it already; the body of the 413
/// names both, as "request body of 5000 bytes is over the limit of 1024
/// bytes\n". A Content-Length that is not a number is a 400 whose body
/// quotes it: "Content-Length 'ten' is not a number of bytes\n".
///
/// Layers run when the request's head is complete, before its body is read
/// (see http::Context), so a body refused here is never buffered, and a
/// client that sent "Expect: 100-continue" is answered 413 without being told
/// to send it. The layer also lowers the context's body limit, so a chunked
/// body, whose size nobody knows in advance, is refused (413, from
/// Context::read_body) as soon as it passes `max_bytes`.
Layer body_limit(std::size_t max_bytes);

}  // namespace minifw::middleware
