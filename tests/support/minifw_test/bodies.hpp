#pragma once
/// @file
/// The bytes a response's body stands for, whatever its kind, so a test can
/// compare a file or chunked body with the text it expects.

#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <string>
#include <system_error>

#include "minifw/http/response.hpp"

namespace minifw::test {

/// The body's bytes: the in-memory body; a file range read with pread; the
/// pieces of a chunk source, joined (it is drained). Inline, so that the
/// stage libraries it calls into are linked after the test that uses it.
inline std::string body_text(const http::Response& response) {
    if (response.file) {
        const http::FileRange& range = *response.file;
        std::string data(range.length, '\0');
        std::size_t done = 0;
        while (done < data.size()) {
            const ssize_t n = ::pread(range.file->get(), data.data() + done, data.size() - done,
                                      static_cast<off_t>(range.offset + done));
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n < 0) {
                throw std::system_error(errno, std::generic_category(), "pread a file body");
            }
            if (n == 0) {
                throw std::runtime_error("a file body's range goes past the end of its file");
            }
            done += static_cast<std::size_t>(n);
        }
        return data;
    }
    if (response.chunks) {
        std::string data;
        for (std::string piece = response.chunks(); !piece.empty(); piece = response.chunks()) {
            data += piece;
        }
        return data;
    }
    return response.body;
}

}  // namespace minifw::test
