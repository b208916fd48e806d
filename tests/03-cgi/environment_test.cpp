// Exercise 03.1: meta-variables (RFC 3875 section 4.1).

#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>
#include <string>

#include "cgi_test.hpp"
#include "minifw/cgi/environment.hpp"
#include "minifw/http/status.hpp"

namespace {

using minifw::cgi::Environment;
using minifw::cgi::header_variable;
using minifw::cgi::is_mounted_at;
using minifw::cgi::meta_variables;
using minifw::cgi::ServerInfo;
using minifw::cgi::test::make_request;
using minifw::http::HttpError;

ServerInfo server_at(std::string script_name) {
    ServerInfo server;
    server.script_name = std::move(script_name);
    server.server_name = "shop.example";
    server.server_port = 8443;
    server.server_software = "minifw-test/3.1";
    return server;
}

std::optional<std::string> get(const Environment& env, const std::string& name) {
    auto found = env.find(name);
    if (found == env.end()) {
        return std::nullopt;
    }
    return found->second;
}

int status_of_error(const std::string& target) {
    try {
        meta_variables(make_request("GET", target), server_at("/app"));
    } catch (const HttpError& error) {
        return error.status();
    }
    return 0;
}

TEST(MetaVariables, DescribeTheRequestAndTheServer) {
    auto request = make_request("PATCH", "/cgi-bin/app/items");
    request.version_minor = 0;
    request.headers.add("Host", "attacker.example");

    Environment env = meta_variables(request, server_at("/cgi-bin/app"));

    EXPECT_EQ(get(env, "GATEWAY_INTERFACE"), "CGI/1.1");
    EXPECT_EQ(get(env, "REQUEST_METHOD"), "PATCH");
    EXPECT_EQ(get(env, "SERVER_PROTOCOL"), "HTTP/1.0");
    EXPECT_EQ(get(env, "SERVER_NAME"), "shop.example")
        << "the configured name, not the Host header";
    EXPECT_EQ(get(env, "SERVER_PORT"), "8443");
    EXPECT_EQ(get(env, "SERVER_SOFTWARE"), "minifw-test/3.1");
    EXPECT_EQ(get(env, "REMOTE_ADDR"), "192.0.2.7");
    EXPECT_TRUE(get(env, "REMOTE_HOST").has_value()) << "RFC 3875 4.1.9: SHOULD be set";
    EXPECT_EQ(get(env, "HTTP_HOST"), "attacker.example");
}

TEST(MetaVariables, SplitThePathIntoScriptNameAndPathInfo) {
    Environment below =
        meta_variables(make_request("GET", "/cgi-bin/app/users/42?x=1"), server_at("/cgi-bin/app"));
    EXPECT_EQ(get(below, "SCRIPT_NAME"), "/cgi-bin/app");
    EXPECT_EQ(get(below, "PATH_INFO"), "/users/42");

    Environment itself =
        meta_variables(make_request("GET", "/cgi-bin/app"), server_at("/cgi-bin/app"));
    EXPECT_EQ(get(itself, "SCRIPT_NAME"), "/cgi-bin/app");
    EXPECT_EQ(get(itself, "PATH_INFO").value_or(""), "");

    Environment root = meta_variables(make_request("GET", "/any/where"), server_at(""));
    EXPECT_EQ(get(root, "SCRIPT_NAME"), "") << "RFC 3875 4.1.13: set even when empty";
    EXPECT_EQ(get(root, "PATH_INFO"), "/any/where");
}

TEST(MetaVariables, MountMatchesWholeSegmentsOnly) {
    EXPECT_TRUE(is_mounted_at("/cgi-bin/app", "/cgi-bin/app"));
    EXPECT_TRUE(is_mounted_at("/cgi-bin/app/", "/cgi-bin/app"));
    EXPECT_TRUE(is_mounted_at("/cgi-bin/app/x/y", "/cgi-bin/app"));
    EXPECT_FALSE(is_mounted_at("/cgi-bin/apple", "/cgi-bin/app"));
    EXPECT_FALSE(is_mounted_at("/cgi-bin", "/cgi-bin/app"));
    EXPECT_TRUE(is_mounted_at("/anything", ""));
    EXPECT_THROW(meta_variables(make_request("GET", "/cgi-bin/apple"), server_at("/cgi-bin/app")),
                 std::invalid_argument);
}

TEST(MetaVariables, DecodePathInfoButNotTheQuery) {
    Environment env =
        meta_variables(make_request("GET", "/app/caf%C3%A9/a%20b%2Bc?q=a%20b&amp=%26&plus=1+1"),
                       server_at("/app"));
    EXPECT_EQ(get(env, "PATH_INFO"), "/caf\xC3\xA9/a b+c");
    EXPECT_EQ(get(env, "QUERY_STRING"), "q=a%20b&amp=%26&plus=1+1");

    Environment no_query = meta_variables(make_request("GET", "/app/x"), server_at("/app"));
    EXPECT_EQ(get(no_query, "QUERY_STRING"), "") << "RFC 3875 4.1.7: MUST be set, empty";
}

TEST(MetaVariables, RefuseMalformedOrNulEscapesWith400) {
    EXPECT_EQ(status_of_error("/app/%zz"), 400);
    EXPECT_EQ(status_of_error("/app/x%4"), 400);
    EXPECT_EQ(status_of_error("/app/x%"), 400);
    EXPECT_EQ(status_of_error("/app/a%00b"), 400) << "a NUL would cut the variable short";
}

TEST(MetaVariables, ContentVariablesOnlyWithABody) {
    auto post = make_request("POST", "/app");
    post.headers.add("Content-Type", "application/x-www-form-urlencoded");
    post.headers.add("Content-Length", "8");
    post.body = "name=ada";
    Environment with_body = meta_variables(post, server_at("/app"));
    EXPECT_EQ(get(with_body, "CONTENT_LENGTH"), "8");
    EXPECT_EQ(get(with_body, "CONTENT_TYPE"), "application/x-www-form-urlencoded");
    EXPECT_FALSE(get(with_body, "HTTP_CONTENT_LENGTH")) << "it has its own variable";
    EXPECT_FALSE(get(with_body, "HTTP_CONTENT_TYPE")) << "it has its own variable";

    auto chunked = make_request("POST", "/app");
    chunked.headers.add("Transfer-Encoding", "chunked");
    chunked.body = "eleven byte";
    EXPECT_EQ(get(meta_variables(chunked, server_at("/app")), "CONTENT_LENGTH"), "11")
        << "the length of the decoded body (RFC 3875 4.1.2)";

    Environment without = meta_variables(make_request("GET", "/app"), server_at("/app"));
    EXPECT_FALSE(get(without, "CONTENT_LENGTH")) << "set if and only if there is a body";
    EXPECT_FALSE(get(without, "CONTENT_TYPE"));
}

TEST(MetaVariables, HeaderFieldsBecomeHttpVariables) {
    auto request = make_request("GET", "/app");
    request.headers.add("User-Agent", "curl/8.4.0");
    request.headers.add("x-request-id", "7f3a");
    request.headers.add("Accept", "text/html");
    request.headers.add("accept", "application/json");
    request.headers.add("Cookie", "theme=dark");
    request.headers.add("Cookie", "lang=en");

    Environment env = meta_variables(request, server_at("/app"));
    EXPECT_EQ(get(env, "HTTP_USER_AGENT"), "curl/8.4.0");
    EXPECT_EQ(get(env, "HTTP_X_REQUEST_ID"), "7f3a");
    EXPECT_EQ(get(env, "HTTP_ACCEPT"), "text/html, application/json")
        << "repeated fields become one value (RFC 3875 4.1.18)";
    EXPECT_EQ(get(env, "HTTP_COOKIE"), "theme=dark; lang=en") << "cookies join with \"; \"";
}

TEST(MetaVariables, WithholdCredentialsProxyAndLookalikeNames) {
    auto request = make_request("GET", "/app");
    request.headers.add("Authorization", "Basic YWRhOnMzY3JldA==");
    request.headers.add("Proxy-Authorization", "Basic cHJveHk6cGFzcw==");
    request.headers.add("Proxy", "http://evil.example:3128");
    request.headers.add("X-Forwarded-User", "alice");
    request.headers.add("X_Forwarded_User", "admin");

    Environment env = meta_variables(request, server_at("/app"));
    EXPECT_FALSE(get(env, "HTTP_AUTHORIZATION")) << "RFC 3875 9.2";
    EXPECT_FALSE(get(env, "HTTP_PROXY_AUTHORIZATION")) << "RFC 3875 9.2";
    EXPECT_FALSE(get(env, "HTTP_PROXY")) << "httpoxy: clients would use it as their proxy";
    EXPECT_EQ(get(env, "HTTP_X_FORWARDED_USER"), "alice")
        << "X_Forwarded_User must not pose as X-Forwarded-User";
    for (const auto& [name, value] : env) {
        EXPECT_EQ(value.find("YWRhOnMzY3JldA"), std::string::npos) << name << " leaks the password";
        EXPECT_EQ(value.find("evil.example"), std::string::npos) << name << " carries Proxy";
    }
}

TEST(MetaVariables, HeaderVariableNames) {
    EXPECT_EQ(header_variable("Accept-Language"), "HTTP_ACCEPT_LANGUAGE");
    EXPECT_EQ(header_variable("dnt"), "HTTP_DNT");
    EXPECT_EQ(header_variable("X-B3-TraceId"), "HTTP_X_B3_TRACEID");
    EXPECT_EQ(header_variable("AUTHORIZATION"), std::nullopt);
    EXPECT_EQ(header_variable("proxy-authorization"), std::nullopt);
    EXPECT_EQ(header_variable("proxy"), std::nullopt);
    EXPECT_EQ(header_variable("Content-Type"), std::nullopt);
    EXPECT_EQ(header_variable("content-length"), std::nullopt);
    EXPECT_EQ(header_variable("X_Real_IP"), std::nullopt);
    EXPECT_EQ(header_variable("X.Dotted"), std::nullopt);
    EXPECT_EQ(header_variable(""), std::nullopt);
}

}  // namespace
