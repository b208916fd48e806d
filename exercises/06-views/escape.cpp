#include "minifw/views/escape.hpp"

#include "minifw/exercise.hpp"

// Exercise 06.3: escape a value for the place in the HTML it lands in, refuse
// URLs with active schemes, and embed JSON in a script element safely.

namespace minifw::views {
namespace {
constexpr const char* kSection = "lessons/06-views/README.md#exercise-063-escaping-by-context";

}  // namespace

void append_html_text(std::string&, std::string_view) { throw ExerciseNotDone{"06.3", kSection}; }

void append_attribute(std::string&, std::string_view, Quote) {
    throw ExerciseNotDone{"06.3", kSection};
}

std::string_view safe_url(std::string_view) { throw ExerciseNotDone{"06.3", kSection}; }

std::string json_for_script(const boost::json::value&) { throw ExerciseNotDone{"06.3", kSection}; }

void append_escaped(std::string&, std::string_view, EscapeContext) {
    throw ExerciseNotDone{"06.3", kSection};
}

}  // namespace minifw::views
