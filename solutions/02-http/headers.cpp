#include "minifw/http/headers.hpp"
#include "minifw/util/ascii.hpp"

#include <algorithm>

namespace minifw::http {
namespace {

constexpr char lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [](char x, char y) { return lower(x) == lower(y); });
}

void Headers::add(std::string_view name, std::string_view value) {
    fields_.emplace_back(std::string(name), std::string(value));
}

void Headers::set(std::string_view name, std::string_view value) {
    // Replace the first in place so the field keeps its position; drop the rest.
    auto first = std::find_if(fields_.begin(), fields_.end(),
                              [&](const Field& f) { return iequals(f.first, name); });
    if (first == fields_.end()) {
        add(name, value);
        return;
    }
    first->first = name;
    first->second = value;
    fields_.erase(std::remove_if(std::next(first), fields_.end(),
                                 [&](const Field& f) { return iequals(f.first, name); }),
                  fields_.end());
}

std::size_t Headers::remove(std::string_view name) {
    return std::erase_if(fields_, [&](const Field& f) { return iequals(f.first, name); });
}

std::optional<std::string_view> Headers::get(std::string_view name) const {
    for (const auto& [field, value] : fields_) {
        if (iequals(field, name)) {
            return value;
        }
    }
    return std::nullopt;
}

std::vector<std::string_view> Headers::get_all(std::string_view name) const {
    std::vector<std::string_view> values;
    for (const auto& [field, value] : fields_) {
        if (iequals(field, name)) {
            values.emplace_back(value);
        }
    }
    return values;
}

std::optional<std::string> Headers::combined(std::string_view name) const {
    std::optional<std::string> joined;
    for (const auto& [field, value] : fields_) {
        if (!iequals(field, name)) {
            continue;
        }
        if (joined) {
            *joined += ", ";
            *joined += value;
        } else {
            joined = value;
        }
    }
    return joined;
}

bool Headers::contains(std::string_view name) const { return get(name).has_value(); }

bool has_token(std::string_view value, std::string_view token) {
    while (!value.empty()) {
        auto comma = value.find(',');
        if (iequals(util::trim_ows(value.substr(0, comma)), token)) {
            return true;
        }
        if (comma == std::string_view::npos) {
            break;
        }
        value.remove_prefix(comma + 1);
    }
    return false;
}

}  // namespace minifw::http
