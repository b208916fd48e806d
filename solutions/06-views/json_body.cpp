#include "minifw/views/json.hpp"

#include <string>
#include <string_view>

#include "minifw/util/ascii.hpp"

namespace minifw::views {
namespace json = boost::json;

namespace {

// application/json, or a structured syntax suffix "+json" (RFC 6839 3.1),
// ignoring parameters such as charset and the case of the name.
bool is_json_media_type(std::string_view content_type) {
    std::string type(util::trim_ows(content_type.substr(0, content_type.find(';'))));
    for (char& c : type) {
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    const std::string_view suffix = "+json";
    return type == "application/json" || (type.starts_with("application/") &&
                                          type.size() > suffix.size() && type.ends_with(suffix));
}

// 1-based line and column of byte `offset` in `text`.
std::string position_of(std::string_view text, std::size_t offset) {
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace

json::value read_json_value(http::Context& context) {
    const http::Request& head = context.request();
    if (auto type = head.headers.combined("Content-Type"); type && !is_json_media_type(*type)) {
        throw ProblemError(make_problem(
            415, "the body must be JSON: send Content-Type: application/json, not " + *type));
    }
    const std::string& body = context.read_body().body;
    json::stream_parser parser;
    boost::system::error_code error;
    const std::size_t used = parser.write(body.data(), body.size(), error);
    if (!error) {
        parser.finish(error);
    }
    if (error) {
        throw ProblemError(make_problem(
            400, "the body is not JSON: " + error.message() + " at " + position_of(body, used)));
    }
    return parser.release();
}

http::Response json_response(const json::value& value, int status) {
    return http::Response::text(status, json::serialize(value), "application/json");
}

}  // namespace minifw::views
