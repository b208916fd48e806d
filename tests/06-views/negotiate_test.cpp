// Exercise 06.7: content negotiation.

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "minifw/views/negotiate.hpp"
#include "views_test.hpp"

namespace {

namespace json = boost::json;
using minifw::http::Request;
using minifw::http::Response;
using minifw::test::json_value;
using minifw::test::make_request;
using minifw::views::choose_media_type;
using minifw::views::MediaRange;
using minifw::views::parse_media_range;
using minifw::views::Representation;

const std::vector<std::string> kHtmlJson = {"text/html", "application/json"};

std::optional<std::string> chosen(std::optional<std::string_view> accept,
                                  const std::vector<std::string>& offered = kHtmlJson) {
    const auto index = choose_media_type(accept, offered);
    if (!index) {
        return std::nullopt;
    }
    return offered.at(*index);
}

std::vector<Representation> html_and_json() {
    return {{"text/html; charset=utf-8", [] { return Response::text(200, "<p>hi</p>"); }},
            {"application/json", [] { return Response::text(200, R"({"hi":true})"); }}};
}

TEST(Negotiate, ParsesMediaRangesWithQualityAndParameters) {
    auto range = parse_media_range("Text/HTML ; Level=1 ;q=0.7; charset=\"utf-8\"");
    ASSERT_TRUE(range.has_value());
    EXPECT_EQ(range->type, "text");
    EXPECT_EQ(range->subtype, "html");
    EXPECT_EQ(range->quality, 700);
    ASSERT_EQ(range->parameters.size(), 2u);
    EXPECT_EQ(range->parameters[0], std::make_pair(std::string("level"), std::string("1")));
    EXPECT_EQ(range->parameters[1], std::make_pair(std::string("charset"), std::string("utf-8")));

    EXPECT_EQ(parse_media_range("*/*")->quality, 1000);
    EXPECT_EQ(parse_media_range("a/b;q=0")->quality, 0);
    EXPECT_EQ(parse_media_range("a/b;Q=0.123")->quality, 123);
    EXPECT_EQ(parse_media_range("a/b;q=1.000")->quality, 1000);
    for (const char* bad : {"text", "*/html", "a/b;q=2", "a/b;q=0.1234", "a/b;q=1.5",
                            "a/b;q=", "a/b;q=.5", "a b/c", "a/b;noequals", "/b"}) {
        EXPECT_FALSE(parse_media_range(bad).has_value()) << bad;
    }

    const auto ranges =
        minifw::views::parse_accept("text/html, ,nonsense, application/json;q=0.5,*/*;q=0.1");
    ASSERT_EQ(ranges.size(), 3u) << "empty and malformed elements are skipped";
    EXPECT_EQ(ranges[1].subtype, "json");
    EXPECT_EQ(ranges[2].quality, 100);
}

TEST(Negotiate, MostSpecificRangeDecidesTheQuality) {
    EXPECT_EQ(chosen("text/*;q=0.3, application/json;q=0.5"), "application/json");
    EXPECT_EQ(chosen("*/*;q=0.9, text/html;q=0.1"), "application/json")
        << "text/html is 0.1 by its own range, though */* says 0.9";
    EXPECT_EQ(chosen("application/*;q=0.2, */*;q=0.1, text/html;q=0.3"), "text/html");
    const std::vector<std::string> levels = {"text/html;level=1", "text/html;level=2"};
    EXPECT_EQ(chosen("text/html;level=2;q=0.9, text/html;q=0.5", levels), "text/html;level=2")
        << "a range with parameters is more specific than one without (RFC 9110 12.5.1)";
}

TEST(Negotiate, TiesKeepTheServerOrderAndQZeroRefuses) {
    EXPECT_EQ(chosen("application/json, text/html"), "text/html") << "equal q: the server's order";
    EXPECT_EQ(chosen("*/*"), "text/html");
    EXPECT_EQ(chosen("text/html;q=0, */*"), "application/json") << "q=0: not acceptable";
    EXPECT_EQ(chosen("text/html;q=0, application/json;q=0"), std::nullopt);
    EXPECT_EQ(chosen("image/png"), std::nullopt);
    EXPECT_EQ(chosen("APPLICATION/JSON"), "application/json") << "names ignore case";
}

TEST(Negotiate, NoAcceptMeansAnything) {
    EXPECT_EQ(chosen(std::nullopt), "text/html") << "no Accept: the server's first choice";
    EXPECT_EQ(chosen("garbage, more garbage"), "text/html")
        << "an Accept where nothing parses counts as none";
}

TEST(Negotiate, ChosenResponseCarriesContentTypeAndVary) {
    const auto offered = html_and_json();
    Response html = minifw::views::negotiate(make_request("GET", "/", {}), offered);
    EXPECT_EQ(html.body, "<p>hi</p>");
    EXPECT_EQ(html.headers.get("Content-Type").value_or(""), "text/html; charset=utf-8");
    EXPECT_EQ(html.headers.get("Vary").value_or(""), "Accept");

    Response api = minifw::views::negotiate(
        make_request("GET", "/", {{"Accept", "text/html;q=0.5"}, {"Accept", "application/json"}}),
        offered);
    EXPECT_EQ(api.body, R"({"hi":true})") << "every Accept field counts";
    EXPECT_EQ(api.headers.get("Content-Type").value_or(""), "application/json");

    const std::vector<Representation> varies = {{"text/plain", [] {
                                                     Response r = Response::text(200, "x");
                                                     r.headers.set("Vary", "Accept-Language");
                                                     return r;
                                                 }}};
    EXPECT_EQ(
        minifw::views::negotiate(make_request("GET", "/"), varies).headers.get("Vary").value_or(""),
        "Accept-Language, Accept")
        << "Vary is added to, not replaced";

    EXPECT_THROW(minifw::views::negotiate(make_request("GET", "/"), {}), std::invalid_argument);
}

TEST(Negotiate, NotAcceptableIs406WithVary) {
    bool made = false;
    const std::vector<Representation> offered = {{"text/html",
                                                  [&] {
                                                      made = true;
                                                      return Response::text(200, "x");
                                                  }},
                                                 {"application/json", [&] {
                                                      made = true;
                                                      return Response::text(200, "{}");
                                                  }}};
    Response response =
        minifw::views::negotiate(make_request("GET", "/", {{"Accept", "image/png"}}), offered);
    EXPECT_EQ(response.status, 406);
    EXPECT_FALSE(made) << "nothing is rendered for a client that cannot take it";
    EXPECT_EQ(response.headers.get("Vary").value_or(""), "Accept");
    EXPECT_CONTAINS(response.body, "text/html, application/json");
}

}  // namespace
