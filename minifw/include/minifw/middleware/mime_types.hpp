#pragma once
/// @file
/// Media types for file names (stage 05, exercise 05.6).

#include <string_view>

namespace minifw::middleware {

/// The media type to send in Content-Type for a file, from its extension,
/// ignoring case: "text/html; charset=utf-8" for "index.HTML",
/// "image/png" for "logo.png", "application/octet-stream" for an unknown
/// or missing extension (which a browser will offer to download rather than
/// guess at).
std::string_view mime_type(std::string_view file_name);

}  // namespace minifw::middleware
