// Fuzzes stage 06's JSON body reader with any bytes as a request body.
//
// Properties: a body is read into the struct or refused with a ProblemError,
// nothing else: 400 when it is not JSON, 422 when a field is wrong, the 422
// naming one JSON pointer that its detail starts with; and what was read
// survives a round trip: written with json_response and read again, it is
// the same (a double to within two units in the last place: see
// near_enough()).

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/describe.hpp>
#include <boost/json.hpp>

#include "invariant.hpp"
#include "minifw/http/context.hpp"
#include "minifw/http/request.hpp"
#include "minifw/views/json.hpp"
#include "minifw/views/problem.hpp"

namespace json = boost::json;
namespace http = minifw::http;
namespace views = minifw::views;
using minifw::fuzz::require;

namespace {

struct Author {
    std::string name;
    std::uint8_t age = 0;
    std::optional<std::string> email;
};
BOOST_DESCRIBE_STRUCT(Author, (), (name, age, email))

struct Book {
    std::string title;
    std::vector<Author> authors;
    std::vector<std::int32_t> ratings;
    std::optional<double> price;
    bool in_print = false;
};
BOOST_DESCRIBE_STRUCT(Book, (), (title, authors, ratings, price, in_print))

// Boost.JSON before 1.83 parses a number to within a unit in the last place
// of the nearest double, not always to the nearest one (1.83 adds precise
// parsing), so a double written and read again may move by that much; the
// fuzzer found one (9444444444444444444444444.5). Everything else must come
// back exactly.
bool near_enough(double a, double b) {
    double step = a;
    for (int i = 0; i < 2 && step != b; ++i) {
        step = std::nextafter(step, b);
    }
    return step == b;
}

std::optional<Book> read(std::string body) {
    http::Request request;
    request.method = "POST";
    request.target = "/books";
    request.headers.add("Content-Type", "application/json");
    request.body = std::move(body);
    http::Context context(request);
    try {
        return views::read_json<Book>(context);
    } catch (const views::ProblemError& e) {
        const views::Problem& problem = e.problem();
        require(problem.status == 400 || problem.status == 422, "a bad body is a 400 or a 422");
        require(!problem.detail.empty(), "a problem says what is wrong");
        if (problem.status == 422) {
            const json::value* errors = problem.extensions.if_contains("errors");
            require(errors != nullptr && errors->is_array() && errors->as_array().size() == 1,
                    "a 422 names one field");
            const json::value& pointer = errors->as_array()[0].as_object().at("pointer");
            require(pointer.is_string(), "the field is a JSON pointer");
            const std::string_view text = pointer.as_string();
            require(text.empty() || text.front() == '/', "a pointer is empty or starts with /");
            require(problem.detail.starts_with(text.empty() ? "the document" : text),
                    "the detail starts with the pointer");
        }
        return std::nullopt;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
    const auto book = read(std::string(reinterpret_cast<const char*>(bytes), size));
    if (!book) {
        return 0;
    }
    const std::string written = views::json_response(*book).body;
    auto again = read(written);
    require(again.has_value(), "what was read can be read again");
    require(again->price.has_value() == book->price.has_value(), "a round trip keeps the price");
    if (book->price) {
        require(near_enough(*book->price, *again->price), "a round trip keeps the price");
        again->price = book->price;
    }
    require(views::json_response(*again).body == written, "a round trip keeps the value");
    return 0;
}
