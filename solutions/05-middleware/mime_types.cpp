#include "minifw/middleware/mime_types.hpp"

#include <array>
#include <utility>

#include "minifw/http/headers.hpp"

namespace minifw::middleware {
namespace {

// The types a website actually serves. Text types say charset=utf-8: without
// it a browser may guess the encoding from the bytes, and guess wrong.
// JavaScript is text/javascript (RFC 9239), not the older application/*.
constexpr std::array<std::pair<std::string_view, std::string_view>, 26> kTypes{{
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"json", "application/json"},
    {"map", "application/json"},
    {"txt", "text/plain; charset=utf-8"},
    {"csv", "text/csv; charset=utf-8"},
    {"xml", "application/xml"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"avif", "image/avif"},
    {"ico", "image/vnd.microsoft.icon"},
    {"woff", "font/woff"},
    {"woff2", "font/woff2"},
    {"wasm", "application/wasm"},
    {"pdf", "application/pdf"},
    {"mp4", "video/mp4"},
    {"webm", "video/webm"},
    {"mp3", "audio/mpeg"},
    {"zip", "application/zip"},
}};

}  // namespace

std::string_view mime_type(std::string_view file_name) {
    auto dot = file_name.rfind('.');
    auto slash = file_name.rfind('/');
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) {
        return "application/octet-stream";
    }
    auto extension = file_name.substr(dot + 1);
    for (const auto& [known, type] : kTypes) {
        if (http::iequals(known, extension)) {
            return type;
        }
    }
    return "application/octet-stream";
}

}  // namespace minifw::middleware
