#pragma once
/// @file
/// Byte-exact comparisons whose failure shows both sides, escaped, with the
/// first difference marked: "not equal" alone does not help anyone find a
/// missing "\r".

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace minifw::test {

/// Renders bytes for a failure message: \r, \n, \t, \\ and \" escaped,
/// other non-printable bytes as \xNN.
std::string escape_bytes(std::string_view bytes);

/// GoogleTest predicate-formatter behind EXPECT_BYTES_EQ.
::testing::AssertionResult bytes_equal(const char* expected_expr, const char* actual_expr,
                                       std::string_view expected, std::string_view actual);

}  // namespace minifw::test

/// EXPECT_BYTES_EQ(expected, actual): on failure prints both, escaped, and a
/// caret under the first byte that differs.
#define EXPECT_BYTES_EQ(expected, actual) \
    EXPECT_PRED_FORMAT2(::minifw::test::bytes_equal, expected, actual)
#define ASSERT_BYTES_EQ(expected, actual) \
    ASSERT_PRED_FORMAT2(::minifw::test::bytes_equal, expected, actual)
