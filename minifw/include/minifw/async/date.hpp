#pragma once
/// @file
/// The Date header's value, cached (exercise 08.1).

#include <string_view>

namespace minifw::async {

/// The IMF-fixdate of now (RFC 9110 section 5.6.7), rendered at most once a
/// second per thread: at thousands of responses a second, formatting it for
/// each one is wasted work. The view is valid until this thread's next call.
std::string_view cached_http_date();

}  // namespace minifw::async
