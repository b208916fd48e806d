#include "minifw/http/body.hpp"

#include <cstdio>

namespace minifw::http {

std::string chunk_frame(std::string_view data) {
    if (data.empty()) {
        return "0\r\n\r\n";  // the last chunk, no trailers, the end of the body
    }
    char size[20];
    const int digits = std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    std::string frame;
    frame.reserve(static_cast<std::size_t>(digits) + data.size() + 2);
    frame.append(size, static_cast<std::size_t>(digits));
    frame += data;
    frame += "\r\n";
    return frame;
}

}  // namespace minifw::http
