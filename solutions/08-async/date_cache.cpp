#include <chrono>
#include <string>

#include "minifw/async/date.hpp"
#include "minifw/http/status.hpp"

namespace minifw::async {

std::string_view cached_http_date() {
    // The Date header has a resolution of one second (RFC 9110 5.6.7): at
    // thousands of responses a second, formatting it for each is waste.
    // Per thread, so no lock and no sharing between loops.
    thread_local std::string text;
    thread_local std::chrono::system_clock::rep second = -1;
    const auto now =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    if (now.time_since_epoch().count() != second) {
        second = now.time_since_epoch().count();
        text = http::http_date(now);
    }
    return text;
}

}  // namespace minifw::async
