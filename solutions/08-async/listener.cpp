#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <string>

#include "loop.hpp"
#include "minifw/log.hpp"

namespace minifw::async::detail {
namespace {

// One co_spawn per connection; its completion is the one place that sees
// what a connection threw, and logs it. The other connections never notice.
void log_failure(std::exception_ptr error) {
    if (!error) {
        return;
    }
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        log_line(std::string("minifw: a connection failed: ") + e.what());
    } catch (...) {
        log_line("minifw: a connection failed with an exception that is not a std::exception");
    }
}

// Waits on the gate until Slots::give_back() cancels it.
asio::awaitable<void> wait_at(asio::steady_timer& gate) {
    gate.expires_at(Clock::time_point::max());
    boost::system::error_code ec;
    co_await gate.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

}  // namespace

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, asio::steady_timer& gate,
                                  Shared& shared) {
    const bool strands = shared.options.threading == Threading::shared_context;
    while (acceptor.is_open()) {
        // At the limit, stop calling accept: new clients wait in the
        // kernel's backlog (and then its SYN queue), nothing is refused.
        if (!shared.slots.try_take()) {
            co_await wait_at(gate);
            continue;
        }
        // With one io_context run by several threads, a strand keeps each
        // connection's handlers from running on two threads at once.
        boost::system::error_code ec;
        tcp::socket socket(acceptor.get_executor());
        if (strands) {
            socket = tcp::socket(asio::make_strand(acceptor.get_executor()));
        }
        co_await acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            shared.slots.give_back();
            if (ec == asio::error::operation_aborted || !acceptor.is_open()) {
                co_return;  // stop() closed the acceptor
            }
            // Out of descriptors (EMFILE), or a connection reset before it
            // was accepted: say so, and go on. Out of descriptors, accept
            // fails at once until one closes: wait a little, not in a loop.
            log_line("minifw: accept failed: " + ec.message());
            if (ec == asio::error::no_descriptors) {
                gate.expires_after(std::chrono::milliseconds(100));
                boost::system::error_code ignored;
                co_await gate.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
            }
            continue;
        }
        auto control = std::make_shared<Control>();
        control->executor = socket.get_executor();
        // Posted, not started here: co_spawn would run the new connection on
        // this thread until its first wait, and a handler that runs long
        // would keep this loop from accepting anybody else meanwhile.
        asio::post(control->executor, [&shared, control, socket = std::move(socket)]() mutable {
            asio::co_spawn(control->executor, serve_connection(std::move(socket), shared, control),
                           asio::bind_cancellation_slot(control->cancel.slot(), log_failure));
        });
    }
}

}  // namespace minifw::async::detail
