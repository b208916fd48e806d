// The connection limit and the registry of open connections (given).

#include <algorithm>
#include <boost/asio/post.hpp>

#include "loop.hpp"

namespace minifw::async::detail {

bool Slots::try_take() noexcept {
    std::size_t now = taken_.load();
    while (now < max_) {
        if (taken_.compare_exchange_weak(now, now + 1)) {
            return true;
        }
    }
    return false;
}

void Slots::give_back() {
    taken_.fetch_sub(1);
    std::lock_guard lock(mutex_);
    for (asio::steady_timer* gate : gates_) {
        // A timer is not safe to touch from another thread: cancel it on its
        // own. A listener that is not waiting just finds a slot next time.
        asio::post(gate->get_executor(), [gate] { gate->cancel(); });
    }
}

void Slots::add_gate(asio::steady_timer& gate) {
    std::lock_guard lock(mutex_);
    gates_.push_back(&gate);
}

void Registry::add(const std::shared_ptr<Control>& control) {
    std::lock_guard lock(mutex_);
    open_.push_back(control);
}

void Registry::remove(const std::shared_ptr<Control>& control) {
    std::function<void()> notify;
    {
        std::lock_guard lock(mutex_);
        std::erase(open_, control);
        if (open_.empty() && on_empty_) {
            notify = std::move(on_empty_);
            on_empty_ = nullptr;
        }
    }
    if (notify) {
        notify();
    }
}

void Registry::for_each(std::function<void(Control&)> what) {
    std::lock_guard lock(mutex_);
    for (const auto& control : open_) {
        asio::post(control->executor, [control, what] {
            if (control->alive) {
                what(*control);
            }
        });
    }
}

void Registry::when_empty(std::function<void()> on_empty) {
    {
        std::lock_guard lock(mutex_);
        if (!open_.empty()) {
            on_empty_ = std::move(on_empty);
            return;
        }
    }
    on_empty();
}

}  // namespace minifw::async::detail
