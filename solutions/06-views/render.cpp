#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "minifw/views/escape.hpp"
#include "minifw/views/template.hpp"
#include "values.hpp"

namespace minifw::views {
namespace json = boost::json;
namespace {

using detail::dotted;
using detail::kind;
using detail::to_text;

const json::value kNull;

// A loop variable in scope: its name and the element it stands for.
struct Frame {
    std::string_view name;
    const json::value* value;
};

char ascii_case(char c, bool upper) {
    if (upper && c >= 'a' && c <= 'z') {
        return static_cast<char>(c - 'a' + 'A');
    }
    if (!upper && c >= 'A' && c <= 'Z') {
        return static_cast<char>(c - 'A' + 'a');
    }
    return c;
}

class Renderer {
public:
    Renderer(const json::value& data, const IncludeResolver& includes, std::string& out)
        : data_(data), includes_(includes), out_(out) {}

    void render(const Template& tmpl) {
        stack_.push_back(&tmpl);
        render_nodes(tmpl.nodes());
        stack_.pop_back();
    }

private:
    [[noreturn]] void fail(Position at, const std::string& why) const {
        throw TemplateError(stack_.back()->name(), at.line, at.column, why);
    }

    void render_nodes(const Nodes& nodes) {
        for (const Node& node : nodes) {
            std::visit([this](const auto& n) { render_node(n); }, node.value);
        }
    }

    void render_node(const TextNode& node) { out_ += node.text; }

    void render_node(const OutputNode& node) {
        std::optional<json::value> scratch;  // only a filter fills it
        bool safe = false;
        const json::value& value = evaluate(node.expression, scratch, safe);
        if (node.context.slot == Slot::script) {
            out_ += safe ? to_text(value) : json_for_script(value);
        } else if (safe) {
            out_ += to_text(value);
        } else if (const json::string* s = value.if_string()) {
            append_escaped(out_, *s, node.context);
        } else if (const std::int64_t* i = value.if_int64()) {
            // The common number, written without a temporary string.
            std::array<char, 24> digits{};
            const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), *i).ptr;
            append_escaped(out_, std::string_view(digits.data(), end - digits.data()),
                           node.context);
        } else if (!value.is_null()) {
            append_escaped(out_, to_text(value), node.context);
        }
    }

    void render_node(const IfNode& node) {
        std::optional<json::value> scratch;  // only a filter fills it
        bool safe = false;
        const bool holds = detail::truthy(evaluate(node.condition, scratch, safe)) != node.negated;
        render_nodes(holds ? node.then_nodes : node.else_nodes);
    }

    void render_node(const ForNode& node) {
        std::optional<json::value> scratch;  // only a filter fills it
        bool safe = false;
        const json::value& sequence = evaluate(node.sequence, scratch, safe);
        if (sequence.is_null()) {
            return;
        }
        const json::array* items = sequence.if_array();
        if (items == nullptr) {
            fail(node.sequence.position,
                 "for needs a list, but '" + dotted(node.sequence) + "' is " + kind(sequence));
        }
        if (scratch && &sequence == &*scratch) {
            // The list is a filter's result: keep it alive for the loop.
            const json::array owned = *items;
            loop(node, owned);
        } else {
            loop(node, *items);
        }
    }

    void loop(const ForNode& node, const json::array& items) {
        frames_.push_back({node.variable, nullptr});
        for (const json::value& item : items) {
            frames_.back().value = &item;
            render_nodes(node.body);
        }
        frames_.pop_back();
    }

    void render_node(const IncludeNode& node) {
        if (!includes_) {
            fail(node.position, "include \"" + node.name +
                                    "\" needs a loader: render through views::Loader, or pass "
                                    "an IncludeResolver");
        }
        if (stack_.size() > kMaxIncludeDepth) {
            std::string chain;
            for (const Template* t : stack_) {
                chain += t->name() + " -> ";
            }
            fail(node.position, "includes nested deeper than " + std::to_string(kMaxIncludeDepth) +
                                    ": " + chain + node.name);
        }
        render(includes_(node.name));
    }

    // The value of `expression` after its filters; `scratch` holds a value a
    // filter made, `safe` tells whether a `safe` filter was among them.
    const json::value& evaluate(const Expression& expression, std::optional<json::value>& scratch,
                                bool& safe) {
        const json::value* value = &lookup(expression.path);
        for (const Filter& filter : expression.filters) {
            if (filter.name == "safe") {
                safe = true;
                continue;
            }
            json::value result = apply(filter, *value, expression);
            value = &scratch.emplace(std::move(result));
        }
        return *value;
    }

    json::value apply(const Filter& filter, const json::value& value,
                      const Expression& expression) const {
        if (filter.name == "upper" || filter.name == "lower") {
            std::string text = to_text(value);
            for (char& c : text) {
                c = ascii_case(c, filter.name == "upper");
            }
            return json::string(text);
        }
        if (filter.name == "length") {
            if (const json::string* s = value.if_string()) {
                return detail::utf8_length(*s);
            }
            if (const json::array* a = value.if_array()) {
                return static_cast<std::int64_t>(a->size());
            }
            if (const json::object* o = value.if_object()) {
                return static_cast<std::int64_t>(o->size());
            }
            if (value.is_null()) {
                return 0;
            }
            fail(expression.position, "filter 'length' needs a string, a list or an object, but '" +
                                          dotted(expression) + "' is " + kind(value));
        }
        // default: for a missing (null) or empty value.
        const json::string* s = value.if_string();
        if (value.is_null() || (s != nullptr && s->empty())) {
            return *filter.argument;
        }
        return value;
    }

    const json::value& lookup(const std::vector<std::string>& path) const {
        const json::value* value = nullptr;
        for (auto frame = frames_.rbegin(); frame != frames_.rend() && value == nullptr; ++frame) {
            if (frame->name == path.front()) {
                value = frame->value;
            }
        }
        if (value == nullptr) {
            const json::object* top = data_.if_object();
            value = top != nullptr ? top->if_contains(path.front()) : nullptr;
        }
        for (std::size_t i = 1; i < path.size() && value != nullptr; ++i) {
            value = detail::member(*value, path[i]);
        }
        return value != nullptr ? *value : kNull;
    }

    const json::value& data_;
    const IncludeResolver& includes_;
    std::string& out_;
    std::vector<Frame> frames_;
    std::vector<const Template*> stack_;
};

}  // namespace

std::string render(const Template& tmpl, const json::value& data, const IncludeResolver& includes) {
    std::string out;
    out.reserve(4096);  // most pages fit; saves the first few reallocations
    Renderer(data, includes, out).render(tmpl);
    return out;
}

}  // namespace minifw::views
