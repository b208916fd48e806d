// Exercise 02.7: whether a connection stays open after a response
// (RFC 9112 section 9.3).

#include <gtest/gtest.h>

#include <initializer_list>
#include <string_view>

#include "minifw/http/connection.hpp"

namespace {

using namespace minifw::http;

Request request(int minor, std::initializer_list<std::string_view> connection_fields) {
    Request r;
    r.method = "GET";
    r.target = "/";
    r.version_minor = minor;
    r.headers.add("Host", "example.test");
    for (std::string_view value : connection_fields) {
        r.headers.add("Connection", value);
    }
    return r;
}

TEST(KeepAlive, Http11PersistsByDefault) {
    EXPECT_TRUE(keep_alive(request(1, {})));
    EXPECT_TRUE(keep_alive(request(1, {"keep-alive"})));
    EXPECT_TRUE(keep_alive(request(1, {"Upgrade"})));
}

TEST(KeepAlive, Http11CloseTokenCloses) {
    EXPECT_FALSE(keep_alive(request(1, {"close"})));
    EXPECT_FALSE(keep_alive(request(1, {"Close"})));
    EXPECT_FALSE(keep_alive(request(1, {"TE, close"})));
    EXPECT_FALSE(keep_alive(request(1, {" upgrade ,CLOSE "})));
    // "close" wins over "keep-alive", wherever it is.
    EXPECT_FALSE(keep_alive(request(1, {"keep-alive, close"})));
    EXPECT_TRUE(keep_alive(request(1, {"closed"})));
}

TEST(KeepAlive, Http10ClosesByDefault) {
    EXPECT_FALSE(keep_alive(request(0, {})));
    EXPECT_FALSE(keep_alive(request(0, {"Upgrade"})));
    EXPECT_FALSE(keep_alive(request(0, {"keep-alive-please"})));
}

TEST(KeepAlive, Http10KeepAliveTokenPersists) {
    EXPECT_TRUE(keep_alive(request(0, {"keep-alive"})));
    EXPECT_TRUE(keep_alive(request(0, {"Keep-Alive"})));
    EXPECT_FALSE(keep_alive(request(0, {"Keep-Alive, close"})));
}

TEST(KeepAlive, TokenListsWithUpgrade) {
    EXPECT_TRUE(keep_alive(request(1, {"Keep-Alive, Upgrade"})));
    EXPECT_TRUE(keep_alive(request(0, {"Keep-Alive, Upgrade"})));
    EXPECT_TRUE(keep_alive(request(0, {"Upgrade,keep-alive"})));
}

TEST(KeepAlive, EveryConnectionFieldCounts) {
    // Repeated fields form one list (RFC 9110 section 5.3).
    EXPECT_FALSE(keep_alive(request(1, {"Upgrade", "close"})));
    EXPECT_TRUE(keep_alive(request(0, {"Upgrade", "keep-alive"})));
    Request lower_case = request(1, {});
    lower_case.headers.add("connection", "close");
    EXPECT_FALSE(keep_alive(lower_case));
}

}  // namespace
