#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "minifw/views/escape.hpp"
#include "minifw/views/template.hpp"
#include "values.hpp"

namespace minifw::views {
namespace json = boost::json;
namespace {

using detail::dotted;

class Renderer {
public:
    Renderer(ValueRef data, const IncludeResolver& includes, std::string& out)
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

    // What the expressions see now: the data, the loops open, the template.
    Scope scope() const { return Scope{data_, frames_, stack_.back()->name()}; }

    void render_nodes(const Nodes& nodes) {
        for (const Node& node : nodes) {
            std::visit([this](const auto& n) { render_node(n); }, node.value);
        }
    }

    void render_node(const TextNode& node) { out_ += node.text; }

    void render_node(const OutputNode& node) {
        std::optional<json::value> scratch;  // only a filter fills it
        bool safe = false;
        const ValueRef value = evaluate(node.expression, scope(), scratch, safe);
        if (node.context.slot == Slot::script) {
            out_ += safe ? value.to_text() : script_json(value);
        } else if (safe) {
            out_ += value.to_text();
        } else if (const std::optional<std::string_view> s = value.if_string()) {
            append_escaped(out_, *s, node.context);
        } else if (const std::optional<std::int64_t> i = value.if_int64()) {
            // The common number, written without a temporary string.
            std::array<char, 24> digits{};
            const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), *i).ptr;
            append_escaped(out_, std::string_view(digits.data(), end - digits.data()),
                           node.context);
        } else if (!value.is_null()) {
            append_escaped(out_, value.to_text(), node.context);
        }
    }

    // JSON for a <script>: the JSON value itself when it is one, else a copy.
    static std::string script_json(ValueRef value) {
        return value.json() != nullptr ? json_for_script(*value.json())
                                       : json_for_script(value.to_json());
    }

    void render_node(const IfNode& node) {
        std::optional<json::value> scratch;  // only a filter fills it
        bool safe = false;
        const bool holds =
            evaluate(node.condition, scope(), scratch, safe).truthy() != node.negated;
        render_nodes(holds ? node.then_nodes : node.else_nodes);
    }

    void render_node(const ForNode& node) {
        std::optional<json::value> scratch;  // a filter's list lives here for the loop
        bool safe = false;
        const ValueRef sequence = evaluate(node.sequence, scope(), scratch, safe);
        if (sequence.is_null()) {
            return;
        }
        if (sequence.kind() != ValueRef::Kind::list) {
            fail(node.sequence.position, "for needs a list, but '" + dotted(node.sequence) +
                                             "' is " + std::string(sequence.kind_name()));
        }
        frames_.push_back({node.variable, {}});
        const std::size_t size = sequence.size();
        for (std::size_t i = 0; i < size; ++i) {
            frames_.back().value = sequence[i];
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

    ValueRef data_;
    const IncludeResolver& includes_;
    std::string& out_;
    boost::container::small_vector<LoopVariable, 8> frames_;
    boost::container::small_vector<const Template*, 4> stack_;
};

}  // namespace

std::string render(const Template& tmpl, ValueRef data, const IncludeResolver& includes) {
    std::string out;
    out.reserve(4096);  // most pages fit; saves the first few reallocations
    Renderer(data, includes, out).render(tmpl);
    return out;
}

}  // namespace minifw::views
