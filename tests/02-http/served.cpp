#include "served.hpp"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <system_error>

#include "minifw/http/headers.hpp"

namespace minifw::test {
namespace {

using namespace std::chrono_literals;

constexpr auto kLimit = 5s;

// The value of Content-Length in a response head, or 0 without one.
std::size_t content_length(std::string_view head) {
    for (std::size_t at = head.find("\r\n"); at != std::string_view::npos;) {
        const std::size_t next = head.find("\r\n", at + 2);
        const std::string_view line = head.substr(at + 2, next - (at + 2));
        const std::size_t colon = line.find(':');
        if (colon != std::string_view::npos &&
            http::iequals(line.substr(0, colon), "Content-Length")) {
            return std::stoul(std::string(line.substr(colon + 1)));
        }
        at = next;
    }
    return 0;
}

}  // namespace

ServedConnection::ServedConnection(http::Handler handler, http::ConnectionOptions options) {
    auto [client, server] = socket_pair();
    client_ = std::move(client);
    server_ = std::move(server);
    served_ = std::async(std::launch::async, [fd = server_.get(), handler = std::move(handler),
                                              options = std::move(options)] {
        // Like the owner of the socket closing it: the client sees the end.
        struct ShutDown {
            int fd;
            ~ShutDown() { ::shutdown(fd, SHUT_RDWR); }
        } shut_down{fd};
        return http::serve_connection(fd, handler, options);
    });
}

ServedConnection::~ServedConnection() {
    if (served_.valid()) {
        // A server still blocked in read() or write() returns once its
        // socket is shut down.
        client_.close();
        ::shutdown(server_.get(), SHUT_RDWR);
        served_.wait();
    }
}

void ServedConnection::send(std::string_view bytes) {
    try {
        send_all(client_.get(), bytes);
    } catch (const std::system_error&) {
        // A server that stopped early explains the broken pipe better.
        wait_for_server();
        throw;
    }
}

void ServedConnection::close_sending() { ::shutdown(client_.get(), SHUT_WR); }

void ServedConnection::wait_for_server() {
    if (served_.valid() && served_.wait_for(kLimit) == std::future_status::ready) {
        result_ = served_.get();  // rethrows what serve_connection threw
    }
}

void ServedConnection::collect_if_done() {
    if (served_.valid() && served_.wait_for(0s) == std::future_status::ready) {
        result_ = served_.get();  // rethrows what serve_connection threw
    }
}

bool ServedConnection::read_more() {
    const auto deadline = std::chrono::steady_clock::now() + kLimit;
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd readable{client_.get(), POLLIN, 0};
        const int ready = ::poll(&readable, 1, 50);
        if (ready < 0 && errno != EINTR) {
            throw std::system_error(errno, std::generic_category(), "poll");
        }
        if (ready <= 0) {
            collect_if_done();
            continue;
        }
        char buffer[4096];
        const ssize_t n = ::read(client_.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            // The server ended the stream: it has returned, or is about to
            // once this client closes too (RFC 9112 9.6). Its result (or
            // exception) is known by then.
            close_sending();
            wait_for_server();
            return false;
        }
        unread_.append(buffer, static_cast<std::size_t>(n));
        return true;
    }
    ADD_FAILURE() << "no bytes and no end of stream from the server within 5 s";
    return false;
}

std::string ServedConnection::read_response(bool head_request) {
    std::size_t head_end;
    while ((head_end = unread_.find("\r\n\r\n")) == std::string::npos) {
        if (!read_more()) {
            return std::exchange(unread_, {});
        }
    }
    head_end += 4;
    const std::size_t body = head_request ? 0 : content_length(unread_.substr(0, head_end));
    while (unread_.size() < head_end + body) {
        if (!read_more()) {
            return std::exchange(unread_, {});
        }
    }
    std::string response = unread_.substr(0, head_end + body);
    unread_.erase(0, head_end + body);
    return response;
}

std::string ServedConnection::read_until(std::string_view marker) {
    std::size_t at;
    while ((at = unread_.find(marker)) == std::string::npos) {
        if (!read_more()) {
            return std::exchange(unread_, {});
        }
    }
    std::string head = unread_.substr(0, at + marker.size());
    unread_.erase(0, at + marker.size());
    return head;
}

bool ServedConnection::sees_end_of_stream() {
    while (read_more()) {
    }
    // read_more() is false at the end of stream, or after its deadline
    // (which it reports as a failure).
    pollfd readable{client_.get(), POLLIN, 0};
    return ::poll(&readable, 1, 0) == 1;
}

std::size_t ServedConnection::result() {
    // A server that closes reads on until the client closes too (RFC 9112
    // 9.6); without this it would wait for its linger time.
    close_sending();
    wait_for_server();
    if (!result_) {
        ADD_FAILURE() << "serve_connection did not return within 5 s";
    }
    return result_.value_or(static_cast<std::size_t>(-1));
}

std::string without_date(std::string_view response) {
    std::string out(response);
    const std::size_t at = out.find("\r\nDate: ");
    if (at != std::string::npos) {
        out.erase(at + 2, out.find("\r\n", at + 2) - at);
    }
    return out;
}

}  // namespace minifw::test
