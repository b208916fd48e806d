#include "minifw_test/bytes.hpp"

#include <algorithm>
#include <cstdio>

namespace minifw::test {

std::string escape_bytes(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    for (unsigned char c : bytes) {
        switch (c) {
            case '\r':
                out += "\\r";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '"':
                out += "\\\"";
                break;
            default:
                if (c < 0x20 || c >= 0x7f) {
                    char hex[5];
                    std::snprintf(hex, sizeof hex, "\\x%02x", c);
                    out += hex;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out;
}

::testing::AssertionResult bytes_equal(const char* expected_expr, const char* actual_expr,
                                       std::string_view expected, std::string_view actual) {
    if (expected == actual) {
        return ::testing::AssertionSuccess();
    }
    auto mismatch = std::mismatch(expected.begin(), expected.end(), actual.begin(), actual.end());
    auto offset = static_cast<std::size_t>(mismatch.first - expected.begin());
    // The caret sits under the escaped form, so count escaped widths.
    std::size_t column = escape_bytes(expected.substr(0, offset)).size();
    const std::string prefix = "  expected: \"";
    return ::testing::AssertionFailure()
           << "bytes differ: " << actual_expr << " is not " << expected_expr << "\n"
           << prefix << escape_bytes(expected) << "\"\n"
           << "    actual: \"" << escape_bytes(actual) << "\"\n"
           << std::string(prefix.size() + column, ' ') << "^ first difference at byte " << offset
           << " (expected " << expected.size() << " bytes, got " << actual.size() << ")";
}

}  // namespace minifw::test
