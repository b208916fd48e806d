#include "minifw/cgi/response.hpp"
#include "minifw/exercise.hpp"

namespace minifw::cgi {

// Exercise 03.4: split the header block from the body, apply Status and
// Location, drop framing fields, and throw HttpError(502) on anything else.
http::Response parse_cgi_response(std::string_view) {
    throw ExerciseNotDone{"03.4", "lessons/03-cgi/README.md#exercise-034-reading-a-cgi-response"};
}

}  // namespace minifw::cgi
