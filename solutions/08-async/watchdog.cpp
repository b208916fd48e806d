#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "loop.hpp"

namespace minifw::async::detail {

Watchdog::Watchdog(tcp::socket& socket, const Deadlines& deadlines)
    : socket_(socket), deadlines_(deadlines), timer_(socket.get_executor()) {}

void Watchdog::enter(Phase phase) {
    phase_ = phase;
    switch (phase) {
        case Phase::idle:
            set_deadline(Clock::now() + deadlines_.idle);
            break;
        case Phase::head:
            set_deadline(Clock::now() + deadlines_.head);
            break;
        case Phase::body:
            set_deadline(Clock::now() + deadlines_.body);
            break;
        case Phase::handler:
            set_deadline(Clock::time_point::max());
            break;
        case Phase::write:
            set_deadline(Clock::now() + deadlines_.write);
            break;
        case Phase::linger:
            set_deadline(Clock::now() + deadlines_.linger);
            break;
    }
}

void Watchdog::progress() {
    // Only where the deadline bounds a pause: a head that trickles in a byte
    // a second must still be complete within Deadlines::head.
    if (phase_ == Phase::body || phase_ == Phase::write) {
        enter(phase_);
    }
}

void Watchdog::set_deadline(Clock::time_point when) {
    deadline_ = when;
    if (when < armed_) {
        // The timer sleeps past this deadline: wake it to sleep until this
        // one. A deadline at or after armed_ needs nothing (see the class).
        timer_.cancel();
    }
}

void Watchdog::stop() {
    stopped_ = true;
    timer_.cancel();
}

asio::awaitable<void> Watchdog::watch() {
    while (!stopped_) {
        armed_ = deadline_;
        timer_.expires_at(armed_);
        boost::system::error_code ec;
        co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        // Woken early (a new deadline, or stop()) or on time: either way,
        // look again.
        if (stopped_) {
            co_return;
        }
        if (Clock::now() >= deadline_) {
            expired_ = true;
            socket_.close(ec);  // the connection's pending read or write fails
            co_return;
        }
    }
}

}  // namespace minifw::async::detail
