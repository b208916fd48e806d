#pragma once
/// @file
/// Turning exceptions into responses (stage 05, exercise 05.2).

#include <exception>
#include <functional>

#include "minifw/http/request.hpp"
#include "minifw/http/response.hpp"

namespace minifw::middleware {

/// Turns an exception that escaped a layer or the endpoint into the response
/// the layer outside receives.
///
/// A type of its own, registered with Pipeline::on_error, rather than a layer
/// with one more parameter: Express tells error middleware apart by counting
/// a function's arguments, which fails silently when one is forgotten. Here a
/// lambda of the wrong shape does not compile.
using ErrorHandler = std::function<http::Response(const http::Request&, std::exception_ptr)>;

/// The handler a Pipeline starts with: the connection's own error policy,
/// http::error_response (exercise 02.8), so a client learns the same of a
/// failure whichever part of the server caught it. An http::HttpError with a
/// 4xx status carries the error's message (it tells the client what to fix);
/// a 5xx, or anything else (then a 500), only the reason phrase, while the
/// cause goes to the log (minifw::log_line), with the method and target.
http::Response default_error_handler(const http::Request& request, std::exception_ptr error);

/// What the pipeline does with every exception it catches, in the spirit of
/// Django's convert_exception_to_response: returns `handler`'s response for
/// `error`. An empty handler, or one that throws in turn, yields a plain 500,
/// so the caller gets a response in every case.
http::Response respond_to_exception(const ErrorHandler& handler, const http::Request& request,
                                    std::exception_ptr error);

}  // namespace minifw::middleware
