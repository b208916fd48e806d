// The parts of Server that are given: its construction and the forwarding
// of its members to Server::Impl (server_impl.hpp).

#include <algorithm>

#include "server_impl.hpp"

namespace minifw::async {

Server::Impl::Impl(App a, ServerOptions o)
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

detail::asio::io_context& Server::Impl::first_context() {
    return loops.empty() ? shared_context : loops.front()->context;
}

std::uint16_t Server::Impl::port() const {
    return loops.empty() ? shared_acceptor.local_endpoint().port()
                         : loops.front()->acceptor.local_endpoint().port();
}

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

std::size_t Server::requests_cut() const noexcept { return impl_->cut.load(); }

}  // namespace minifw::async
