// Services from a container, one scope per request. A singleton counts the
// visits of the whole server; each request gets its own unit of work (scoped)
// with a number, a greeter (scoped) built on it by constructor injection, and
// a fresh token (transient) each time one is asked for. When the response is
// made, the request's objects are released newest first, and say so, even
// when the handler failed.
//
//   GET /        200 "hello, visitor N" with the request's unit and two tokens
//   GET /boom    the handler throws after resolving its services: a 500, and
//                the services are still released
//
// Run it, then from another terminal:
//
//   ./build/reference/example_09_services --port 8080
//   curl -i http://127.0.0.1:8080/
//   curl -i http://127.0.0.1:8080/
//   curl -i http://127.0.0.1:8080/boom
//
// The server's terminal shows each object made and released, in order.

#include <atomic>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "minifw/di/collection.hpp"
#include "minifw/di/container.hpp"
#include "minifw/di/request_scope.hpp"
#include "minifw/http/server.hpp"
#include "minifw/middleware/pipeline.hpp"

namespace di = minifw::di;
namespace http = minifw::http;
namespace mw = minifw::middleware;

namespace {

void say(const std::string& line) {
    std::printf("  %s\n", line.c_str());
    std::fflush(stdout);
}

// One for the whole server: shared by every request, so it must be thread-safe.
class VisitCounter {
public:
    VisitCounter() { say("made VisitCounter (singleton)"); }
    ~VisitCounter() { say("released VisitCounter"); }
    long next() { return ++visits_; }

private:
    std::atomic<long> visits_{0};
};

// One per request: what a database transaction would be in a real application.
class UnitOfWork {
public:
    UnitOfWork() : number_(++made_) { say("made UnitOfWork #" + std::to_string(number_)); }
    ~UnitOfWork() { say("released UnitOfWork #" + std::to_string(number_)); }
    long number() const { return number_; }

private:
    static inline std::atomic<long> made_{0};
    long number_;
};

// A new one every time it is asked for.
class Token {
public:
    Token() : value_(++made_) {}
    ~Token() { say("released Token " + std::to_string(value_)); }
    long value() const { return value_; }

private:
    static inline std::atomic<long> made_{0};
    long value_;
};

// Scoped, built by constructor injection from the two services it declares.
class Greeter {
public:
    Greeter(std::shared_ptr<UnitOfWork> unit, std::shared_ptr<VisitCounter> visits)
        : unit_(std::move(unit)), visits_(std::move(visits)) {
        say("made Greeter for UnitOfWork #" + std::to_string(unit_->number()));
    }
    ~Greeter() { say("released Greeter"); }
    std::string greet() const {
        return "hello, visitor " + std::to_string(visits_->next()) + " (unit of work #" +
               std::to_string(unit_->number()) + ")";
    }

private:
    std::shared_ptr<UnitOfWork> unit_;
    std::shared_ptr<VisitCounter> visits_;
};

http::Response app(http::Context& context) {
    say("handler: " + context.request().target);
    auto greeter = di::service<Greeter>(context);
    auto same_unit = di::service<UnitOfWork>(context);  // the one the Greeter holds
    auto first = di::service<Token>(context);
    auto second = di::service<Token>(context);  // another one
    if (context.request().path() == "/boom") {
        throw std::runtime_error("the handler failed on purpose");
    }
    return http::Response::text(
        200, greeter->greet() + "\nunit " + std::to_string(same_unit->number()) + ", tokens " +
                 std::to_string(first->value()) + " and " + std::to_string(second->value()) + "\n");
}

}  // namespace

int main(int argc, char** argv) {
    di::ServiceCollection services;
    services.add_singleton<VisitCounter>()
        .add_scoped<UnitOfWork>()
        .add_transient<Token>()
        .add_scoped<Greeter, Greeter, UnitOfWork, VisitCounter>();
    // Checked here, before the first request: a missing service, a cycle or a
    // singleton holding a scoped service stops the program with the path.
    di::Container container = services.build();

    mw::Pipeline pipeline;
    pipeline.use("services", di::request_scope(container))
        .use("log", [](http::Context& context, mw::Next& next) {
            http::Response response = next(context);
            say("response " + std::to_string(response.status) + "; the request scope ends now");
            return response;
        });
    return http::run_example_server(argc, argv, pipeline.build(app));
}
