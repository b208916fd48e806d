// read_body() and offload() of minifw/async/handler.hpp, and the hand-over
// of an upgraded connection (given).

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "loop.hpp"

namespace minifw::async {

Task<void> read_body(http::Context& context) {
    if (!context.body_read()) {
        if (const auto* body = context.items().get<detail::AsyncBody>(); body && body->access) {
            co_await body->access->read(context.body_limit());
        }
        context.read_body();  // complete now: returns at once
    }
}

Task<void> offload(http::Context& context, std::function<void()> work) {
    const auto* offloader = context.items().get<detail::Offloader>();
    if (offloader == nullptr) {
        work();  // not under the async server: nothing to keep unblocked
        co_return;
    }
    co_await detail::on_pool(*offloader->pool, work);
}

}  // namespace minifw::async

namespace minifw::async::detail {

asio::awaitable<void> hand_over(tcp::socket& socket, const http::UpgradeHandler& upgrade,
                                std::string already_read, asio::thread_pool& pool) {
    socket.non_blocking(false);
    http::Upgraded connection{socket.native_handle(), std::move(already_read)};
    co_await asio::co_spawn(
        pool,
        [&]() -> asio::awaitable<void> {
            upgrade(std::move(connection));
            co_return;
        },
        asio::use_awaitable);
}

}  // namespace minifw::async::detail
