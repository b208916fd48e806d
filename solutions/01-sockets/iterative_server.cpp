#include "minifw/net/iterative_server.hpp"

#include <iostream>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "minifw/net/socket.hpp"

namespace minifw::net {
namespace {

// Reads one request head and answers it; the caller closes the connection.
// Anything the client sent after its head stays unread. That is fine for the
// bodiless GETs this server expects, but closing a socket with unread bytes
// makes the kernel send a reset, which can destroy a response the client has
// not read yet; stage 02 reads every request in full.
void answer(int client, std::string_view response) {
    std::string head;
    // A client that closes before its blank line gets nothing: nobody reads it.
    if (read_until(client, head, "\r\n\r\n", IterativeServer::max_head_bytes).status ==
        ReadStatus::found) {
        write_all(client, response);
    }
}

}  // namespace

std::string fixed_response(std::string_view body) {
    std::string response =
        "HTTP/1.1 200 OK\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Length: ";
    response += std::to_string(body.size());
    // Connection: close tells the client that this server ends the
    // connection after one response (RFC 9112 section 9.6).
    response += "\r\nConnection: close\r\n\r\n";
    response += body;
    return response;
}

IterativeServer::IterativeServer(UniqueFd listener, std::string response)
    : listener_(std::move(listener)), response_(std::move(response)) {
    if (!listener_) {
        throw std::invalid_argument(
            "IterativeServer: the listener is empty; pass the socket listen_tcp returned");
    }
}

void IterativeServer::serve(std::size_t connections) {
    for (std::size_t served = 0; served < connections; ++served) {
        UniqueFd client = accept_client(listener_);
        try {
            answer(client.get(), response_);
        } catch (const std::system_error& error) {
            // The peer reset or vanished: its loss, not the server's.
            std::cerr << "minifw: dropped a connection: " << error.what() << '\n';
        } catch (const std::length_error& error) {
            // The head did not end within max_head_bytes.
            std::cerr << "minifw: dropped a connection: " << error.what() << '\n';
        }
        // Anything else is a bug in this server, not the client's doing: let it
        // propagate instead of hiding it in a log line.
    }
}

std::uint16_t IterativeServer::port() const { return local_port(listener_); }

}  // namespace minifw::net
