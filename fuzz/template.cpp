// Fuzzes stage 06's template parser and renderer with any text as a template.
//
// Properties: a bad template is a TemplateError, nothing else, and its
// message names the file and a line and column inside the text; a good one
// renders with values that are all an attack string, through includes, with
// nothing thrown but TemplateError; and unless the template opts out with
// `safe`, the attack adds no '<' or '>' to the page (compared with the same
// template rendered with harmless values of the same shape): every value was
// escaped for the place it landed in.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "invariant.hpp"
#include "minifw/views/template.hpp"

namespace json = boost::json;
namespace views = minifw::views;
using minifw::fuzz::require;

namespace {

constexpr std::string_view kAttack = "<script>alert(1)</script>\"' onmouseover=x";

// The same shape of values twice: once all attack, once harmless. Lists have
// the same lengths and every value is as true, so both render the same tags.
json::value values(std::string_view v) {
    return {
        {"x", v},
        {"xs", json::array{v, 1, true}},
        {"o", {{"x", v}, {"xs", json::array{v}}}},
        {"n", 42},
    };
}

std::size_t lines_of(std::string_view text) {
    std::size_t lines = 1;
    for (char c : text) {
        lines += c == '\n' ? 1 : 0;
    }
    return lines;
}

std::size_t count(std::string_view text, char c) {
    std::size_t n = 0;
    for (char t : text) {
        n += t == c ? 1 : 0;
    }
    return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
    const std::string_view source(reinterpret_cast<const char*>(bytes), size);
    views::Template tmpl;
    try {
        tmpl = views::parse_template(source, "fuzz.html");
    } catch (const views::TemplateError& e) {
        require(std::string_view(e.what()).starts_with("fuzz.html:"), "errors name the file");
        require(e.line() >= 1 && e.line() <= lines_of(source), "the line is in the text");
        require(e.column() >= 1 && e.column() <= size + 1, "the column is in the text");
        return 0;
    }
    // Loops nested k deep over a list of 3 render 3^k times: a template
    // author's choice, not a bug, but it would stall the fuzzer.
    std::size_t loops = 0;
    for (std::size_t at = source.find("for"); at != std::string_view::npos;
         at = source.find("for", at + 1)) {
        ++loops;
    }
    if (loops > 6) {
        return 0;
    }
    // Every include finds a small template that writes a value in text.
    static const views::Template part = views::parse_template("<i>{{ x }}</i>", "part.html");
    const views::IncludeResolver includes = [](std::string_view) -> const views::Template& {
        return part;
    };
    std::string attacked;
    std::string harmless;
    try {
        attacked = views::render(tmpl, values(kAttack), includes);
        harmless = views::render(tmpl, values("zzz"), includes);
    } catch (const views::TemplateError& e) {
        require(std::string_view(e.what()).starts_with("fuzz.html:"),
                "render errors name the file");
        return 0;
    }
    if (source.find("safe") == std::string_view::npos) {
        // Escaped values add no '<' or '>' wherever they land: every tag in
        // the page is one the template wrote.
        require(count(attacked, '<') == count(harmless, '<'), "a value never opens a tag");
        require(count(attacked, '>') == count(harmless, '>'), "a value never closes a tag");
    }
    return 0;
}
