#include "minifw/http/connection.hpp"
#include "minifw/http/headers.hpp"

namespace minifw::http {

bool keep_alive(const Request& request) {
    // Connection is a list of options, possibly spread over several fields
    // (RFC 9110 7.6.1); look at every one.
    bool close = false;
    bool keep = false;
    for (const auto& [name, value] : request.headers) {
        if (iequals(name, "Connection")) {
            close = close || has_token(value, "close");
            keep = keep || has_token(value, "keep-alive");
        }
    }
    // RFC 9112 9.3, in its order: "close" always wins; HTTP/1.1 and later
    // persist by default; HTTP/1.0 persists only when it asked to.
    if (close) {
        return false;
    }
    if (request.version_major > 1 || (request.version_major == 1 && request.version_minor >= 1)) {
        return true;
    }
    return keep;
}

}  // namespace minifw::http
