#include "minifw/net/socket.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <string>
#include <system_error>

namespace minifw::net {
namespace {

[[noreturn]] void throw_errno(int error, const std::string& what) {
    throw std::system_error(error, std::system_category(), what);
}

std::string endpoint(std::string_view host, std::uint16_t port) {
    return std::string(host) + ":" + std::to_string(port);
}

sockaddr_in ipv4_address(std::string_view host, std::uint16_t port) {
    std::string text(host);  // inet_pton wants a NUL-terminated string
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    if (::inet_pton(AF_INET, text.c_str(), &address.sin_addr) != 1) {
        throw std::invalid_argument("\"" + text +
                                    "\" is not an IPv4 address; use a dotted quad such as "
                                    "127.0.0.1 (this machine) or 0.0.0.0 (every interface)");
    }
    return address;
}

UniqueFd tcp_socket(const std::string& what) {
    // SOCK_CLOEXEC sets close-on-exec atomically: a child spawned by another
    // thread between socket() and fcntl() would otherwise inherit the socket.
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) {
        throw_errno(errno, "socket for " + what);
    }
    return fd;
}

// "127.0.0.1:8080" for a bound IPv4 socket, else "fd 5": for error messages.
std::string local_endpoint(int fd) {
    sockaddr_in address{};
    socklen_t size = sizeof address;
    char host[INET_ADDRSTRLEN];
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0 ||
        address.sin_family != AF_INET ||
        ::inet_ntop(AF_INET, &address.sin_addr, host, sizeof host) == nullptr) {
        return "fd " + std::to_string(fd);
    }
    return endpoint(host, ntohs(address.sin_port));
}

// A connect() interrupted by a signal goes on in the background; calling it
// again would fail with EALREADY. Wait until it settles and read its result.
void finish_interrupted_connect(const UniqueFd& client, const std::string& what) {
    pollfd ready{client.get(), POLLOUT, 0};
    while (::poll(&ready, 1, -1) < 0) {
        if (errno != EINTR) {
            throw_errno(errno, "poll while connecting to " + what);
        }
    }
    int error = 0;
    socklen_t size = sizeof error;
    if (::getsockopt(client.get(), SOL_SOCKET, SO_ERROR, &error, &size) != 0) {
        throw_errno(errno, "getsockopt SO_ERROR for " + what);
    }
    if (error != 0) {
        throw_errno(error, "connect " + what);
    }
}

}  // namespace

UniqueFd listen_tcp(std::string_view host, std::uint16_t port, int backlog) {
    const sockaddr_in address = ipv4_address(host, port);
    const std::string what = endpoint(host, port);
    UniqueFd listener = tcp_socket(what);

    // Without SO_REUSEADDR a restarted server cannot bind its port while
    // connections of the previous run linger in TIME_WAIT (up to a minute).
    int on = 1;
    if (::setsockopt(listener.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0) {
        throw_errno(errno, "setsockopt SO_REUSEADDR for " + what);
    }
    if (::bind(listener.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        const int error = errno;
        if (error == EADDRINUSE) {
            throw_errno(error, "bind " + what +
                                   " (another socket listens there: stop it, or choose "
                                   "another port; port 0 picks a free one)");
        }
        throw_errno(error, "bind " + what);
    }
    if (::listen(listener.get(), backlog) != 0) {
        throw_errno(errno, "listen on " + what);
    }
    return listener;
}

std::uint16_t local_port(const UniqueFd& socket) {
    sockaddr_storage address{};
    socklen_t size = sizeof address;
    if (::getsockname(socket.get(), reinterpret_cast<sockaddr*>(&address), &size) != 0) {
        throw_errno(errno, "getsockname on fd " + std::to_string(socket.get()));
    }
    switch (address.ss_family) {
        case AF_INET:
            return ntohs(reinterpret_cast<const sockaddr_in*>(&address)->sin_port);
        case AF_INET6:
            return ntohs(reinterpret_cast<const sockaddr_in6*>(&address)->sin6_port);
        default:
            throw std::invalid_argument("local_port: fd " + std::to_string(socket.get()) +
                                        " is not an IPv4 or IPv6 socket");
    }
}

UniqueFd accept_client(const UniqueFd& listener) {
    for (;;) {
        int client = ::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC);
        if (client >= 0) {
            return UniqueFd(client);
        }
        // A signal, or a client that reset while still queued: neither is
        // the listener's fault, so wait for the next connection.
        if (errno != EINTR && errno != ECONNABORTED) {
            const int error = errno;
            throw_errno(error, "accept on " + local_endpoint(listener.get()));
        }
    }
}

UniqueFd connect_tcp(std::string_view host, std::uint16_t port) {
    const sockaddr_in address = ipv4_address(host, port);
    const std::string what = endpoint(host, port);
    UniqueFd client = tcp_socket(what);
    if (::connect(client.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        if (errno != EINTR) {
            throw_errno(errno, "connect " + what);
        }
        finish_interrupted_connect(client, what);
    }
    return client;
}

}  // namespace minifw::net
