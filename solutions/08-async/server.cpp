#include <pthread.h>
#include <signal.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <algorithm>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "loop.hpp"
#include "minifw/async/server.hpp"

namespace minifw::async {

using detail::asio::ip::tcp;
namespace asio = detail::asio;

// One event loop: an io_context, its listening socket and its gate.
struct Loop {
    asio::io_context context{1};  // 1: run by one thread, fewer locks
    tcp::acceptor acceptor{context};
    asio::steady_timer gate{context};
};

struct Server::Impl {
    App app;
    ServerOptions options;
    asio::thread_pool pool;
    detail::Slots slots;
    detail::Registry registry;
    std::atomic<bool> stopping{false};
    std::atomic<std::size_t> writes{0};
    detail::Shared shared{app, options, pool, slots, registry, stopping, writes};
    std::vector<std::unique_ptr<Loop>> loops;
    asio::io_context shared_context;  // Threading::shared_context: every thread runs it
    tcp::acceptor shared_acceptor{shared_context};
    asio::steady_timer shared_gate{shared_context};
    std::optional<asio::signal_set> signals;  // on the first loop, made once the loops are
    std::optional<asio::steady_timer> grace;

    Impl(App a, ServerOptions o)
        : app(std::move(a)),
          options(std::move(o)),
          pool(std::max(1u, options.pool_threads)),
          slots(std::max<std::size_t>(1, options.max_connections)) {
        if (options.threading == Threading::context_per_thread) {
            for (unsigned i = 0; i < std::max(1u, options.threads); ++i) {
                loops.push_back(std::make_unique<Loop>());
            }
        }
        signals.emplace(first_context());
        grace.emplace(first_context());
    }

    asio::io_context& first_context() {
        return options.threading == Threading::shared_context || loops.empty()
                   ? shared_context
                   : loops.front()->context;
    }

    // The listening sockets. With a context per thread, each loop listens on
    // the same port with SO_REUSEPORT, and the kernel spreads new
    // connections between them.
    void listen() {
        const tcp::endpoint where(asio::ip::make_address_v4(options.host), options.port);
        auto open = [&](tcp::acceptor& acceptor, tcp::endpoint at, bool reuse_port) {
            acceptor.open(at.protocol());
            acceptor.set_option(tcp::acceptor::reuse_address(true));
            if (reuse_port) {
                const int on = 1;
                if (::setsockopt(acceptor.native_handle(), SOL_SOCKET, SO_REUSEPORT, &on,
                                 sizeof on) != 0) {
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

    std::uint16_t port() const {
        return options.threading == Threading::shared_context
                   ? shared_acceptor.local_endpoint().port()
                   : loops.front()->acceptor.local_endpoint().port();
    }

    void start() {
        if (options.threading == Threading::shared_context) {
            asio::co_spawn(shared_context, detail::accept_loop(shared_acceptor, shared_gate, shared),
                           asio::detached);
        } else {
            for (auto& loop : loops) {
                asio::co_spawn(loop->context, detail::accept_loop(loop->acceptor, loop->gate, shared),
                               asio::detached);
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
    void stop() {
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
                    registry.for_each([](detail::Control& c) {
                        c.cancel.emit(asio::cancellation_type::terminal);
                    });
                }
            });
            // The grace ends early when the last connection does.
            registry.when_empty([this] {
                asio::post(first_context(), [this] { grace->cancel(); });
            });
        });
    }

    void run() {
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
};

Server::Server(App app, ServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(app), std::move(options))) {
    impl_->listen();
}

Server::~Server() = default;

std::uint16_t Server::port() const noexcept { return impl_->port(); }

void Server::run() { impl_->run(); }

void Server::stop() { impl_->stop(); }

std::size_t Server::open_connections() const noexcept { return impl_->slots.taken(); }

std::size_t Server::writes() const noexcept { return impl_->writes.load(); }

}  // namespace minifw::async
