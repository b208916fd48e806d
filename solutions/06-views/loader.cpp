#include "minifw/views/loader.hpp"

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace minifw::views {
namespace {

// A name must stay under the root: relative, no "." or ".." segment, and
// nothing the file system reads differently from the way we check it.
void check_name(std::string_view name) {
    const auto refuse = [&](const std::string& why) {
        throw std::invalid_argument("template name \"" + std::string(name) + "\" " + why +
                                    ": name a file under the template directory, such as "
                                    "\"pages/greet.html\"");
    };
    if (name.empty()) {
        refuse("is empty");
    }
    if (name.find('\0') != std::string_view::npos || name.find('\\') != std::string_view::npos) {
        refuse("holds a NUL or a backslash");
    }
    if (name.front() == '/') {
        refuse("is absolute");
    }
    std::size_t start = 0;
    while (start <= name.size()) {
        const std::size_t slash = std::min(name.find('/', start), name.size());
        const std::string_view segment = name.substr(start, slash - start);
        if (segment.empty() || segment == "." || segment == "..") {
            refuse("has an empty, \".\" or \"..\" segment");
        }
        start = slash + 1;
    }
}

// Every include in `nodes`, at any depth.
void collect_includes(const Nodes& nodes, std::vector<const IncludeNode*>& out) {
    for (const Node& node : nodes) {
        if (const auto* include = std::get_if<IncludeNode>(&node.value)) {
            out.push_back(include);
        } else if (const auto* branch = std::get_if<IfNode>(&node.value)) {
            collect_includes(branch->then_nodes, out);
            collect_includes(branch->else_nodes, out);
        } else if (const auto* loop = std::get_if<ForNode>(&node.value)) {
            collect_includes(loop->body, out);
        }
    }
}

}  // namespace

Loader::Loader(std::filesystem::path root) : root_(std::move(root)) {}

std::shared_ptr<const Template> Loader::get(std::string_view name) {
    check_name(name);
    std::vector<std::string> loading;
    // One lock for the whole load: two threads asking for the same new
    // template parse it once, and a render never waits on one (it holds the
    // immutable template, not the lock).
    std::lock_guard lock(mutex_);
    return load_locked(name, loading);
}

std::shared_ptr<const Template> Loader::load_locked(std::string_view name,
                                                    std::vector<std::string>& loading) {
    if (auto cached = cache_.find(name); cached != cache_.end()) {
        return cached->second;
    }
    const std::filesystem::path file = root_ / std::filesystem::path(name);
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw std::runtime_error("no template \"" + std::string(name) + "\": cannot read " +
                                 file.string());
    }
    const std::string source{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    auto parsed = std::make_shared<const Template>(parse_template(source, std::string(name)));
    ++parse_count_;

    loading.emplace_back(name);
    std::vector<const IncludeNode*> includes;
    collect_includes(parsed->nodes(), includes);
    for (const IncludeNode* include : includes) {
        const auto fail = [&](const std::string& why) {
            throw TemplateError(std::string(name), include->position.line, include->position.column,
                                why);
        };
        for (const std::string& open : loading) {
            if (open == include->name) {
                std::string chain;
                for (const std::string& step : loading) {
                    chain += step + " -> ";
                }
                fail("include cycle: " + chain + include->name);
            }
        }
        try {
            check_name(include->name);
            load_locked(include->name, loading);
        } catch (const TemplateError&) {
            throw;  // already names its own file and position
        } catch (const std::exception& e) {
            fail(std::string("cannot include: ") + e.what());
        }
    }
    loading.pop_back();
    cache_.emplace(std::string(name), parsed);
    return parsed;
}

std::string Loader::render(std::string_view name, ValueRef data) {
    const std::shared_ptr<const Template> tmpl = get(name);
    const IncludeResolver includes = [this](std::string_view included) -> const Template& {
        // Loaded with `tmpl`, so this is a lookup; the cache keeps it alive.
        return *get(included);
    };
    return views::render(*tmpl, data, includes);
}

std::size_t Loader::parse_count() const {
    std::lock_guard lock(mutex_);
    return parse_count_;
}

}  // namespace minifw::views
