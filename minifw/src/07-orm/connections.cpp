#include "minifw/orm/connections.hpp"

#include <map>
#include <memory>
#include <stdexcept>
#include <utility>

namespace minifw::orm {
namespace {

// Every ConnectionPerThread gets a number never used before, so a thread's
// entry for an object that is gone can never be taken for a new object's.
std::atomic<std::uint64_t> next_id{1};

}  // namespace

ConnectionPerThread::ConnectionPerThread(std::string path, OpenOptions options)
    : id_(next_id.fetch_add(1)), path_(std::move(path)), options_(options) {
    if (path_.empty() || path_ == ":memory:") {
        throw std::invalid_argument("ConnectionPerThread needs a file: with '" + path_ +
                                    "' every thread would get a private, empty database");
    }
}

Database& ConnectionPerThread::get() {
    // One map per thread, destroyed (closing its connections) when the
    // thread ends; no lock, since no other thread ever sees it.
    thread_local std::map<std::uint64_t, std::unique_ptr<Database>> mine;
    std::unique_ptr<Database>& slot = mine[id_];
    if (!slot) {
        slot = std::make_unique<Database>(path_, options_);
        ++opened_;
    }
    return *slot;
}

}  // namespace minifw::orm
