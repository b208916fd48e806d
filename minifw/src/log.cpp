#include "minifw/log.hpp"

#include <unistd.h>

#include <cerrno>
#include <memory>
#include <string>
#include <utility>

namespace minifw {
namespace {

// The sink is replaced rarely (at start-up) and read on every line: a shared
// pointer copied under no lock would race, so the sink is set before serving,
// as the header says, and read as it is.
LogSink& current_sink() {
    static LogSink sink = stderr_sink();
    return sink;
}

}  // namespace

LogSink stderr_sink() {
    return [](std::string_view line) {
        std::string out(line);
        out += '\n';
        std::string_view rest = out;
        // A line is far below PIPE_BUF, so one write() lands whole; loop only
        // for the rare partial write to a full terminal or file.
        while (!rest.empty()) {
            const ssize_t n = ::write(STDERR_FILENO, rest.data(), rest.size());
            if (n < 0) {
                if (errno == EINTR) {
                    continue;
                }
                return;  // nowhere left to report a failed log write
            }
            rest.remove_prefix(static_cast<std::size_t>(n));
        }
    };
}

void set_log_sink(LogSink sink) { current_sink() = std::move(sink); }

void log_line(std::string_view line) {
    const LogSink& sink = current_sink();
    if (!sink) {
        return;
    }
    std::string printable(line);
    for (char& c : printable) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) {
            c = '?';
        }
    }
    sink(printable);
}

}  // namespace minifw
