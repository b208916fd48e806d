#include "minifw/views/escape.hpp"

#include <array>
#include <string>
#include <string_view>

#include "minifw/routing/url.hpp"

namespace minifw::views {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Schemes a link may have. A list of what is allowed rather than of what is
// not: the next active scheme a browser invents is refused without a change.
constexpr std::array<std::string_view, 4> kSafeSchemes = {"http", "https", "mailto", "tel"};

// What each byte becomes in text and quoted attributes: the five that can
// start markup or end a value, and nothing for every other byte.
constexpr std::array<std::string_view, 256> kTextEntities = [] {
    std::array<std::string_view, 256> entities{};
    entities['&'] = "&amp;";
    entities['<'] = "&lt;";
    entities['>'] = "&gt;";
    entities['"'] = "&quot;";
    entities['\''] = "&#39;";
    return entities;
}();

}  // namespace

void append_html_text(std::string& out, std::string_view text) {
    // Runs of ordinary bytes are appended whole; only the five are replaced.
    std::size_t run = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const std::string_view entity = kTextEntities[static_cast<unsigned char>(text[i])];
        if (!entity.empty()) {
            out.append(text.substr(run, i - run));
            out.append(entity);
            run = i + 1;
        }
    }
    out.append(text.substr(run));
}

void append_attribute(std::string& out, std::string_view value, Quote quote) {
    if (quote != Quote::none) {
        append_html_text(out, value);
        return;
    }
    for (char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        if (is_alnum(c) || byte >= 0x80) {
            out += c;
        } else {
            out += "&#x";
            out += kHex[byte >> 4];
            out += kHex[byte & 0xF];
            out += ';';
        }
    }
}

std::string_view safe_url(std::string_view url) {
    // What a browser reads the scheme from: leading C0 controls and spaces
    // dropped, tabs and newlines dropped anywhere (WHATWG URL parser).
    std::size_t start = 0;
    while (start < url.size() && static_cast<unsigned char>(url[start]) <= 0x20) {
        ++start;
    }
    std::string scheme;
    for (std::size_t i = start; i < url.size(); ++i) {
        const char c = url[i];
        if (c == '\t' || c == '\n' || c == '\r') {
            continue;
        }
        if (c == ':') {
            for (std::string_view safe : kSafeSchemes) {
                if (scheme == safe) {
                    return url;
                }
            }
            return kUnsafeUrl;
        }
        if (c == '/' || c == '?' || c == '#') {
            return url;  // relative: no scheme at all
        }
        scheme += lower(c);
    }
    return url;  // no ':' at all: a relative path such as "page.html"
}

std::string json_for_script(const boost::json::value& value) {
    const std::string json = boost::json::serialize(value);
    std::string out;
    out.reserve(json.size() + 16);
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (c == '<') {
            out += "\\u003c";
        } else if (c == '>') {
            out += "\\u003e";
        } else if (c == '&') {
            out += "\\u0026";
        } else if (c == '\xE2' && i + 2 < json.size() && json[i + 1] == '\x80' &&
                   (json[i + 2] == '\xA8' || json[i + 2] == '\xA9')) {
            // U+2028 and U+2029 end a line in JavaScript before ES2019.
            out += json[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

void append_escaped(std::string& out, std::string_view value, EscapeContext context) {
    switch (context.slot) {
        case Slot::text:
            append_html_text(out, value);
            return;
        case Slot::attribute:
            append_attribute(out, value, context.quote);
            return;
        case Slot::url:
            append_attribute(out, safe_url(value), context.quote);
            return;
        case Slot::url_part:
            // Only unreserved bytes and "%XX" come out: safe in any quotes.
            out += routing::percent_encode(value);
            return;
        case Slot::script:
            out += json_for_script(boost::json::string(value));
            return;
    }
}

}  // namespace minifw::views
