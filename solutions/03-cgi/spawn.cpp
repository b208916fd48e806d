#include "minifw/cgi/spawn.hpp"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace minifw::cgi {
namespace {

[[noreturn]] void throw_system_error(int error, const std::string& what) {
    throw std::system_error(error, std::generic_category(), what);
}

void check(int error, const char* call) {
    if (error != 0) {
        throw_system_error(error, call);  // posix_spawn* return the error instead of setting errno
    }
}

// The NULL-terminated char* array execve() wants, over strings it owns.
class CStrings {
public:
    void add(std::string text) { strings_.push_back(std::move(text)); }
    char* const* get() {
        pointers_.clear();
        for (std::string& text : strings_) {
            pointers_.push_back(text.data());
        }
        pointers_.push_back(nullptr);
        return pointers_.data();
    }

private:
    std::vector<std::string> strings_;
    std::vector<char*> pointers_;
};

CStrings environment_block(const Environment& environment) {
    CStrings block;
    for (const auto& [name, value] : environment) {
        // A C string ends at the first NUL, and '=' ends a name: either would
        // hand the script a different variable than the one we meant.
        if (name.empty() || name.find_first_of(std::string_view("=\0", 2)) != std::string::npos ||
            value.find('\0') != std::string::npos) {
            throw std::invalid_argument("environment variable \"" + name +
                                        "\" cannot be passed to a program: names must be "
                                        "non-empty without '=' or NUL, values without NUL");
        }
        block.add(name + "=" + value);
    }
    return block;
}

std::string spawn_hint(int error) {
    switch (error) {
        case ENOENT:
            return " (does the file exist, and does its #! line name an interpreter that exists?)";
        case EACCES:
            return " (is it executable? chmod +x it, and check its directories can be searched)";
        case ENOEXEC:
            return " (a script needs a #! line naming its interpreter, such as #!/bin/sh)";
        default:
            return "";
    }
}

// posix_spawn's two option objects, destroyed on every path.
class SpawnOptions {
public:
    SpawnOptions() {
        check(::posix_spawn_file_actions_init(&actions_), "posix_spawn_file_actions_init");
        if (int error = ::posix_spawnattr_init(&attributes_); error != 0) {
            ::posix_spawn_file_actions_destroy(&actions_);
            throw_system_error(error, "posix_spawnattr_init");
        }
    }
    ~SpawnOptions() {
        ::posix_spawnattr_destroy(&attributes_);
        ::posix_spawn_file_actions_destroy(&actions_);
    }
    SpawnOptions(const SpawnOptions&) = delete;
    SpawnOptions& operator=(const SpawnOptions&) = delete;

    posix_spawn_file_actions_t* actions() noexcept { return &actions_; }
    posix_spawnattr_t* attributes() noexcept { return &attributes_; }

private:
    posix_spawn_file_actions_t actions_;
    posix_spawnattr_t attributes_;
};

}  // namespace

ChildProcess::ChildProcess(const ProcessSpec& spec, int input, int output, int errors) {
    if (!spec.program.starts_with('/')) {
        throw std::invalid_argument("program \"" + spec.program +
                                    "\" is not an absolute path: a CGI program is never "
                                    "searched for in PATH; give its full path");
    }
    SpawnOptions options;
    auto* actions = options.actions();
    check(::posix_spawn_file_actions_adddup2(actions, input, STDIN_FILENO), "adddup2");
    check(::posix_spawn_file_actions_adddup2(actions, output, STDOUT_FILENO), "adddup2");
    check(::posix_spawn_file_actions_adddup2(actions, errors, STDERR_FILENO), "adddup2");
    // Close-on-exec covers every descriptor we open; this also covers those
    // another thread or a library opened without it.
    check(::posix_spawn_file_actions_addclosefrom_np(actions, STDERR_FILENO + 1), "addclosefrom");
    if (!spec.working_directory.empty()) {
        check(::posix_spawn_file_actions_addchdir_np(actions, spec.working_directory.c_str()),
              "addchdir");
    }

    auto* attributes = options.attributes();
    // A process group of its own, led by the child, so that a timeout can
    // kill whatever the script started as well (kill(-pid)).
    check(::posix_spawnattr_setpgroup(attributes, 0), "setpgroup");
    // Ignored and blocked signals survive exec. A server that ignores SIGPIPE
    // must not hand that to a script, which would then never die of it.
    sigset_t defaults;
    sigemptyset(&defaults);
    for (int number : {SIGPIPE, SIGHUP, SIGINT, SIGQUIT, SIGTERM}) {
        sigaddset(&defaults, number);
    }
    sigset_t unblocked;
    sigemptyset(&unblocked);
    check(::posix_spawnattr_setsigdefault(attributes, &defaults), "setsigdefault");
    check(::posix_spawnattr_setsigmask(attributes, &unblocked), "setsigmask");
    check(::posix_spawnattr_setflags(
              attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK),
          "setflags");

    CStrings argv;
    argv.add(spec.program);
    for (const std::string& argument : spec.arguments) {
        argv.add(argument);
    }
    CStrings envp = environment_block(spec.environment);

    int error =
        ::posix_spawn(&pid_, spec.program.c_str(), actions, attributes, argv.get(), envp.get());
    if (error != 0) {
        pid_ = -1;
        throw_system_error(error, "cannot start \"" + spec.program + "\"" + spawn_hint(error));
    }
}

ChildProcess::~ChildProcess() {
    if (pid_ > 0) {
        kill_group();
        wait();
    }
}

// The child leads its group, so -pid names the group.
void ChildProcess::kill_group() const { ::kill(-pid_, SIGKILL); }

int ChildProcess::wait() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return status;
}

}  // namespace minifw::cgi
