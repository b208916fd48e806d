// The bare Asio loop: the ceiling a framework built on Asio can reach.
//
// It answers GET /plaintext and GET /json and nothing else, with the least
// work a correct HTTP/1.1 server can do: find the end of each head
// ("\r\n\r\n"), look at the path, append a response whose bytes are fixed
// except for the Date header, and write every response of one read in one
// write (so pipelined requests cost one syscall each way). No header map,
// no router, no allocation per request. ./course bench --peers measures the
// framework against it; the book's peers page explains why it is the
// ceiling and not a competitor.
//
//   bench_peer_asio_loop --port N --threads N
//
// One io_context per thread, each with its own acceptor on the same port
// (SO_REUSEPORT), so the kernel spreads connections and no two threads ever
// share a socket or a lock. SIGTERM or SIGINT stops every thread; exit 0.

#include <boost/asio.hpp>

#include <array>
#include <charconv>
#include <chrono>
#include <csignal>
#include <ctime>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

/// The Date header's value (RFC 9110 section 5.6.7, IMF-fixdate), kept per
/// thread and refreshed by a timer once a second: formatting it per request
/// would cost more than the rest of the response.
class DateCache {
public:
    explicit DateCache(asio::io_context& io) : timer_{io} { refresh(); }

    /// Starts the once-a-second refresh on the cache's io_context.
    void start() { tick(); }

    /// The current value, for example "Tue, 01 Dec 2026 15:45:00 GMT".
    [[nodiscard]] std::string_view value() const { return value_; }

private:
    void refresh() {
        std::time_t now = std::time(nullptr);
        std::tm utc{};
        gmtime_r(&now, &utc);
        std::array<char, 64> text{};
        std::size_t length =
            std::strftime(text.data(), text.size(), "%a, %d %b %Y %H:%M:%S GMT", &utc);
        value_.assign(text.data(), length);
    }

    void tick() {
        timer_.expires_after(std::chrono::seconds{1});
        timer_.async_wait([this](boost::system::error_code error) {
            if (error) {
                return;
            }
            refresh();
            tick();
        });
    }

    asio::steady_timer timer_;
    std::string value_;
};

constexpr std::string_view plaintext_body = "Hello, World!";
constexpr std::string_view json_body = R"({"message":"Hello, World!"})";

/// Appends one whole response; the body is one of the fixed ones above.
void append_response(std::string& out, std::string_view status, std::string_view type,
                     std::string_view body, std::string_view date) {
    out += "HTTP/1.1 ";
    out += status;
    out += "\r\nServer: asio-loop\r\nDate: ";
    out += date;
    out += "\r\nContent-Type: ";
    out += type;
    out += "\r\nContent-Length: ";
    std::array<char, 20> digits{};
    auto end = std::to_chars(digits.data(), digits.data() + digits.size(), body.size()).ptr;
    out.append(digits.data(), end);
    out += "\r\n\r\n";
    out += body;
}

/// True when the head asks to close after this response (RFC 9112 section 9.6).
/// Minimal on purpose: wrk and the checker send the header in this spelling.
bool asks_to_close(std::string_view head) {
    return head.find("\r\nConnection: close") != std::string_view::npos ||
           head.find("\r\nconnection: close") != std::string_view::npos;
}

/// One connection: read, answer every complete head in the buffer, write, repeat.
asio::awaitable<void> serve(tcp::socket socket, const DateCache& date) {
    std::string in;
    std::string out;
    std::array<char, 4096> chunk{};  // on the coroutine frame: the whole per-connection cost
    boost::system::error_code error;
    socket.set_option(tcp::no_delay{true}, error);
    for (;;) {
        std::size_t got = co_await socket.async_read_some(
            asio::buffer(chunk), asio::redirect_error(asio::use_awaitable, error));
        if (error) {
            co_return;
        }
        in.append(chunk.data(), got);
        if (in.size() > 64 * 1024) {
            co_return;  // a head this long is not one of ours: drop the peer
        }
        bool close = false;
        std::size_t start = 0;
        for (;;) {
            std::size_t end = in.find("\r\n\r\n", start);
            if (end == std::string::npos) {
                break;
            }
            std::string_view head{in.data() + start, end - start};
            start = end + 4;
            if (head.starts_with("GET /plaintext ")) {
                append_response(out, "200 OK", "text/plain", plaintext_body, date.value());
            } else if (head.starts_with("GET /json ")) {
                append_response(out, "200 OK", "application/json", json_body, date.value());
            } else {
                append_response(out, "404 Not Found", "text/plain", "Not Found", date.value());
            }
            if (asks_to_close(head)) {
                close = true;
                break;
            }
        }
        in.erase(0, start);
        if (!out.empty()) {
            co_await asio::async_write(socket, asio::buffer(out),
                                       asio::redirect_error(asio::use_awaitable, error));
            out.clear();
            if (error) {
                co_return;
            }
        }
        if (close) {
            socket.shutdown(tcp::socket::shutdown_send, error);
            co_return;
        }
    }
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, const DateCache& date) {
    for (;;) {
        boost::system::error_code error;
        tcp::socket socket =
            co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, error));
        if (error) {
            if (error == asio::error::operation_aborted) {
                co_return;
            }
            continue;  // EMFILE and the like: keep serving the others
        }
        asio::co_spawn(acceptor.get_executor(), serve(std::move(socket), date), asio::detached);
    }
}

/// Opens an acceptor on 127.0.0.1:port with SO_REUSEPORT, so every thread can have one.
tcp::acceptor open_acceptor(asio::io_context& io, unsigned short port) {
    tcp::acceptor acceptor{io};
    tcp::endpoint endpoint{asio::ip::make_address("127.0.0.1"), port};
    acceptor.open(endpoint.protocol());
    acceptor.set_option(tcp::acceptor::reuse_address{true});
    acceptor.set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>{true});
    acceptor.bind(endpoint);
    acceptor.listen(asio::socket_base::max_listen_connections);
    return acceptor;
}

struct Options {
    unsigned short port = 8080;
    unsigned threads = 1;
};

bool parse_number(std::string_view text, unsigned long max, unsigned long& out) {
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc{} && end == text.data() + text.size() && out <= max;
}

bool parse_options(int argc, char** argv, Options& options) {
    for (int i = 1; i < argc; ++i) {
        std::string_view name = argv[i];
        if (i + 1 >= argc) {
            std::cerr << "asio_loop: " << name << " needs a value\n";
            return false;
        }
        unsigned long value = 0;
        if (name == "--port" && parse_number(argv[i + 1], 65535, value)) {
            options.port = static_cast<unsigned short>(value);
        } else if (name == "--threads" && parse_number(argv[i + 1], 256, value) && value > 0) {
            options.threads = static_cast<unsigned>(value);
        } else {
            std::cerr << "asio_loop: cannot use " << name << ' ' << argv[i + 1]
                      << ": usage: --port 0..65535 --threads 1..256\n";
            return false;
        }
        ++i;
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    if (!parse_options(argc, argv, options)) {
        return 2;
    }
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    std::vector<std::unique_ptr<DateCache>> dates;
    std::vector<tcp::acceptor> acceptors;
    unsigned short port = options.port;
    try {
        for (unsigned i = 0; i < options.threads; ++i) {
            contexts.push_back(std::make_unique<asio::io_context>(1));
            dates.push_back(std::make_unique<DateCache>(*contexts.back()));
            // The first acceptor picks the port (0: any free one); the others join it.
            acceptors.push_back(open_acceptor(*contexts.back(), port));
            port = acceptors.front().local_endpoint().port();
        }
    } catch (const boost::system::system_error& error) {
        std::cerr << "asio_loop: cannot listen on 127.0.0.1:" << port << ": " << error.what()
                  << '\n';
        return 1;
    }
    std::cout << "listening on http://127.0.0.1:" << port << std::endl;

    asio::signal_set signals{*contexts.front(), SIGINT, SIGTERM};
    signals.async_wait([&](boost::system::error_code, int) {
        for (auto& context : contexts) {
            context->stop();
        }
    });
    for (unsigned i = 0; i < options.threads; ++i) {
        dates[i]->start();
        asio::co_spawn(*contexts[i], accept_loop(acceptors[i], *dates[i]), asio::detached);
    }
    std::vector<std::jthread> threads;
    for (unsigned i = 1; i < options.threads; ++i) {
        threads.emplace_back([&context = *contexts[i]] { context.run(); });
    }
    contexts.front()->run();
    for (auto& context : contexts) {
        context->stop();
    }
    threads.clear();
    return 0;
}
