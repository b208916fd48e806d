// TechEmpower's fortunes page: 12 fortunes from the "database", one more added
// at request time, sorted by message, rendered as an HTML table with every
// message escaped. Three ways, in one run:
//
//   BM_HandBuilt     the page appended by hand, escaping with append_html_text:
//                    the ceiling, no template at all
//   BM_Template      our engine on the application's own data: the sorted
//                    std::vector<Fortune> in a described struct, read in place
//                    through ValueRef by a parsed Template (parsed once,
//                    outside the loop), render()
//   BM_TemplateJson  our engine on a boost::json::value: the same fortunes
//                    copied into a JSON document first (the one copy a JSON
//                    data model makes every request), then render()
//   BM_Jinja2        Jinja2 (Debian's python3-jinja2) on the same page, timed
//                    inside Python by fortunes_jinja2.py, so that the start of
//                    the interpreter is not counted (UseManualTime)
//
// Each reports x_hand: the CPU time of one hand-built page over the CPU time
// of one of its own (1.0 is the ceiling), measured in the same process: for
// our engine the median of 9 ratios of batches taken in turn, for Jinja2 the
// median of its batches against the median of 7 hand-built ones. CPU time of
// the thread, not the wall clock: a batch that another process preempts is
// not charged for the wait, so the ratio holds on a busy machine. Run: ./course bench 06 (or
// build/release/bench_06_fortunes).

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/describe.hpp>
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
BOOST_DESCRIBE_STRUCT(Fortune, (), (id, message))

// What the handler hands the template: the page's one value, described, so
// that render() reads it in place.
struct FortunesPage {
    std::vector<Fortune> fortunes;
};
BOOST_DESCRIBE_STRUCT(FortunesPage, (), (fortunes))

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

// The same work for our engine: the same copy, add and sort, then the
// vector handed to render() in the struct the template reads.
std::string template_page(const views::Template& tmpl) {
    const FortunesPage page{request_fortunes()};
    return views::render(tmpl, page);
}

// The engine on a JSON data model: the fortunes and the one added, sorted by
// message (as pointers: the copy that counts is the next one), copied into a
// JSON document, rendered. The document lives in a monotonic resource on the
// stack, Boost.JSON's way of building a short-lived value without an
// allocation per member.
std::string template_json_page(const views::Template& tmpl) {
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

// CPU seconds of this thread so far.
double cpu_seconds() {
    timespec now{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// CPU seconds per page of `page` over one batch.
template <class Page>
double batch_seconds(Page page) {
    constexpr int kPages = 2000;
    const double start = cpu_seconds();
    for (int i = 0; i < kPages; ++i) {
        benchmark::DoNotOptimize(page());
    }
    return (cpu_seconds() - start) / kPages;
}

// x_hand for `page`: batches of hand-built pages and of `page` taken in
// turn, so that both see the same machine (a neighbour's build slows both),
// and the median of the 9 ratios.
template <class Page>
double x_hand(Page page) {
    std::array<double, 9> ratios{};
    for (double& ratio : ratios) {
        const double hand = batch_seconds(hand_built_page);
        ratio = hand / batch_seconds(page);
    }
    std::sort(ratios.begin(), ratios.end());
    return ratios[ratios.size() / 2];
}

// Seconds per hand-built page: the median of 7 batches, once per run (for
// Jinja2, which is timed in another process).
double hand_seconds() {
    static const double seconds = [] {
        std::array<double, 7> batches{};
        for (double& batch : batches) {
            batch = batch_seconds(hand_built_page);
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

// Our engine through `page`, checked against the hand-built page first.
void engine(benchmark::State& state, std::string (*page)(const views::Template&)) {
    const views::Template& tmpl = fortunes_template();
    if (page(tmpl) != hand_built_page()) {
        state.SkipWithError("the template's page differs from the hand-built one");
        return;
    }
    for (auto _ : state) {
        benchmark::DoNotOptimize(page(tmpl));
    }
    state.counters["x_hand"] = x_hand([&] { return page(tmpl); });
}

void BM_Template(benchmark::State& state) { engine(state, template_page); }
BENCHMARK(BM_Template);

void BM_TemplateJson(benchmark::State& state) { engine(state, template_json_page); }
BENCHMARK(BM_TemplateJson);

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
