#include "minifw/cgi/program.hpp"

#include <charconv>
#include <exception>
#include <optional>
#include <stdexcept>

#include "minifw/http/status.hpp"
#include "minifw/util/ascii.hpp"

namespace minifw::cgi {
namespace {

std::optional<std::string_view> lookup(const Environment& environment, std::string_view name) {
    auto found = environment.find(name);
    if (found == environment.end()) {
        return std::nullopt;
    }
    return found->second;
}

// The body is exactly CONTENT_LENGTH bytes; without it there is none, and
// whatever follows on stdin is not the script's to read (RFC 3875 4.2).
std::string request_body(const Environment& environment, std::string_view input) {
    auto text = lookup(environment, "CONTENT_LENGTH");
    if (!text || text->empty()) {
        return {};
    }
    std::size_t length = 0;
    auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), length);
    if (error != std::errc{} || end != text->data() + text->size()) {
        throw http::HttpError(
            400, "CONTENT_LENGTH \"" + std::string(*text) + "\" is not a number of bytes");
    }
    if (input.size() < length) {
        throw http::HttpError(400, "the body ended after " + std::to_string(input.size()) +
                                       " of the " + std::to_string(length) +
                                       " bytes CONTENT_LENGTH announced");
    }
    return std::string(input.substr(0, length));
}

http::Response failure(int status) {
    return http::Response::text(status, std::string(http::reason_phrase(status)) + "\n");
}

}  // namespace

std::string to_cgi_output(const http::Response& response) {
    if (response.status < 100 || response.status > 599) {
        throw std::invalid_argument("response status " + std::to_string(response.status) +
                                    " is outside 100..599");
    }
    std::string output = "Status: " + std::to_string(response.status) + " " +
                         std::string(http::reason_phrase(response.status)) + "\n";
    for (const auto& [name, value] : response.headers) {
        if (!util::is_token(name)) {
            throw std::invalid_argument("header name \"" + name +
                                        "\" is not a token (RFC 9110 5.1)");
        }
        if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
            // A line break would end the field early and let the rest of the
            // value pose as fields of its own, or as the body.
            throw std::invalid_argument("header " + name +
                                        " holds CR, LF or NUL in its value; that would split "
                                        "the response");
        }
        output += name;
        output += ": ";
        output += value;
        output += '\n';
    }
    output += '\n';
    output += response.body;
    return output;
}

std::string serve_cgi(const http::Handler& handler, const Environment& environment,
                      std::string_view input, std::ostream& errors) {
    try {
        http::Request request =
            request_from_environment(environment, request_body(environment, input));
        http::Response response = handler(request);
        if (request.method == "HEAD") {
            response.body.clear();  // a script sends no body for HEAD (RFC 3875 4.3.3)
        }
        return to_cgi_output(response);
    } catch (const http::HttpError& error) {
        errors << error.what() << '\n';
        int status = error.status();
        return to_cgi_output(failure(status >= 400 && status <= 599 ? status : 500));
    } catch (const std::exception& error) {
        errors << error.what() << '\n';
    } catch (...) {
        errors << "the handler threw something that is not a std::exception\n";
    }
    return to_cgi_output(failure(500));
}

}  // namespace minifw::cgi
