#pragma once
/// @file
/// Templates: parsed once into a tree (exercises 06.4, the nodes, and 06.5,
/// the blocks), rendered many times (exercises 06.6, the values, and 06.7,
/// the walk).
///
/// The language, a small part of Jinja2's:
///
///     {{ user.name }}                     a value, escaped for where it stands
///     {{ user.name | upper }}             filters: upper, lower, length,
///     {{ nick | default("anonymous") }}       default("..."), safe
///     {% if user.admin %}...{% else %}...{% endif %}     also {% if not x %}
///     {% for tag in user.tags %}...{% endfor %}
///     {% include "footer.html" %}
///     {# a comment #}

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <boost/json.hpp>

#include "minifw/views/escape.hpp"
#include "minifw/views/value.hpp"

namespace minifw::views {

/// A template that cannot be parsed or rendered, with where and why:
/// "greet.html:3:14: expected '%}' after 'endif'".
class TemplateError : public std::runtime_error {
public:
    /// The error at line `line`, column `column` (both from 1; columns count
    /// bytes) of template `file`.
    TemplateError(std::string file, std::size_t line, std::size_t column, const std::string& why)
        : std::runtime_error(file + ":" + std::to_string(line) + ":" + std::to_string(column) +
                             ": " + why),
          file_(std::move(file)),
          line_(line),
          column_(column) {}

    /// The template's name.
    const std::string& file() const noexcept { return file_; }
    /// The line, from 1.
    std::size_t line() const noexcept { return line_; }
    /// The column, from 1, in bytes.
    std::size_t column() const noexcept { return column_; }

private:
    std::string file_;
    std::size_t line_;
    std::size_t column_;
};

/// The most blocks ({% if %}, {% for %}) one template may nest: a parser or a
/// renderer that recursed without a bound could be made to overflow its stack.
inline constexpr std::size_t kMaxNesting = 64;
/// The most includes one render may nest.
inline constexpr std::size_t kMaxIncludeDepth = 16;

/// Where a piece of a template starts.
struct Position {
    std::size_t line = 1;    ///< from 1
    std::size_t column = 1;  ///< from 1, in bytes
};

/// One filter applied to a value: `upper`, or `default("x")` with its argument.
struct Filter {
    std::string name;                            ///< upper, lower, length, default or safe
    std::optional<boost::json::value> argument;  ///< default's argument, a literal
};

/// A value to look up and its filters: `user.name | upper`.
struct Expression {
    std::vector<std::string> path;  ///< the dotted name, split: {"user", "name"}
    std::vector<Filter> filters;    ///< in the order they apply
    Position position;              ///< where the name starts, for errors while rendering
};

struct Node;
/// A sequence of nodes: a template's body, or a block's.
using Nodes = std::vector<Node>;

/// Literal text, written as it is.
struct TextNode {
    std::string text;  ///< the bytes between tags
};
/// {{ expression }}, and the context the parser found it in.
struct OutputNode {
    Expression expression;  ///< what to write
    EscapeContext context;  ///< how to escape it, from the HTML before it
};
/// {% if [not] expression %} then {% else %} otherwise {% endif %}.
struct IfNode {
    Expression condition;  ///< tested for truth
    bool negated = false;  ///< {% if not ... %}
    Nodes then_nodes;      ///< rendered when the condition holds
    Nodes else_nodes;      ///< rendered otherwise (empty without {% else %})
};
/// {% for variable in sequence %} body {% endfor %}.
struct ForNode {
    std::string variable;  ///< the loop variable's name
    Expression sequence;   ///< a list (null or missing: no iterations)
    Nodes body;            ///< rendered once per element
};
/// {% include "name" %}: another template, rendered with the same values.
struct IncludeNode {
    std::string name;   ///< the template's name, as the loader knows it
    Position position;  ///< where the tag starts
};
/// One node of the tree.
struct Node {
    std::variant<TextNode, OutputNode, IfNode, ForNode, IncludeNode> value;  ///< which kind
};

/// A parsed template: its name and its tree. Immutable once made, so one
/// template is rendered by many threads at once without a lock.
class Template {
public:
    /// An empty template.
    Template() = default;
    /// The template `name` with body `nodes`.
    Template(std::string name, Nodes nodes) : name_(std::move(name)), nodes_(std::move(nodes)) {}

    /// The name errors name: a file name such as "greet.html".
    const std::string& name() const noexcept { return name_; }
    /// The body.
    const Nodes& nodes() const noexcept { return nodes_; }

private:
    std::string name_;
    Nodes nodes_;
};

/// Parses `source` into a tree (exercises 06.4 and 06.5). Each {{ }} gets the escaping
/// context of the HTML before it (an HTML scanner, given, reads the literal
/// text); the two branches of an if, and the body of a for, must end in the
/// context they started in. Throws TemplateError naming `name`, the line and
/// column, and what was expected: an unclosed {{ or {%, an unknown tag or
/// filter, an else, endif or endfor with no block to close, a block never
/// closed, blocks nested deeper than kMaxNesting, a {{ }} in a tag or
/// attribute name, a comment, a style element or an event handler
/// attribute, an include anywhere but in text.
Template parse_template(std::string_view source, std::string name);

/// Finds the template an include names; throws when there is none.
using IncludeResolver = std::function<const Template&(std::string_view name)>;

/// A loop variable while a template renders: its name and the element it
/// stands for in the current iteration.
struct LoopVariable {
    std::string_view name;  ///< the name after {% for
    ValueRef value;         ///< the current element (a view: not owned)
};

/// What an expression can see while a template renders.
struct Scope {
    ValueRef data;                        ///< the values render() was given
    std::span<const LoopVariable> loops;  ///< the loop variables open, innermost last
    std::string_view template_name;       ///< the template being rendered, for errors
};

/// The value of `expression` in `scope` (exercise 06.6). The first part of
/// its path is looked up in the loops from the innermost out, then in the
/// data object; each further part with ValueRef::member; a missing name is
/// null, not an error. Then the filters, in order: upper, lower, length
/// (code points of a string, elements of a list or an object, 0 for null),
/// default(x) (x for null or ""), and safe, which changes nothing but sets
/// `safe`. A plain lookup returns a view into the data and copies
/// nothing; a filter's result is kept in `scratch`, which must outlive the
/// use of the returned view. Throws TemplateError (template_name and the
/// expression's position) for length of a number or a boolean.
ValueRef evaluate(const Expression& expression, const Scope& scope,
                  std::optional<boost::json::value>& scratch, bool& safe);

/// Renders `tmpl` with the values in `data` (exercise 06.7): a
/// boost::json::value, or the application's own described struct read in
/// place (see ValueRef), with no JSON document built. A dotted name
/// is looked up from the innermost loop variable out to `data`, then member
/// by member; a missing name is null, which writes nothing. Every value is
/// escaped for its context unless a `safe` filter says it is HTML already.
/// Throws TemplateError (with the template's name and the position) for a
/// for over something that is not a list, an include without a resolver,
/// and includes nested deeper than kMaxIncludeDepth.
std::string render(const Template& tmpl, ValueRef data, const IncludeResolver& includes = {});

}  // namespace minifw::views
