#pragma once
// A Server on port 0 run by a thread of the test, stopped and joined at the
// end of the scope.

#include <thread>
#include <utility>

#include "minifw/async/server.hpp"

namespace minifw::test {

class RunningServer {
public:
    explicit RunningServer(async::App app, async::ServerOptions options = quiet())
        : server_(std::move(app), std::move(options)), thread_([this] { server_.run(); }) {}
    ~RunningServer() { finish(); }
    RunningServer(const RunningServer&) = delete;
    RunningServer& operator=(const RunningServer&) = delete;

    std::uint16_t port() const { return server_.port(); }
    async::Server& server() { return server_; }
    /// Stops the server gracefully and waits until run() has returned.
    void finish() {
        if (thread_.joinable()) {
            server_.stop();
            thread_.join();
        }
    }

    /// Options for tests: no signal handling (the test runner owns signals).
    static async::ServerOptions quiet() {
        async::ServerOptions options;
        options.handle_signals = false;
        return options;
    }

private:
    async::Server server_;
    std::thread thread_;
};

}  // namespace minifw::test
