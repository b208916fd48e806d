#pragma once
/// @file
/// Templates from a directory, each parsed once (stage 06, exercise 06.8).

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "minifw/views/template.hpp"

namespace minifw::views {

/// Loads templates by name from one directory, parses each the first time
/// it is asked for, and keeps it: parsing costs far more than rendering, and
/// a template does not change while the server runs (restart to see edits).
/// Safe to share between threads: the cache is behind a mutex, and the
/// templates it hands out are immutable.
class Loader {
public:
    /// A loader of the files under `root`.
    explicit Loader(std::filesystem::path root);

    /// The template `name` ("greet.html", "layout/footer.html"), parsed on
    /// first use together with every template it includes, at any depth.
    /// Throws std::invalid_argument for a name that is empty, absolute, or
    /// holds a "." or ".." segment, a backslash or a NUL (a name must not
    /// reach outside root); std::runtime_error naming the file when there is
    /// no such file; TemplateError for a parse error, a missing included
    /// template or an include cycle ("include cycle: a.html -> b.html ->
    /// a.html", at the position of the include that closes it).
    std::shared_ptr<const Template> get(std::string_view name);

    /// get(name), rendered with `data`, its includes found by this loader.
    std::string render(std::string_view name, ValueRef data);

    /// How many files this loader has parsed: each at most once.
    std::size_t parse_count() const;

private:
    std::shared_ptr<const Template> load_locked(std::string_view name,
                                                std::vector<std::string>& loading);

    std::filesystem::path root_;
    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<const Template>, std::less<>> cache_;
    std::size_t parse_count_ = 0;
};

}  // namespace minifw::views
