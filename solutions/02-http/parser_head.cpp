#include <algorithm>

#include "minifw/http/parser.hpp"
#include "minifw/util/ascii.hpp"
#include "parser_state.hpp"

namespace minifw::http {
namespace {

using Impl = RequestParser::Impl;

Impl& impl_of(llhttp_t* parser) { return *static_cast<Impl*>(parser->data); }

// The trampolines from llhttp's C callbacks to Impl's members. An exception
// must not unwind through llhttp's C frames, so each one is caught here and
// kept by fail(); feed() rethrows it once llhttp has returned.
template <int (Impl::*Member)()>
int forward_event(llhttp_t* parser) {
    Impl& self = impl_of(parser);
    try {
        return (self.*Member)();
    } catch (...) {
        return self.fail(std::current_exception());
    }
}

template <int (Impl::*Member)(std::string_view)>
int forward_data(llhttp_t* parser, const char* at, std::size_t length) {
    Impl& self = impl_of(parser);
    try {
        return (self.*Member)(std::string_view(at, length));
    } catch (...) {
        return self.fail(std::current_exception());
    }
}

// Appends `piece` to `into` unless the fields of the request would then hold
// more than max_header_bytes: checked before appending, so a client that
// sends an endless field never makes us buffer more than the limit.
int append_field_bytes(Impl& self, std::string& into, std::string_view piece) {
    if (piece.size() > self.limits.max_header_bytes - self.field_bytes) {
        return self.refuse(detail::too_large(detail::Limit::header_bytes, self.limits));
    }
    self.field_bytes += piece.size();
    into += piece;
    return 0;
}

}  // namespace

RequestParser::Impl::Impl(ParserLimits parser_limits) : limits(parser_limits) {
    llhttp_settings_init(&settings);
    settings.on_message_begin = forward_event<&Impl::on_message_begin>;
    settings.on_method = forward_data<&Impl::on_method>;
    settings.on_url = forward_data<&Impl::on_target>;
    settings.on_version = forward_data<&Impl::on_version>;
    settings.on_version_complete = forward_event<&Impl::on_version_complete>;
    settings.on_header_field = forward_data<&Impl::on_field_name>;
    settings.on_header_value = forward_data<&Impl::on_field_value>;
    settings.on_header_value_complete = forward_event<&Impl::on_field_complete>;
    settings.on_headers_complete = forward_event<&Impl::on_headers_complete>;
    settings.on_body = forward_data<&Impl::on_body>;
    settings.on_message_complete = forward_event<&Impl::on_message_complete>;
    llhttp_init(&parser, HTTP_REQUEST, &settings);
    parser.data = this;
    // Whether the connection stays open is the connection loop's decision
    // (exercise 02.7). Without this, llhttp would silently swallow every byte
    // after a request that says "Connection: close" or is HTTP/1.0.
    llhttp_set_lenient_keep_alive(&parser, 1);
}

int RequestParser::Impl::on_message_begin() {
    request = Request{};
    field_name.clear();
    field_value.clear();
    version.clear();
    field_count = 0;
    field_bytes = 0;
    body_limit = limits.max_body;
    in_message = true;
    in_trailers = false;
    return 0;
}

int RequestParser::Impl::on_method(std::string_view piece) {
    // llhttp accepts only the methods it knows, so this stays short.
    request.method += piece;
    return 0;
}

int RequestParser::Impl::on_target(std::string_view piece) {
    if (piece.size() > limits.max_target - request.target.size()) {
        return refuse(detail::too_large(detail::Limit::target, limits));
    }
    // llhttp lets a tab or form feed into the target, as old parsers did.
    // A server that splits the request line on them too (RFC 9112 3 allows
    // it) would read another target and version: refuse the ambiguity.
    if (piece.find_first_of("\t\f") != std::string_view::npos) {
        return refuse(HttpError(400,
                                "the request-target holds a tab or form feed: percent-encode "
                                "it as %09 or %0C (RFC 9112 section 3.2)"));
    }
    request.target += piece;
    return 0;
}

int RequestParser::Impl::on_version(std::string_view piece) {
    version += piece;  // "DIGIT.DIGIT": llhttp stops at the fourth byte
    return 0;
}

int RequestParser::Impl::on_version_complete() {
    request.version_major = llhttp_get_http_major(&parser);
    request.version_minor = llhttp_get_http_minor(&parser);
    // llhttp also lets 0.9 and 2.0 through; this server speaks HTTP/1.x only.
    if (request.version_major != 1) {
        return refuse(detail::unsupported_version(version));
    }
    return 0;
}

int RequestParser::Impl::on_field_name(std::string_view piece) {
    return append_field_bytes(*this, field_name, piece);
}

int RequestParser::Impl::on_field_value(std::string_view piece) {
    return append_field_bytes(*this, field_value, piece);
}

int RequestParser::Impl::on_field_complete() {
    // llhttp checks the characters of a name but lets spaces ("Host :", or
    // "Content Length") and an empty name through. A name is a token (RFC 9110
    // 5.1, RFC 9112 5.1): a proxy that reads "Content Length" differently
    // from us is how a request gets smuggled past it.
    if (field_name.empty() || std::any_of(field_name.begin(), field_name.end(), util::is_ows)) {
        return refuse(detail::bad_field_name(field_name));
    }
    if (++field_count > limits.max_headers) {
        return refuse(detail::too_large(detail::Limit::header_count, limits));
    }
    // llhttp drops the whitespace before a value, not after (RFC 9110 5.5).
    while (!field_value.empty() && util::is_ows(field_value.back())) {
        field_value.pop_back();
    }
    // Fields after the head are trailers of a chunked body. RFC 9110 6.5.1
    // forbids merging them into the header section, so they count against
    // the limits and are dropped.
    if (!in_trailers) {
        request.headers.add(field_name, field_value);
    }
    field_name.clear();
    field_value.clear();
    return 0;
}

int RequestParser::Impl::on_headers_complete() {
    in_trailers = true;
    // A request line without a version ("GET /") is HTTP/0.9 to llhttp,
    // which then parses the fields but never calls on_version_complete.
    if (version.empty()) {
        return refuse(detail::unsupported_version("0.9"));
    }
    // The host decides which site a request is for (RFC 9112 3.2): required
    // in HTTP/1.1, and never twice, or two servers could pick different ones.
    const std::size_t hosts = request.headers.get_all("Host").size();
    if (hosts > 1 || (hosts == 0 && request.version_minor >= 1)) {
        return refuse(detail::bad_host_count(hosts));
    }
    // No framing field: a request without a body (RFC 9112 6.3).
    if (request.headers.contains("Content-Length") ||
        request.headers.contains("Transfer-Encoding")) {
        if (int verdict = on_body_announced(); verdict != 0) {
            return verdict;
        }
    }
    if (stop_at_heads) {
        // The owner decides about the body before a byte of it is parsed;
        // continue_body() resumes.
        at_head = true;
        return HPE_PAUSED;
    }
    return 0;
}

int RequestParser::Impl::on_message_complete() {
    in_message = false;
    ready = true;
    // Pausing makes llhttp_execute return right after this request, so the
    // bytes of a pipelined next request stay unparsed until this one is taken.
    return HPE_PAUSED;
}

}  // namespace minifw::http
