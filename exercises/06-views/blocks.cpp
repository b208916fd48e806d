#include "minifw/exercise.hpp"
#include "minifw/views/template.hpp"
#include "template_parser.hpp"

// Exercise 06.5: the blocks of a template, {% if %} ... {% else %} ...
// {% endif %} and {% for x in xs %} ... {% endfor %}: nested by recursion
// into Parser::parse_block, bounded in depth, closed by the right tag, and
// ending in the HTML context they started in.

namespace minifw::views::detail {
namespace {
constexpr const char* kSection = "lessons/06-views/README.md#exercise-065-template-blocks";
}

Node Parser::parse_if(TagReader&, std::size_t, std::size_t) {
    throw ExerciseNotDone{"06.5", kSection};
}

Node Parser::parse_for(TagReader&, std::size_t, std::size_t) {
    throw ExerciseNotDone{"06.5", kSection};
}

}  // namespace minifw::views::detail
