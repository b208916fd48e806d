#pragma once
/// @file
/// Errors as RFC 9457 problem details, application/problem+json (stage 06,
/// exercise 06.7).

#include <exception>
#include <string>
#include <utility>

#include <boost/json.hpp>

#include "minifw/http/request.hpp"
#include "minifw/http/response.hpp"
#include "minifw/http/status.hpp"

namespace minifw::views {

/// One problem details object (RFC 9457 section 3): what went wrong, in a
/// shape a client program can read without parsing prose.
struct Problem {
    int status = 500;   ///< the HTTP status, repeated in the body (3.1.2)
    std::string title;  ///< a short summary, the same for every occurrence of the type (3.1.3)
    std::string
        detail;  ///< this occurrence, in words that help the client fix it (3.1.4); empty: left out
    std::string type = "about:blank";  ///< a URI naming the kind of problem; about:blank means
                                       ///< "just the status" (3.1.1, 4.2.1)
    std::string instance;              ///< a URI naming this occurrence (3.1.5); empty: left out
    boost::json::object
        extensions;  ///< more members, such as "errors" with a pointer per field (3.2)
};

/// A Problem whose title is the status's reason phrase, as RFC 9457 4.2.1
/// asks of the about:blank type.
inline Problem make_problem(int status, std::string detail) {
    Problem problem;
    problem.status = status;
    problem.title = std::string(http::reason_phrase(status));
    problem.detail = std::move(detail);
    return problem;
}

/// An HttpError that carries a whole Problem. It is still an HttpError, so
/// the plain error policy (http::error_response) answers it with its status
/// and detail as text; problem_error_handler answers it as problem+json.
class ProblemError : public http::HttpError {
public:
    /// The error for `problem`; what() is its detail (its title when the
    /// detail is empty).
    explicit ProblemError(Problem problem)
        : http::HttpError(problem.status, problem.detail.empty() ? problem.title : problem.detail),
          problem_(std::move(problem)) {}

    /// The problem to answer with.
    const Problem& problem() const noexcept { return problem_; }

private:
    Problem problem_;
};

/// The response for `problem`: its status, Content-Type
/// application/problem+json (RFC 9457 section 3), and a body holding "type",
/// "title", "status", "detail" and "instance" (the last two only when not
/// empty) and then every extension member. Throws std::invalid_argument for
/// an extension named like one of the five standard members, which it would
/// silently replace.
http::Response problem_response(const Problem& problem);

/// An error handler for middleware::Pipeline::on_error that answers every
/// error as problem+json: a ProblemError with its own problem (4xx), and
/// anything else through the connection's policy (http::error_response:
/// its status, the message of a 4xx, nothing of a 5xx's cause, which goes to
/// the log), in the same shape. A 5xx ProblemError keeps its type and title
/// but loses its detail and extensions, which go to the log.
http::Response problem_error_handler(const http::Request& request, std::exception_ptr error);

}  // namespace minifw::views
