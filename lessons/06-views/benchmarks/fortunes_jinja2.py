"""TechEmpower's fortunes page rendered with Jinja2, timed inside Python.

Usage: fortunes_jinja2.py ITERATIONS
Prints one line: the Jinja2 version, then the median seconds per page over
five batches of ITERATIONS pages each, in CPU time of the thread
(time.thread_time, as bench_06_fortunes counts its own). Interpreter start-up and template
compilation are outside the timing: the benchmark compares rendering, as
bench_06_fortunes times ours. Each page does what a request would: copy the
12 fortunes, add the one made at request time, sort by message, render with
autoescaping on (as Flask does for .html templates).
"""

import statistics
import sys
import time

import jinja2

TEMPLATE = (
    "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
    "<tr><th>id</th><th>message</th></tr>"
    "{% for f in fortunes %}<tr><td>{{ f.id }}</td><td>{{ f.message }}</td></tr>{% endfor %}"
    "</table></body></html>"
)

FORTUNES = [
    (1, "fortune: No such file or directory"),
    (2, "A computer scientist is someone who fixes things that aren't broken."),
    (3, "After enough decimal places, nobody gives a damn."),
    (4, "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1"),
    (5, "A computer program does what you tell it to do, not what you want it to do."),
    (6, "Emacs is a nice operating system, but I prefer UNIX. \u2014 Tom Christaensen"),
    (7, "Any program that runs right is obsolete."),
    (8, "A list is only as strong as its weakest link. \u2014 Donald Knuth"),
    (9, "Feature: A bug with seniority."),
    (10, "Computers make very fast, very accurate mistakes."),
    (11, '<script>alert("This should not be displayed in a browser alert box.");</script>'),
    (12, "\u30d5\u30ec\u30fc\u30e0\u30ef\u30fc\u30af\u306e\u30d9\u30f3\u30c1\u30de\u30fc\u30af"),
]


def page(template: jinja2.Template) -> str:
    fortunes = [{"id": i, "message": m} for i, m in FORTUNES]
    fortunes.append({"id": 0, "message": "Additional fortune added at request time."})
    fortunes.sort(key=lambda f: f["message"])
    return template.render(fortunes=fortunes)


def main() -> int:
    iterations = int(sys.argv[1])
    template = jinja2.Environment(autoescape=True).from_string(TEMPLATE)
    page(template)  # warm up
    batches = []
    for _ in range(5):
        start = time.thread_time()
        for _ in range(iterations):
            page(template)
        batches.append((time.thread_time() - start) / iterations)
    print(jinja2.__version__, statistics.median(batches))
    return 0


if __name__ == "__main__":
    sys.exit(main())
