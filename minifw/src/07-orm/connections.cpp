#include "minifw/orm/connections.hpp"

#include <stdexcept>
#include <utility>

namespace minifw::orm {

ConnectionPerThread::ConnectionPerThread(std::string path, OpenOptions options)
    : path_(std::move(path)), options_(options) {
    if (path_.empty() || path_ == ":memory:") {
        throw std::invalid_argument("ConnectionPerThread needs a file: with '" + path_ +
                                    "' every thread would get a private, empty database");
    }
}

Database& ConnectionPerThread::get() {
    const std::thread::id me = std::this_thread::get_id();
    {
        const std::lock_guard lock(mutex_);
        if (auto found = connections_.find(me); found != connections_.end()) {
            return *found->second;
        }
    }
    // Opened outside the lock: opening touches the file, and other threads
    // need not wait for it. Only this thread inserts its own id.
    auto opened = std::make_unique<Database>(path_, options_);
    const std::lock_guard lock(mutex_);
    return *connections_.emplace(me, std::move(opened)).first->second;
}

std::size_t ConnectionPerThread::size() const {
    const std::lock_guard lock(mutex_);
    return connections_.size();
}

}  // namespace minifw::orm
