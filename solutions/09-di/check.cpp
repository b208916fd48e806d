#include <algorithm>
#include <string>
#include <vector>

#include "minifw/di/container.hpp"

// Exercise 09.2: walk the dependency graph once, before anything runs, and
// report what would fail later: missing services, cycles, captive dependencies.

namespace minifw::di::detail {
namespace {

class Checker {
public:
    explicit Checker(const Plan& plan) : plan_(plan), marks_(plan.services.size()) {}

    std::vector<std::string> run() {
        // Roots (services nobody needs) first, so that a missing service is
        // reported with the longest chain that leads to it.
        std::vector<bool> needed(plan_.services.size());
        for (const auto& dependencies : plan_.dependencies) {
            for (const std::size_t dependency : dependencies) {
                if (dependency != kMissing) {
                    needed[dependency] = true;
                }
            }
        }
        for (const bool roots : {true, false}) {
            for (std::size_t i = 0; i < plan_.services.size(); ++i) {
                if (needed[i] != roots && marks_[i] == Mark::unvisited) {
                    visit(i);
                }
            }
        }
        for (std::size_t i = 0; i < plan_.services.size(); ++i) {
            if (plan_.services[i].lifetime == Lifetime::singleton) {
                std::vector<bool> seen(plan_.services.size());
                path_ = {i};
                find_captives(i, i, seen);
            }
        }
        return std::move(problems_);
    }

private:
    enum class Mark { unvisited, on_path, done };

    std::string name(std::size_t i) const { return std::string(plan_.services[i].key.name); }

    std::string path_text() const {
        std::string text;
        for (const std::size_t i : path_) {
            text += (text.empty() ? "" : " -> ") + name(i);
        }
        return text;
    }

    // Depth first; a dependency still on the path closes a cycle.
    void visit(std::size_t i) {
        marks_[i] = Mark::on_path;
        path_.push_back(i);
        const auto& dependencies = plan_.dependencies[i];
        for (std::size_t k = 0; k < dependencies.size(); ++k) {
            const std::size_t dependency = dependencies[k];
            if (dependency == kMissing) {
                const std::string missing(plan_.services[i].dependencies[k].name);
                problems_.push_back(name(i) + " needs " + missing +
                                    ", which is not registered: " + path_text() + " -> " + missing +
                                    "; register it with add_singleton, add_scoped or "
                                    "add_transient<" +
                                    missing + ">");
            } else if (marks_[dependency] == Mark::on_path) {
                const auto start = std::find(path_.begin(), path_.end(), dependency);
                std::string cycle;
                for (auto at = start; at != path_.end(); ++at) {
                    cycle += name(*at) + " -> ";
                }
                problems_.push_back("circular dependency: " + cycle + name(dependency) +
                                    "; one of these services must stop needing the next");
            } else if (marks_[dependency] == Mark::unvisited) {
                visit(dependency);
            }
        }
        path_.pop_back();
        marks_[i] = Mark::done;
    }

    // What a singleton reaches through transients (which it would keep as
    // long as itself); another singleton is checked on its own.
    void find_captives(std::size_t singleton, std::size_t i, std::vector<bool>& seen) {
        for (const std::size_t dependency : plan_.dependencies[i]) {
            if (dependency == kMissing || seen[dependency]) {
                continue;
            }
            seen[dependency] = true;
            path_.push_back(dependency);
            if (plan_.services[dependency].lifetime == Lifetime::scoped) {
                problems_.push_back(captive_message(plan_.services[singleton].key.name,
                                                    plan_.services[dependency].key.name,
                                                    path_text()));
            } else if (plan_.services[dependency].lifetime == Lifetime::transient) {
                find_captives(singleton, dependency, seen);
            }
            path_.pop_back();
        }
    }

    const Plan& plan_;
    std::vector<Mark> marks_;
    std::vector<std::size_t> path_;
    std::vector<std::string> problems_;
};

}  // namespace

std::vector<std::string> check_plan(const Plan& plan) { return Checker(plan).run(); }

}  // namespace minifw::di::detail
