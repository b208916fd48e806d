#pragma once
/// @file
/// Reading what a CGI script printed (stage 03, exercise 03.4).

#include <string_view>

#include "minifw/http/response.hpp"

namespace minifw::cgi {

/// Turns a script's output into the response the server sends (RFC 3875
/// section 6): header lines ended by LF or CR LF, an empty line, the body.
///
/// "Status: 404 Not Found" sets the status (200 without it); a Location
/// without a Status is a 302 redirect, whether it names another site
/// (6.2.3) or a local path (6.2.2, which minifw answers as a redirect rather
/// than re-running the request inside the server). Other fields are passed
/// on, except those that frame the message (Content-Length,
/// Transfer-Encoding, Connection, Date...), which belong to the server
/// (6.3.4).
///
/// Throws http::HttpError(502) naming the problem when the output is not a
/// CGI response: empty, no empty line after the headers, a line that is not
/// "name: value", a continuation line, a repeated or invalid Status, or none
/// of Content-Type, Location and Status (6.3).
http::Response parse_cgi_response(std::string_view output);

}  // namespace minifw::cgi
