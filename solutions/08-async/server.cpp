#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <cerrno>
#include <exception>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "minifw/log.hpp"
#include "server_impl.hpp"

namespace minifw::async {

namespace asio = detail::asio;
using detail::tcp;

namespace {

// A listener ends when stop() closes its socket; anything else it throws
// is worth a line in the log.
void log_listener_end(std::exception_ptr error) {
    if (!error) {
        return;
    }
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        log_line(std::string("minifw: a listener failed: ") + e.what());
    }
}

}  // namespace

// The listening sockets. With a context per thread, each loop listens on
// the same port with SO_REUSEPORT, and the kernel spreads new
// connections between them.
void Server::Impl::listen() {
    const tcp::endpoint where(asio::ip::make_address_v4(options.host), options.port);
    auto open = [&](tcp::acceptor& acceptor, tcp::endpoint at, bool reuse_port) {
        acceptor.open(at.protocol());
        acceptor.set_option(tcp::acceptor::reuse_address(true));
        if (reuse_port) {
            const int on = 1;
            if (::setsockopt(acceptor.native_handle(), SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) !=
                0) {
                throw std::system_error(errno, std::system_category(), "SO_REUSEPORT");
            }
        }
        acceptor.bind(at);
        acceptor.listen(asio::socket_base::max_listen_connections);
    };
    if (options.threading == Threading::shared_context) {
        open(shared_acceptor, where, false);
        slots.add_gate(shared_gate);
        return;
    }
    tcp::endpoint at = where;
    for (auto& loop : loops) {
        open(loop->acceptor, at, loops.size() > 1);
        at = loop->acceptor.local_endpoint();  // port 0: the others take the same port
        slots.add_gate(loop->gate);
    }
}

void Server::Impl::start() {
    if (options.threading == Threading::shared_context) {
        asio::co_spawn(shared_context, detail::accept_loop(shared_acceptor, shared_gate, shared),
                       log_listener_end);
    } else {
        for (auto& loop : loops) {
            asio::co_spawn(loop->context, detail::accept_loop(loop->acceptor, loop->gate, shared),
                           log_listener_end);
        }
    }
    if (options.handle_signals) {
        signals->add(SIGINT);
        signals->add(SIGTERM);
        signals->async_wait([this](boost::system::error_code ec, int) {
            if (!ec) {
                stop();
            }
        });
    }
}

// Graceful stop: no new connections; idle ones close now, busy ones after
// their response; after the grace, whatever is left is closed.
void Server::Impl::stop() {
    if (stopping.exchange(true)) {
        return;
    }
    // The connections first, the listeners after: on each loop, by the
    // time its listener is closed, its connections know.
    registry.for_each([](detail::Control& c) { c.stop(); });
    auto close_listener = [](tcp::acceptor& acceptor, asio::steady_timer& gate) {
        asio::post(acceptor.get_executor(), [&acceptor, &gate] {
            boost::system::error_code ignored;
            acceptor.close(ignored);
            gate.cancel();
        });
    };
    if (options.threading == Threading::shared_context) {
        close_listener(shared_acceptor, shared_gate);
    } else {
        for (auto& loop : loops) {
            close_listener(loop->acceptor, loop->gate);
        }
    }
    asio::post(first_context(), [this] {
        boost::system::error_code ignored;
        signals->cancel(ignored);
        grace->expires_after(options.shutdown_grace);
        grace->async_wait([this](boost::system::error_code ec) {
            if (!ec) {
                registry.for_each([this](detail::Control& c) {
                    if (c.in_request && c.in_request()) {
                        cut.fetch_add(1);
                    }
                    c.cancel.emit(asio::cancellation_type::terminal);
                });
            }
        });
        // The grace ends early when the last connection does.
        registry.when_empty([this] { asio::post(first_context(), [this] { grace->cancel(); }); });
    });
}

void Server::Impl::run() {
    // sendfile(2) to a client that left raises SIGPIPE, which would end
    // the process: the server's threads block it (an EPIPE error remains).
    sigset_t pipe, old;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe, &old);
    start();
    std::vector<std::thread> threads;
    const unsigned n = std::max(1u, options.threads);
    for (unsigned i = 1; i < n; ++i) {
        asio::io_context& context =
            options.threading == Threading::shared_context ? shared_context : loops[i]->context;
        threads.emplace_back([&context] { context.run(); });  // inherits the mask
    }
    first_context().run();
    for (auto& thread : threads) {
        thread.join();
    }
    pool.join();
    // A SIGPIPE that a failed send raised is pending while blocked: take
    // it back before unblocking, or it would end the process now.
    timespec now{};
    while (sigtimedwait(&pipe, nullptr, &now) == SIGPIPE) {
    }
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
}

}  // namespace minifw::async
