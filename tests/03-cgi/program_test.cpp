// Exercises 03.6 and 03.7: a Handler run as a CGI program, the other side of
// the gateway.

#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cgi_test.hpp"
#include "minifw/cgi/environment.hpp"
#include "minifw/cgi/program.hpp"
#include "minifw/cgi/response.hpp"
#include "minifw/http/status.hpp"
#include "minifw_test/bytes.hpp"

namespace {

using minifw::cgi::Environment;
using minifw::cgi::request_from_environment;
using minifw::cgi::serve_cgi;
using minifw::cgi::to_cgi_output;
using minifw::cgi::test::make_request;
using minifw::http::Request;
using minifw::http::Response;

// The spelling of the first field named `name` (ignoring case), or "".
std::string spelling_of(const Request& request, std::string_view name) {
    for (const auto& [field, value] : request.headers) {
        if (minifw::http::iequals(field, name)) {
            return field;
        }
    }
    return "";
}

TEST(CgiProgram, RebuildsTheRequestFromMetaVariables) {
    Environment env = {
        {"REQUEST_METHOD", "PUT"},        {"SCRIPT_NAME", "/app"},
        {"PATH_INFO", "/notes/a b;c"},    {"QUERY_STRING", "draft=1&tag=%23"},
        {"SERVER_PROTOCOL", "HTTP/1.0"},  {"CONTENT_TYPE", "text/plain"},
        {"CONTENT_LENGTH", "5"},          {"HTTP_X_TRACE_ID", "abc"},
        {"HTTP_ACCEPT_LANGUAGE", "en"},   {"REMOTE_ADDR", "198.51.100.4"},
        {"GATEWAY_INTERFACE", "CGI/1.1"},
    };
    Request request = request_from_environment(env, "hello");
    EXPECT_EQ(request.method, "PUT");
    EXPECT_EQ(request.target, "/app/notes/a%20b%3Bc?draft=1&tag=%23")
        << "PATH_INFO is decoded; the target must be encoded again (RFC 3875 3.3)";
    EXPECT_EQ(request.version_major, 1);
    EXPECT_EQ(request.version_minor, 0);
    EXPECT_EQ(request.headers.get("Content-Type"), "text/plain");
    EXPECT_EQ(request.headers.get("X-Trace-Id"), "abc");
    EXPECT_EQ(spelling_of(request, "x-trace-id"), "X-Trace-Id");
    EXPECT_EQ(request.headers.get("Accept-Language"), "en");
    EXPECT_FALSE(request.headers.contains("Gateway-Interface")) << "only HTTP_* are fields";
    EXPECT_EQ(request.body, "hello");
    EXPECT_EQ(request.remote_address, "198.51.100.4");
}

TEST(CgiProgram, RefusesToRunOutsideAServer) {
    EXPECT_THROW(request_from_environment({{"PATH", "/usr/bin"}}, ""), std::invalid_argument)
        << "no REQUEST_METHOD: not started by a web server";
}

TEST(CgiProgram, RebuildsTheTargetAndVersionAtTheEdges) {
    Request bare = request_from_environment({{"REQUEST_METHOD", "GET"}}, "");
    EXPECT_EQ(bare.target, "/") << "no SCRIPT_NAME and no PATH_INFO: the root";
    EXPECT_EQ(bare.version_major, 1);
    EXPECT_EQ(bare.version_minor, 1) << "no SERVER_PROTOCOL keeps HTTP/1.1";
    EXPECT_TRUE(bare.headers.empty());

    Request odd = request_from_environment({{"REQUEST_METHOD", "GET"},
                                            {"SCRIPT_NAME", "/s"},
                                            {"PATH_INFO", "/\xC3\xA4?;=%~(x)"},
                                            {"QUERY_STRING", ""},
                                            {"SERVER_PROTOCOL", "HTTP/2"},
                                            {"CONTENT_LENGTH", ""}},
                                           "");
    EXPECT_EQ(odd.target, "/s/%C3%A4%3F%3B%3D%25~(x)")
        << "upper-case hex; '?', ';', '=' and '%' escaped; no '?' for an empty query";
    EXPECT_EQ(odd.version_minor, 1) << "\"HTTP/2\" is not HTTP/d.d";
    EXPECT_FALSE(odd.headers.contains("Content-Length")) << "an empty CONTENT_LENGTH is none";

    Request sized = request_from_environment(
        {{"REQUEST_METHOD", "POST"}, {"CONTENT_LENGTH", "5"}, {"HTTP_X_A_B", "1"}}, "hello");
    EXPECT_EQ(sized.headers.get("Content-Length"), "5");
    EXPECT_EQ(spelling_of(sized, "x-a-b"), "X-A-B");
}

TEST(CgiProgram, MetaVariablesRoundTripToTheSameRequest) {
    Request original = make_request("POST", "/cgi/app/caf%C3%A9/x%20y?q=1&r=%20");
    original.headers.add("User-Agent", "curl/8.4.0");
    original.headers.add("X-Request-Id", "42");
    original.headers.add("Content-Type", "application/json");
    original.body = "{}";
    minifw::cgi::ServerInfo server;
    server.script_name = "/cgi/app";

    Request rebuilt =
        request_from_environment(minifw::cgi::meta_variables(original, server), original.body);

    EXPECT_EQ(rebuilt.method, original.method);
    EXPECT_EQ(rebuilt.target, original.target);
    EXPECT_EQ(rebuilt.version_major, original.version_major);
    EXPECT_EQ(rebuilt.version_minor, original.version_minor);
    EXPECT_EQ(rebuilt.body, original.body);
    EXPECT_EQ(rebuilt.remote_address, original.remote_address);
    for (const auto& [name, value] : original.headers) {
        EXPECT_EQ(rebuilt.headers.get(name), value) << name;
    }
}

TEST(CgiProgram, WritesCgiOutput) {
    Response response = Response::text(404, "gone\n", "text/plain");
    response.headers.add("X-Request-Id", "9");
    EXPECT_BYTES_EQ(
        "Status: 404 Not Found\n"
        "Content-Type: text/plain\n"
        "X-Request-Id: 9\n"
        "\n"
        "gone\n",
        to_cgi_output(response));
}

TEST(CgiProgram, RefusesAHeaderThatWouldSplitTheResponse) {
    Response split = Response::text(200, "ok");
    split.headers.add("X-Next", "a\nSet-Cookie: admin=1");
    EXPECT_THROW(to_cgi_output(split), std::invalid_argument);

    Response carriage = Response::text(200, "ok");
    carriage.headers.add("X-Next", "a\rb");
    EXPECT_THROW(to_cgi_output(carriage), std::invalid_argument);

    Response bad_name = Response::text(200, "ok");
    bad_name.headers.add("Bad Name", "x");
    EXPECT_THROW(to_cgi_output(bad_name), std::invalid_argument);
}

TEST(CgiProgram, OutputParsesBackToTheSameResponse) {
    constexpr char body[] = "short\r\n\r\nand stout\0";
    Response original = Response::text(418, std::string(body, sizeof body - 1), "x/y");
    original.headers.add("Set-Cookie", "a=1");
    original.headers.add("Set-Cookie", "b=2");

    Response parsed = minifw::cgi::parse_cgi_response(to_cgi_output(original));

    EXPECT_EQ(parsed.status, 418);
    EXPECT_EQ(parsed.headers.get("Content-Type"), "x/y");
    EXPECT_EQ(parsed.headers.get_all("Set-Cookie"), original.headers.get_all("Set-Cookie"));
    EXPECT_BYTES_EQ(original.body, parsed.body);
}

TEST(CgiProgram, ServeCgiReadsExactlyContentLengthBytes) {
    std::string seen_body = "<not called>";
    minifw::http::Handler handler = [&](const Request& request) {
        seen_body = request.body;
        return Response::text(200, request.method + " " + request.target);
    };
    Environment env = {{"REQUEST_METHOD", "POST"},
                       {"SCRIPT_NAME", "/f"},
                       {"PATH_INFO", "/x"},
                       {"CONTENT_LENGTH", "5"}};
    std::ostringstream errors;

    std::string output = serve_cgi(handler, env, "helloEXTRA", errors);

    EXPECT_EQ(seen_body, "hello") << "never more than CONTENT_LENGTH (RFC 3875 4.2)";
    EXPECT_BYTES_EQ(
        "Status: 200 OK\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "\n"
        "POST /f/x",
        output);

    env.erase("CONTENT_LENGTH");
    serve_cgi(handler, env, "stray bytes", errors);
    EXPECT_EQ(seen_body, "") << "no CONTENT_LENGTH, no body";
}

TEST(CgiProgram, ServeCgiAlwaysAnswers) {
    Environment env = {{"REQUEST_METHOD", "GET"}, {"SCRIPT_NAME", "/f"}};
    std::ostringstream errors;

    std::string failed =
        serve_cgi([](const Request&) -> Response { throw std::runtime_error("database is down"); },
                  env, "", errors);
    EXPECT_TRUE(failed.starts_with("Status: 500 Internal Server Error\n")) << failed;
    EXPECT_NE(errors.str().find("database is down"), std::string::npos)
        << "the reason belongs on stderr, where the server logs it";

    std::string refused = serve_cgi(
        [](const Request&) -> Response { throw minifw::http::HttpError(403, "not yours"); }, env,
        "", errors);
    EXPECT_TRUE(refused.starts_with("Status: 403 Forbidden\n")) << refused;

    bool called = false;
    env["REQUEST_METHOD"] = "POST";
    env["CONTENT_LENGTH"] = "10";
    std::string short_body = serve_cgi(
        [&](const Request&) {
            called = true;
            return Response::text(200, "ok");
        },
        env, "abc", errors);
    EXPECT_TRUE(short_body.starts_with("Status: 400 Bad Request\n")) << short_body;
    EXPECT_FALSE(called) << "a body cut short never reaches the handler";
}

}  // namespace
