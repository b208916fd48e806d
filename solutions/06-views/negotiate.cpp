#include "minifw/views/negotiate.hpp"

#include <stdexcept>
#include <string>
#include <string_view>

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

// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), RFC 9110 12.4.2.
std::optional<int> parse_qvalue(std::string_view text) {
    if (text.empty() || (text[0] != '0' && text[0] != '1') ||
        (text.size() > 1 && (text[1] != '.' || text.size() > 5))) {
        return std::nullopt;
    }
    int thousandths = text[0] == '1' ? 1000 : 0;
    int scale = 100;
    for (char c : text.substr(std::min<std::size_t>(2, text.size()))) {
        if (c < '0' || c > '9' || (thousandths == 1000 && c != '0')) {
            return std::nullopt;
        }
        thousandths += (c - '0') * scale;
        scale /= 10;
    }
    return thousandths;
}

// A parameter value: a token, or a quoted-string without its quotes.
std::optional<std::string> parameter_value(std::string_view text) {
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
        std::string value;
        for (std::size_t i = 1; i + 1 < text.size(); ++i) {
            if (text[i] == '\\' && i + 2 < text.size()) {
                ++i;  // quoted-pair (RFC 9110 5.6.4)
            }
            value += text[i];
        }
        return value;
    }
    if (!util::is_token(text)) {
        return std::nullopt;
    }
    return std::string(text);
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

std::optional<MediaRange> parse_media_range(std::string_view text) {
    const std::size_t semicolon = text.find(';');
    const std::string_view full = util::trim_ows(text.substr(0, semicolon));
    const std::size_t slash = full.find('/');
    if (slash == std::string_view::npos) {
        return std::nullopt;
    }
    MediaRange range;
    range.type = lowered(full.substr(0, slash));
    range.subtype = lowered(full.substr(slash + 1));
    if (!util::is_token(range.type) || !util::is_token(range.subtype) ||
        (range.type == "*" && range.subtype != "*")) {
        return std::nullopt;
    }
    std::string_view rest = semicolon == std::string_view::npos ? "" : text.substr(semicolon + 1);
    while (!rest.empty()) {
        // A ';' inside a quoted value does not end the parameter.
        std::size_t end = 0;
        bool quoted = false;
        for (; end < rest.size() && (quoted || rest[end] != ';'); ++end) {
            if (rest[end] == '"') {
                quoted = !quoted;
            } else if (rest[end] == '\\' && quoted) {
                ++end;
            }
        }
        end = std::min(end, rest.size());
        const std::string_view parameter = util::trim_ows(rest.substr(0, end));
        rest = end < rest.size() ? rest.substr(end + 1) : "";
        if (parameter.empty()) {
            continue;
        }
        const std::size_t equals = parameter.find('=');
        if (equals == std::string_view::npos) {
            return std::nullopt;
        }
        const std::string name = lowered(util::trim_ows(parameter.substr(0, equals)));
        const auto value = parameter_value(util::trim_ows(parameter.substr(equals + 1)));
        if (!util::is_token(name) || !value) {
            return std::nullopt;
        }
        if (name == "q") {
            const auto q = parse_qvalue(*value);
            if (!q) {
                return std::nullopt;
            }
            range.quality = *q;
        } else {
            range.parameters.emplace_back(name, *value);
        }
    }
    return range;
}

std::vector<MediaRange> parse_accept(std::string_view accept) {
    std::vector<MediaRange> ranges;
    while (!accept.empty()) {
        const std::size_t comma = accept.find(',');
        const std::string_view element = util::trim_ows(accept.substr(0, comma));
        accept = comma == std::string_view::npos ? "" : accept.substr(comma + 1);
        if (auto range = element.empty() ? std::nullopt : parse_media_range(element)) {
            ranges.push_back(std::move(*range));
        }
    }
    return ranges;
}

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
