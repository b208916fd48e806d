#include "minifw/views/problem.hpp"

#include <array>
#include <stdexcept>
#include <string>
#include <string_view>

#include "minifw/http/connection.hpp"
#include "minifw/log.hpp"

namespace minifw::views {
namespace json = boost::json;

namespace {

// The members RFC 9457 section 3.1 defines; an extension may not replace one.
constexpr std::array<std::string_view, 5> kStandardMembers = {"type", "title", "status", "detail",
                                                              "instance"};

// The body of a plain-text error response, without the newline at its end.
std::string first_line(const std::string& body) { return body.substr(0, body.find('\n')); }

}  // namespace

http::Response problem_response(const Problem& problem) {
    json::object body;
    body["type"] = problem.type;
    body["title"] = problem.title;
    body["status"] = problem.status;
    if (!problem.detail.empty()) {
        body["detail"] = problem.detail;
    }
    if (!problem.instance.empty()) {
        body["instance"] = problem.instance;
    }
    for (const auto& member : problem.extensions) {
        for (std::string_view standard : kStandardMembers) {
            if (member.key() == standard) {
                throw std::invalid_argument(
                    "problem extension \"" + std::string(standard) +
                    "\" would replace the standard member of that name: rename the extension");
            }
        }
        body[member.key()] = member.value();
    }
    return http::Response::text(problem.status, json::serialize(body), "application/problem+json");
}

http::Response problem_error_handler(const http::Request& request, std::exception_ptr error) {
    if (error) {
        try {
            std::rethrow_exception(error);
        } catch (const ProblemError& e) {
            const Problem& problem = e.problem();
            if (problem.status >= 400 && problem.status <= 499) {
                return problem_response(problem);
            }
            // A 5xx is ours: its detail goes to the log, not to the client.
            log_line("minifw: " + request.method + " " + request.target + " failed: " + e.what());
            Problem bare;
            bare.status = problem.status;
            bare.type = problem.type;
            bare.title = problem.title;
            return problem_response(bare);
        } catch (...) {
            // Not a problem of ours: the one error policy decides below.
        }
    }
    // The connection's policy picks the status and what the client may learn
    // (and logs a 5xx's cause); only the shape changes.
    const http::Response plain = http::error_response(request, error);
    const bool client_error = plain.status >= 400 && plain.status <= 499;
    return problem_response(make_problem(plain.status, client_error ? first_line(plain.body) : ""));
}

}  // namespace minifw::views
