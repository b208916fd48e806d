// Exercise 03.5: a CGI script mounted behind the Handler interface.

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <filesystem>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cgi_test.hpp"
#include "minifw/cgi/handler.hpp"
#include "minifw/http/connection.hpp"
#include "minifw_test/bytes.hpp"
#include "minifw_test/net.hpp"

namespace {

using minifw::cgi::cgi_handler;
using minifw::cgi::CgiConfig;
using minifw::cgi::test::elapsed_ms;
using minifw::cgi::test::has_no_children;
using minifw::cgi::test::make_request;
using minifw::cgi::test::python3;
using minifw::cgi::test::TempDir;
using minifw::http::Response;
using namespace std::chrono_literals;

// Every test here also proves that no child and no descriptor was left behind.
class CgiHandler : public ::testing::Test {
protected:
    void SetUp() override { fds_before_ = minifw::test::open_fd_count(); }
    void TearDown() override {
        EXPECT_TRUE(has_no_children()) << "a script was not reaped (waitpid) or not killed";
        EXPECT_EQ(minifw::test::open_fd_count(), fds_before_) << "a descriptor was not closed";
    }

    CgiConfig config_for(std::string script, std::string mount = "/app") {
        CgiConfig config;
        config.script = std::move(script);
        config.server.script_name = std::move(mount);
        config.server.server_name = "test.example";
        config.server.server_port = 8080;
        config.timeout = 5s;
        config.log = [this](std::string_view line) {
            std::lock_guard lock(log_mutex_);
            log_.emplace_back(line);
        };
        return config;
    }

    // True when one logged line holds every piece of `pieces`.
    bool logged(std::initializer_list<std::string_view> pieces) {
        std::lock_guard lock(log_mutex_);
        for (const std::string& line : log_) {
            bool all = true;
            for (std::string_view piece : pieces) {
                all = all && line.find(piece) != std::string::npos;
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    std::string log_text() {
        std::lock_guard lock(log_mutex_);
        std::string text;
        for (const std::string& line : log_) {
            text += "  log: " + line + "\n";
        }
        return text;
    }

    TempDir dir_;

private:
    int fds_before_ = 0;
    std::mutex log_mutex_;
    std::vector<std::string> log_;
};

constexpr std::string_view kMarkerScript =
    "#!/bin/sh\n"
    "touch ran\n"
    "printf 'Content-Type: text/plain\\n\\nran'\n";

TEST_F(CgiHandler, RunsTheScriptWithItsRequest) {
    std::string python = python3();
    if (python.empty()) {
        GTEST_SKIP() << "python3 is not installed";
    }
    auto handler = cgi_handler(config_for(dir_.write_file("echo.py", "#!" + python + R"(
import os, sys
length = int(os.environ.get("CONTENT_LENGTH") or 0)
body = sys.stdin.buffer.read(length).decode()
sys.stdout.write("Status: 201 Created\r\nContent-Type: text/plain\r\nX-Script: echo\r\n\r\n")
for name in ["REQUEST_METHOD", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "CONTENT_TYPE",
             "HTTP_X_TOKEN", "SERVER_NAME", "SERVER_PORT"]:
    sys.stdout.write(name + "=" + os.environ.get(name, "<unset>") + "\n")
sys.stdout.write("cwd=" + os.getcwd() + "\n")
sys.stdout.write("body=" + body + "\n")
)")));
    auto request = make_request("POST", "/app/orders/9?expand=items");
    request.headers.add("X-Token", "t0k3n");
    request.headers.add("Content-Type", "application/json");
    request.body = R"({"qty":2})";

    Response response = handler(request);

    EXPECT_EQ(response.status, 201) << log_text();
    EXPECT_EQ(response.headers.get("X-Script"), "echo");
    std::string expected =
        "REQUEST_METHOD=POST\n"
        "SCRIPT_NAME=/app\n"
        "PATH_INFO=/orders/9\n"
        "QUERY_STRING=expand=items\n"
        "CONTENT_TYPE=application/json\n"
        "HTTP_X_TOKEN=t0k3n\n"
        "SERVER_NAME=test.example\n"
        "SERVER_PORT=8080\n";
    expected += "cwd=" + dir_.path().string() + "\n";
    expected += "body={\"qty\":2}\n";
    EXPECT_BYTES_EQ(expected, response.body);
}

TEST_F(CgiHandler, AnswersPathsOutsideItsMountWith404WithoutRunningIt) {
    auto handler = cgi_handler(config_for(dir_.write_file("marker.sh", kMarkerScript), "/app"));
    EXPECT_EQ(handler(make_request("GET", "/other")).status, 404);
    EXPECT_EQ(handler(make_request("GET", "/apple")).status, 404);
    EXPECT_FALSE(std::filesystem::exists(dir_.path() / "ran")) << "the script ran for a 404";

    EXPECT_EQ(handler(make_request("GET", "/app/x")).status, 200) << log_text();
    EXPECT_TRUE(std::filesystem::exists(dir_.path() / "ran")) << "runs in its own directory";
}

TEST_F(CgiHandler, AnswersAMalformedPathWith400WithoutRunningIt) {
    auto handler = cgi_handler(config_for(dir_.write_file("marker.sh", kMarkerScript)));
    EXPECT_EQ(handler(make_request("GET", "/app/%zz")).status, 400);
    EXPECT_FALSE(std::filesystem::exists(dir_.path() / "ran"));
}

TEST_F(CgiHandler, AnswersATimeoutWith504) {
    auto config = config_for(dir_.write_file("slow.sh", "#!/bin/sh\nsleep 30\n"));
    config.timeout = 1s;
    auto handler = cgi_handler(config);
    auto start = std::chrono::steady_clock::now();
    Response response = handler(make_request("GET", "/app"));
    // The script would sleep 30 s; 8 s is a bound a loaded machine cannot miss.
    EXPECT_LT(elapsed_ms(start), 8000) << "stopped at its deadline, not when it ended";
    EXPECT_EQ(response.status, 504);
    EXPECT_TRUE(logged({"slow.sh"})) << "the log should say which script timed out\n" << log_text();
}

TEST_F(CgiHandler, AnswersACrashWith502EvenAfterValidHeaders) {
    auto handler = cgi_handler(config_for(dir_.write_file("crash.sh",
                                                          "#!/bin/sh\n"
                                                          "printf 'Content-Type: text/plain\\n\\n"
                                                          "partial'\n"
                                                          "ulimit -c 0\n"
                                                          "kill -SEGV $$\n")));
    Response response = handler(make_request("GET", "/app"));
    EXPECT_EQ(response.status, 502) << "the body may have been cut anywhere";
    EXPECT_EQ(response.body.find("partial"), std::string::npos);
    EXPECT_TRUE(logged({"crash.sh", "SEGV"})) << log_text();
}

TEST_F(CgiHandler, AnswersOutputWithoutHeadersWith502) {
    auto handler =
        cgi_handler(config_for(dir_.write_file("bare.sh", "#!/bin/sh\necho hello world\n")));
    Response response = handler(make_request("GET", "/app"));
    EXPECT_EQ(response.status, 502);
    EXPECT_EQ(response.body.find("hello world"), std::string::npos);
    EXPECT_TRUE(logged({"bare.sh", "hello world"})) << "the log should quote the bad line\n"
                                                    << log_text();
}

TEST_F(CgiHandler, AnswersAFloodOfOutputWith502) {
    auto config = config_for(dir_.write_file("flood.sh",
                                             "#!/bin/sh\n"
                                             "printf 'Content-Type: text/plain\\n\\n'\n"
                                             "exec yes\n"));
    config.max_output = 64 * 1024;
    config.timeout = 60s;  // far past the 8 s bound below and the test's own limit
    auto handler = cgi_handler(config);
    auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(handler(make_request("GET", "/app")).status, 502);
    EXPECT_LT(elapsed_ms(start), 8000) << "stop at the limit, not at the timeout";
}

TEST_F(CgiHandler, SendsTheScriptsStderrToTheLog) {
    auto warns =
        cgi_handler(config_for(dir_.write_file("warn.sh",
                                               "#!/bin/sh\n"
                                               "echo 'warning: cache is cold' >&2\n"
                                               "printf 'Content-Type: text/plain\\n\\nok'\n")));
    EXPECT_EQ(warns(make_request("GET", "/app")).status, 200);
    EXPECT_TRUE(logged({"warn.sh", "warning: cache is cold"})) << log_text();

    std::string python = python3();
    if (python.empty()) {
        GTEST_SKIP() << "python3 is not installed";
    }
    auto raises = cgi_handler(config_for(
        dir_.write_file("raise.py", "#!" + python + "\nraise RuntimeError('database is down')\n")));
    EXPECT_EQ(raises(make_request("GET", "/app")).status, 502);
    EXPECT_TRUE(logged({"raise.py", "RuntimeError: database is down"})) << log_text();
}

TEST_F(CgiHandler, AnswersAScriptThatCannotStartWith500) {
    std::string missing = (dir_.path() / "missing.sh").string();
    auto handler = cgi_handler(config_for(missing));
    EXPECT_EQ(handler(make_request("GET", "/app")).status, 500);
    EXPECT_TRUE(logged({missing})) << log_text();
}

TEST_F(CgiHandler, RefusesAConfigurationThatCannotWork) {
    std::string script = dir_.write_file("ok.sh", kMarkerScript);
    EXPECT_THROW(cgi_handler(config_for("ok.sh")), std::invalid_argument) << "relative path";
    EXPECT_THROW(cgi_handler(config_for(script, "app")), std::invalid_argument) << "no leading /";
    EXPECT_THROW(cgi_handler(config_for(script, "/app/")), std::invalid_argument) << "trailing /";
    EXPECT_NO_THROW(cgi_handler(config_for(script, "")));
}

TEST_F(CgiHandler, ServesAScriptBehindServeConnection) {
    auto handler = cgi_handler(
        config_for(dir_.write_file("hello.sh",
                                   "#!/bin/sh\n"
                                   "printf 'Content-Type: text/plain\\n\\nhello %s %s\\n' "
                                   "\"$PATH_INFO\" \"$QUERY_STRING\"\n"),
                   "/cgi-bin/hello.sh"));
    auto [client, server] = minifw::test::socket_pair();
    auto served = std::async(std::launch::async, [&handler, fd = server.get()] {
        return minifw::http::serve_connection(fd, handler);
    });
    minifw::test::send_all(client.get(),
                           "GET /cgi-bin/hello.sh/world?x=1 HTTP/1.1\r\n"
                           "Host: test\r\n"
                           "Connection: close\r\n"
                           "\r\n");
    std::string reply = minifw::test::read_until_close(client.get(), 5s);
    client.close();  // the server drains until the client closes too
    if (served.wait_for(5s) != std::future_status::ready) {
        ::shutdown(server.get(), SHUT_RDWR);  // unblock it, so the test can end
        FAIL() << "serve_connection did not return after a Connection: close request";
    }
    EXPECT_EQ(served.get(), 1u);

    EXPECT_TRUE(reply.starts_with("HTTP/1.1 200 OK\r\n")) << reply << log_text();
    EXPECT_NE(reply.find("\r\nContent-Type: text/plain\r\n"), std::string::npos) << reply;
    EXPECT_NE(reply.find("\r\nContent-Length: 17\r\n"), std::string::npos) << reply;
    auto body_at = reply.find("\r\n\r\n");
    ASSERT_NE(body_at, std::string::npos) << reply;
    EXPECT_BYTES_EQ("hello /world x=1\n", reply.substr(body_at + 4));
}

}  // namespace
