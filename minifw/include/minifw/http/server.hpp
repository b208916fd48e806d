#pragma once
/// @file
/// A small thread-per-connection server for the lesson examples of stages
/// 02 to 05 (given, not an exercise). One thread per connection is the
/// simplest design that serves several clients at once; stage 08 replaces it
/// with Boost.Asio, which needs neither a thread per client nor blocking reads.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>

#include "minifw/http/connection.hpp"
#include "minifw/http/handler.hpp"
#include "minifw/log.hpp"
#include "minifw/net/socket.hpp"
#include "minifw/net/unique_fd.hpp"

namespace minifw::http {

/// The IPv4 address of the peer of a connected socket, or "" when unknown.
inline std::string peer_address(int fd) {
    sockaddr_in peer{};
    socklen_t size = sizeof peer;
    char text[INET_ADDRSTRLEN] = "";
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &size) != 0 ||
        peer.sin_family != AF_INET ||
        ::inet_ntop(AF_INET, &peer.sin_addr, text, sizeof text) == nullptr) {
        return {};
    }
    return text;
}

/// Serves `handler` over HTTP until the process is stopped.
///
/// Arguments: `--port N` (default 8080; 0 lets the kernel choose) and
/// `--host ADDRESS` (an IPv4 address; default 127.0.0.1, this machine only).
/// Once listening, prints "listening on http://127.0.0.1:PORT" (the real
/// port) as the first line on stdout, so scripts and tests can find it.
/// Each connection is served by serve_connection on its own detached thread;
/// what one throws goes to the log (minifw::log_line) and ends only that
/// connection. Usage errors are printed to stderr.
/// Returns the process exit code: 2 after printing usage for a bad argument,
/// 1 when it cannot listen or accept.
inline int run_example_server(int argc, char** argv, Handler handler) {
    const char* program = argc > 0 ? argv[0] : "server";
    auto usage = [program] {
        std::fprintf(stderr, "usage: %s [--host IPV4-ADDRESS] [--port N]\n", program);
        return 2;
    };
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;
    for (int i = 1; i < argc; ++i) {
        const std::string_view option = argv[i];
        if (i + 1 == argc || (option != "--port" && option != "--host")) {
            return usage();
        }
        const std::string_view value = argv[++i];
        if (option == "--host") {
            host = value;
            continue;
        }
        auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), port);
        if (error != std::errc{} || end != value.data() + value.size()) {
            std::fprintf(stderr, "--port %s: expected a number from 0 to 65535\n", argv[i]);
            return usage();
        }
    }

    net::UniqueFd listener;
    try {
        listener = net::listen_tcp(host, port);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "cannot listen on %s:%u: %s\n", host.c_str(), unsigned{port},
                     e.what());
        return 1;
    }
    // 0.0.0.0 means every interface; 127.0.0.1 is the one sure to reach us.
    const std::string shown = host == "0.0.0.0" ? "127.0.0.1" : host;
    std::printf("listening on http://%s:%u\n", shown.c_str(), unsigned{net::local_port(listener)});
    std::fflush(stdout);

    // Detached threads may outlive this frame's locals: they share the handler.
    auto shared = std::make_shared<const Handler>(std::move(handler));
    for (;;) {
        net::UniqueFd client;
        try {
            client = net::accept_client(listener);
        } catch (const std::system_error& e) {
            log_line(std::string("accept: ") + e.what());
            const int error = e.code().value();
            if (error == EMFILE || error == ENFILE || error == ENOBUFS || error == ENOMEM) {
                // Out of descriptors or memory: give connections time to end.
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
                continue;
            }
            return 1;
        }
        try {
            ConnectionOptions options;
            options.remote_address = peer_address(client.get());
            std::thread([shared, options, client = std::move(client)] {
                try {
                    serve_connection(client.get(), *shared, options);
                } catch (const std::exception& e) {
                    log_line("connection on fd " + std::to_string(client.get()) + ": " + e.what());
                }
            }).detach();
        } catch (const std::system_error& e) {
            // No thread for this client: its descriptor closes with the lambda.
            log_line(std::string("cannot start a thread for a connection: ") + e.what());
        }
    }
}

}  // namespace minifw::http
