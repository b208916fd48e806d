#include "loop.hpp"
#include "minifw/exercise.hpp"

namespace minifw::async::detail {

asio::awaitable<http::Response> run_app(const App&, const http::Request&, const BodyAccess&,
                                        asio::thread_pool&) {
    // Exercise 08.3: make the request's context (its body reader, and the
    // AsyncBody and Offloader items), then run an async handler here, a
    // RunOn::loop handler here after reading the body, a plain one on the pool.
    throw ExerciseNotDone{"08.3", "lessons/08-async/README.md#exercise-083-where-a-handler-runs"};
    co_return http::Response{};
}

}  // namespace minifw::async::detail
