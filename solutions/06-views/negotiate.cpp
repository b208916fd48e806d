#include "minifw/views/negotiate.hpp"

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "minifw/util/ascii.hpp"

namespace minifw::views {
namespace {

std::string lowered(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    return out;
}

// Does `range` match `type`? Then how specific is it (higher is more)?
std::optional<int> specificity(const MediaRange& range, const MediaRange& type) {
    if (range.type == "*") {
        return 0;
    }
    if (range.type != type.type) {
        return std::nullopt;
    }
    if (range.subtype == "*") {
        return 1;
    }
    if (range.subtype != type.subtype) {
        return std::nullopt;
    }
    for (const auto& [name, value] : range.parameters) {
        bool found = false;
        for (const auto& [offered_name, offered_value] : type.parameters) {
            found = found || (name == offered_name && lowered(value) == lowered(offered_value));
        }
        if (!found) {
            return std::nullopt;
        }
    }
    return 2 + static_cast<int>(range.parameters.size());
}

// Does a Vary value already cover Accept ("*" covers everything)?
bool lists_accept(std::string_view vary) {
    while (!vary.empty()) {
        const std::size_t comma = vary.find(',');
        const std::string name = lowered(util::trim_ows(vary.substr(0, comma)));
        if (name == "accept" || name == "*") {
            return true;
        }
        vary = comma == std::string_view::npos ? "" : vary.substr(comma + 1);
    }
    return false;
}

}  // namespace

std::optional<std::size_t> choose_media_type(std::optional<std::string_view> accept,
                                             std::span<const std::string> offered) {
    const std::vector<MediaRange> ranges =
        accept ? parse_accept(*accept) : std::vector<MediaRange>{};
    std::optional<std::size_t> best;
    int best_quality = 0;
    for (std::size_t i = 0; i < offered.size(); ++i) {
        const auto type = parse_media_range(offered[i]);
        if (!type) {
            continue;
        }
        int quality = ranges.empty() ? 1000 : 0;  // no usable Accept: anything goes
        int most_specific = -1;
        for (const MediaRange& range : ranges) {
            const auto rank = specificity(range, *type);
            if (rank && *rank > most_specific) {
                most_specific = *rank;
                quality = range.quality;
            }
        }
        if (quality > best_quality) {  // strictly: a tie keeps the earlier offer
            best = i;
            best_quality = quality;
        }
    }
    return best;
}

http::Response negotiate(const http::Request& request, std::span<const Representation> offered) {
    if (offered.empty()) {
        throw std::invalid_argument("negotiate: offer at least one representation");
    }
    std::vector<std::string> types;
    for (const Representation& representation : offered) {
        types.push_back(representation.media_type);
    }
    const std::optional<std::string> accept = request.headers.combined("Accept");
    const auto chosen =
        choose_media_type(accept ? std::optional<std::string_view>(*accept) : std::nullopt, types);
    http::Response response;
    if (chosen) {
        response = offered[*chosen].make();
        response.headers.set("Content-Type", types[*chosen]);
    } else {
        std::string body = "Not Acceptable: this resource is available as";
        for (const std::string& type : types) {
            body += (&type == &types.front() ? " " : ", ") + type;
        }
        response = http::Response::text(406, body + "\n");
    }
    // Vary lists what the choice depended on (RFC 9110 12.5.5); keep the rest.
    const auto vary = response.headers.combined("Vary");
    if (!vary) {
        response.headers.set("Vary", "Accept");
    } else if (!lists_accept(*vary)) {
        response.headers.set("Vary", *vary + ", Accept");
    }
    return response;
}

}  // namespace minifw::views
