// run_example_server of minifw/async/server.hpp (given).

#include <sys/resource.h>

#include <charconv>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>

#include "minifw/async/server.hpp"

namespace minifw::async {
namespace {

template <class T>
bool parse_number(std::string_view text, T& out, T low, T high) {
    T value{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < low || value > high) {
        return false;
    }
    out = value;
    return true;
}

}  // namespace

int run_example_server(int argc, char** argv, App app, ServerOptions options) {
    const char* program = argc > 0 ? argv[0] : "server";
    auto usage = [program] {
        std::fprintf(stderr,
                     "usage: %s [--host IPV4-ADDRESS] [--port N] [--threads N] "
                     "[--max-connections N]\n",
                     program);
        return 2;
    };
    options.port = 8080;
    for (int i = 1; i < argc; ++i) {
        const std::string_view flag = argv[i];
        if (i + 1 >= argc) {
            return usage();
        }
        const std::string_view value = argv[++i];
        if (flag == "--port") {
            if (!parse_number<std::uint16_t>(value, options.port, 0, 65535)) {
                return usage();
            }
        } else if (flag == "--threads") {
            if (!parse_number<unsigned>(value, options.threads, 1, 1024)) {
                return usage();
            }
        } else if (flag == "--max-connections") {
            if (!parse_number<std::size_t>(value, options.max_connections, 1, 1'000'000)) {
                return usage();
            }
        } else if (flag == "--host") {
            options.host = value;
        } else {
            return usage();
        }
    }
    // A descriptor per connection: the soft limit (often 1,024) would cap a
    // server long before its memory does. Raise it to the hard limit.
    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        (void)::setrlimit(RLIMIT_NOFILE, &files);
    }
    try {
        const std::string host = options.host;
        Server server(std::move(app), std::move(options));
        std::printf("listening on http://%s:%u\n", host.c_str(),
                    static_cast<unsigned>(server.port()));
        std::fflush(stdout);
        server.run();
        std::fprintf(stderr, "minifw: stopped; %zu requests cut by the shutdown grace\n",
                     server.requests_cut());
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: %s\n", program, e.what());
        return 1;
    }
}

}  // namespace minifw::async
