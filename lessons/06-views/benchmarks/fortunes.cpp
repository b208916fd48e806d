// TechEmpower's fortunes page: 12 fortunes from the "database", one more added
// at request time, sorted by message, rendered as an HTML table with every
// message escaped. Three ways, in one run:
//
//   BM_HandBuilt   the page appended by hand, escaping with append_html_text:
//                  the ceiling, no template at all
//   BM_Template    our engine: the values as a boost::json::value, a parsed
//                  Template (parsed once, outside the loop), render()
//   BM_Jinja2      Jinja2 (Debian's python3-jinja2) on the same page, timed
//                  inside Python by fortunes_jinja2.py, so that the start of
//                  the interpreter is not counted (UseManualTime)
//
// Each reports x_hand: how many of its pages fit in the time of one
// hand-built page, measured in the same process (1.0 is the ceiling). Run:
// ./course bench 06 (or build/release/bench_06_fortunes).

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "minifw/views/escape.hpp"
#include "minifw/views/template.hpp"

namespace {

namespace json = boost::json;
namespace views = minifw::views;

struct Fortune {
    std::int64_t id;
    std::string message;
};

const std::vector<Fortune>& stored() {
    static const std::vector<Fortune> fortunes = {
        {1, "fortune: No such file or directory"},
        {2, "A computer scientist is someone who fixes things that aren't broken."},
        {3, "After enough decimal places, nobody gives a damn."},
        {4, "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1"},
        {5, "A computer program does what you tell it to do, not what you want it to do."},
        {6, "Emacs is a nice operating system, but I prefer UNIX. \xE2\x80\x94 Tom Christaensen"},
        {7, "Any program that runs right is obsolete."},
        {8, "A list is only as strong as its weakest link. \xE2\x80\x94 Donald Knuth"},
        {9, "Feature: A bug with seniority."},
        {10, "Computers make very fast, very accurate mistakes."},
        {11, "<script>alert(\"This should not be displayed in a browser alert box.\");</script>"},
        {12,
         "\xE3\x83\x95\xE3\x83\xAC\xE3\x83\xBC\xE3\x83\xA0\xE3\x83\xAF\xE3\x83\xBC\xE3\x82\xAF"
         "\xE3\x81\xAE\xE3\x83\x99\xE3\x83\xB3\xE3\x83\x81\xE3\x83\x9E\xE3\x83\xBC\xE3\x82\xAF"},
    };
    return fortunes;
}

// What every request does before rendering: copy, add one, sort.
std::vector<Fortune> request_fortunes() {
    std::vector<Fortune> fortunes = stored();
    fortunes.push_back({0, "Additional fortune added at request time."});
    std::sort(fortunes.begin(), fortunes.end(),
              [](const Fortune& a, const Fortune& b) { return a.message < b.message; });
    return fortunes;
}

constexpr std::string_view kTemplate =
    "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
    "<tr><th>id</th><th>message</th></tr>"
    "{% for f in fortunes %}<tr><td>{{ f.id }}</td><td>{{ f.message }}</td></tr>{% endfor %}"
    "</table></body></html>";

std::string hand_built_page() {
    std::string out;
    out.reserve(2048);
    out +=
        "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
        "<tr><th>id</th><th>message</th></tr>";
    for (const Fortune& f : request_fortunes()) {
        out += "<tr><td>";
        out += std::to_string(f.id);
        out += "</td><td>";
        views::append_html_text(out, f.message);
        out += "</td></tr>";
    }
    out += "</table></body></html>";
    return out;
}

// The same work for our engine: the fortunes and the one added, sorted by
// message, copied into a JSON document (the one copy every request makes),
// rendered. The document lives in a monotonic resource on the stack, Boost.JSON's
// way of building a short-lived value without an allocation per member.
std::string template_page(const views::Template& tmpl) {
    static const Fortune added{0, "Additional fortune added at request time."};
    std::array<const Fortune*, 13> sorted{};
    std::size_t next = 0;
    for (const Fortune& f : stored()) {
        sorted[next++] = &f;
    }
    sorted[next] = &added;
    std::sort(sorted.begin(), sorted.end(),
              [](const Fortune* a, const Fortune* b) { return a->message < b->message; });

    std::array<unsigned char, 8192> buffer;
    json::monotonic_resource resource(buffer.data(), buffer.size());
    json::value data(json::object_kind, &resource);
    json::array& fortunes =
        data.get_object().emplace("fortunes", json::array_kind).first->value().get_array();
    fortunes.reserve(sorted.size());
    for (const Fortune* f : sorted) {
        json::object& fortune = fortunes.emplace_back(json::object_kind).get_object();
        fortune.reserve(2);
        fortune.emplace("id", f->id);
        fortune.emplace("message", f->message);
    }
    return views::render(tmpl, data);
}

const views::Template& fortunes_template() {
    static const views::Template tmpl = views::parse_template(kTemplate, "fortunes.html");
    return tmpl;
}

// Seconds per hand-built page: the median of 7 timed batches, once per run.
double hand_seconds() {
    static const double seconds = [] {
        std::array<double, 7> batches{};
        constexpr int kPages = 5000;
        for (double& batch : batches) {
            const auto start = std::chrono::steady_clock::now();
            for (int i = 0; i < kPages; ++i) {
                benchmark::DoNotOptimize(hand_built_page());
            }
            batch =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() /
                kPages;
        }
        std::sort(batches.begin(), batches.end());
        return batches[batches.size() / 2];
    }();
    return seconds;
}

void BM_HandBuilt(benchmark::State& state) {
    for (auto _ : state) {
        benchmark::DoNotOptimize(hand_built_page());
    }
    state.counters["x_hand"] = 1.0;
}
BENCHMARK(BM_HandBuilt);

void BM_Template(benchmark::State& state) {
    const views::Template& tmpl = fortunes_template();
    if (template_page(tmpl) != hand_built_page()) {
        state.SkipWithError("the template's page differs from the hand-built one");
        return;
    }
    const double hand = hand_seconds();
    const auto start = std::chrono::steady_clock::now();
    std::int64_t pages = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(template_page(tmpl));
        ++pages;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / pages;
    state.counters["x_hand"] = hand / seconds;
}
BENCHMARK(BM_Template);

// Debian's interpreter (and so Debian's python3-jinja2) when there is one.
std::string python() {
    return std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

void BM_Jinja2(benchmark::State& state) {
    const auto script = std::filesystem::path(__FILE__).parent_path() / "fortunes_jinja2.py";
    const double hand = hand_seconds();
    for (auto _ : state) {
        const std::string command = python() + " '" + script.string() + "' 2000";
        FILE* pipe = ::popen(command.c_str(), "r");
        std::array<char, 128> version{};
        double seconds = 0;
        const bool read =
            pipe != nullptr && std::fscanf(pipe, "%127s %lf", version.data(), &seconds) == 2;
        if (pipe != nullptr) {
            ::pclose(pipe);
        }
        if (!read || seconds <= 0) {
            state.SkipWithError(("could not run " + command + ": install python3-jinja2").c_str());
            return;
        }
        state.SetIterationTime(seconds);
        state.SetLabel(std::string("Jinja2 ") + version.data());
        state.counters["x_hand"] = hand / seconds;
    }
}
BENCHMARK(BM_Jinja2)->Iterations(1)->UseManualTime();

}  // namespace

BENCHMARK_MAIN();
