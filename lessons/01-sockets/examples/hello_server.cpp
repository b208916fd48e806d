// hello_server: the iterative server of stage 01, answering every request
// with "Hello from minifw".
//
//   hello_server [--port N] [--connections N]
//
// --port 0 (the default) lets the kernel pick a free port; the first line
// printed says which. Without --connections the server runs until stopped.
// Try it:  curl -i http://127.0.0.1:PORT/

#include <charconv>
#include <cstdint>
#include <exception>
#include <iostream>
#include <limits>
#include <optional>
#include <string_view>

#include "minifw/net/iterative_server.hpp"
#include "minifw/net/socket.hpp"

namespace {

constexpr std::string_view kUsage = "usage: hello_server [--port N] [--connections N]\n";

struct Options {
    std::uint16_t port = 0;
    std::optional<std::size_t> connections;  // none: serve until stopped
};

// Parses a whole decimal number no larger than `max`, or nothing.
std::optional<std::size_t> parse_number(std::string_view text, std::size_t max) {
    std::size_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value > max) {
        return std::nullopt;
    }
    return value;
}

std::optional<Options> parse_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string_view flag = argv[i];
        if (i + 1 == argc) {
            std::cerr << "hello_server: " << flag << " needs a value\n";
            return std::nullopt;
        }
        const std::string_view value = argv[++i];
        if (flag == "--port") {
            const auto port = parse_number(value, std::numeric_limits<std::uint16_t>::max());
            if (!port) {
                std::cerr << "hello_server: --port " << value << " is not a port (0-65535)\n";
                return std::nullopt;
            }
            options.port = static_cast<std::uint16_t>(*port);
        } else if (flag == "--connections") {
            options.connections = parse_number(value, std::numeric_limits<std::size_t>::max());
            if (!options.connections) {
                std::cerr << "hello_server: --connections " << value << " is not a count\n";
                return std::nullopt;
            }
        } else {
            std::cerr << "hello_server: unknown option " << flag << '\n';
            return std::nullopt;
        }
    }
    return options;
}

}  // namespace

int main(int argc, char** argv) {
    const std::optional<Options> options = parse_options(argc, argv);
    if (!options) {
        std::cerr << kUsage;
        return 2;
    }
    try {
        minifw::net::IterativeServer server(minifw::net::listen_tcp("127.0.0.1", options->port),
                                            minifw::net::fixed_response("Hello from minifw\n"));
        // Flushed at once: a script that started us waits for this line to
        // learn the port before it sends the first request.
        std::cout << "listening on http://127.0.0.1:" << server.port() << std::endl;
        if (options->connections) {
            server.serve(*options->connections);
        } else {
            for (;;) {
                server.serve(1);
            }
        }
    } catch (const std::exception& error) {
        std::cerr << "hello_server: " << error.what() << '\n';
        return 1;
    }
    return 0;
}
