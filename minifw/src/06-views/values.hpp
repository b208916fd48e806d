#pragma once
// Small helpers the renderer's messages and filters share (given code of
// stage 06, not an exercise). What a value is (its text, truth, length and
// members) is ValueRef's, in minifw/views/value.hpp.

#include <cstdint>
#include <string>
#include <string_view>

#include "minifw/views/template.hpp"

namespace minifw::views::detail {

/// Characters (UTF-8 code points), not bytes: "é" is one to the reader.
inline std::int64_t utf8_length(std::string_view text) {
    std::int64_t count = 0;
    for (char c : text) {
        count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    return count;
}

/// An expression's name as written: "user.name".
inline std::string dotted(const Expression& expression) {
    std::string name;
    for (const std::string& part : expression.path) {
        name += (name.empty() ? "" : ".") + part;
    }
    return name;
}

}  // namespace minifw::views::detail
