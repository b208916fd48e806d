#include "minifw/cgi/handler.hpp"

#include <string.h>  // sigabbrev_np

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <utility>

#include "minifw/cgi/process.hpp"
#include "minifw/cgi/response.hpp"
#include "minifw/http/status.hpp"
#include "minifw/log.hpp"

namespace minifw::cgi {
namespace {

void validate(const CgiConfig& config) {
    if (!config.script.starts_with('/')) {
        throw std::invalid_argument("CgiConfig::script \"" + config.script +
                                    "\" is not an absolute path; give the script's full path "
                                    "so it does not depend on the server's working directory");
    }
    const std::string& mount = config.server.script_name;
    if (!mount.empty() && (!mount.starts_with('/') || mount.ends_with('/'))) {
        throw std::invalid_argument("CgiConfig::server.script_name \"" + mount +
                                    "\" must be empty or start with '/' and not end with '/', "
                                    "as in \"/cgi-bin/hello\"");
    }
}

// What the client sees when the gateway fails: the status and its phrase.
// The details name files and lines of the script: they go to the log.
http::Response failure(int status) {
    return http::Response::text(status, std::string(http::reason_phrase(status)) + "\n");
}

void report(const CgiConfig& config, std::string_view message) {
    std::string line = config.script + ": " + std::string(message);
    if (config.log) {
        config.log(line);
    } else {
        minifw::log_line(line);  // the process's log sink
    }
}

// Whatever the script wrote to stderr is the operator's only clue when it
// fails: every line reaches the log.
void log_errors(const CgiConfig& config, std::string_view errors) {
    while (!errors.empty()) {
        std::size_t end = errors.find('\n');
        if (std::string_view line = errors.substr(0, end); !line.empty()) {
            report(config, line);
        }
        if (end == std::string_view::npos) {
            break;
        }
        errors.remove_prefix(end + 1);
    }
}

std::string signal_name(int number) {
    const char* abbreviation = ::sigabbrev_np(number);
    return abbreviation != nullptr ? "SIG" + std::string(abbreviation)
                                   : "signal " + std::to_string(number);
}

http::Response run_script(const CgiConfig& config, const http::Request& request) {
    if (!is_mounted_at(request.path(), config.server.script_name)) {
        return failure(404);
    }
    ProcessSpec spec;
    try {
        spec.environment = meta_variables(request, config.server);
    } catch (const http::HttpError& error) {
        report(config, error.what());
        return failure(error.status());
    }
    for (const auto& [name, value] : config.extra_environment) {
        spec.environment.emplace(name, value);  // emplace never replaces a meta-variable
    }
    spec.program = config.script;
    // RFC 3875 7.2: a script runs in its own directory, so relative paths
    // in it mean the same whoever started the server, from wherever.
    spec.working_directory = std::filesystem::path(config.script).parent_path().string();
    spec.input = request.body;
    spec.timeout = config.timeout;
    spec.max_output = config.max_output;

    ProcessResult result;
    try {
        result = run_process(spec);
    } catch (const std::exception& error) {
        report(config, error.what());
        return failure(500);  // our configuration is wrong, not the script's answer
    }

    log_errors(config, result.errors);
    if (result.timed_out) {
        report(config, "killed after " + std::to_string(config.timeout.count()) +
                           " ms without finishing its response");
        return failure(504);
    }
    if (result.output_overflow) {
        report(config, "killed for printing more than " + std::to_string(config.max_output) +
                           " bytes (CgiConfig::max_output)");
        return failure(502);
    }
    if (result.term_signal != 0) {
        // Even after a valid header block: the body may be cut anywhere.
        report(config, "killed by " + signal_name(result.term_signal));
        return failure(502);
    }
    if (result.exit_code != 0) {
        report(config, "exited with status " + std::to_string(result.exit_code));
    }
    try {
        return parse_cgi_response(result.output);
    } catch (const http::HttpError& error) {
        report(config, error.what());
        return failure(502);
    }
}

}  // namespace

http::Handler cgi_handler(CgiConfig config) {
    validate(config);
    // Copies of a Handler (one per route, per thread) share one configuration.
    auto shared = std::make_shared<const CgiConfig>(std::move(config));
    return [shared](const http::Request& request) { return run_script(*shared, request); };
}

}  // namespace minifw::cgi
