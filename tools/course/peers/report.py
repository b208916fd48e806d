"""The results of a peers run as a Markdown table, an SVG chart, and the framework's targets.

The SVG writer is our own and small: grouped horizontal bars, one group per
test, one bar per peer that was measured on it, on a log scale (plaintext
and the database tests differ by two orders of magnitude, so a linear axis
would hide the slow peers), each bar labelled with its value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape

from .load import IdleMemory, Measure

TEST_TITLES = {
    "plaintext": "plaintext",
    "pipelined": "plaintext, pipelined 16 deep",
    "json": "json",
    "db": "db (one query)",
    "queries": "queries=20",
    "fortunes": "fortunes",
    "updates": "updates=20",
}
# One colour per peer, the same in every group, so the eye can follow one.
COLOURS = {
    "minifw": "#d62728", "asio": "#7f7f7f", "httplib": "#8c564b", "nginx": "#2ca02c",
    "node": "#1f77b4", "express": "#17becf", "flask": "#bcbd22", "fastapi": "#9467bd",
    "django": "#e377c2",
}

Results = dict[str, dict[str, Measure]]  # peer -> test -> what wrk measured


@dataclass(frozen=True)
class Target:
    """One of the framework's targets: what it asks, whether it holds (None: not measured), the numbers."""

    name: str
    holds: bool | None
    detail: str


def ratio(results: Results, peer: str, baseline: str, test: str) -> float | None:
    """peer's requests per second over baseline's on one test, when both were measured."""
    a, b = results.get(peer, {}).get(test), results.get(baseline, {}).get(test)
    if a is None or b is None or b.requests_per_second <= 0:
        return None
    return a.requests_per_second / b.requests_per_second


def _fmt_rate(value: float) -> str:
    return f"{value:,.0f}"


def _fmt_ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def table(results: Results, peers: list[str], tests: list[str], app: str = "minifw") -> str:
    """One Markdown table per test: requests/s, p99, and the ratios the targets use."""
    lines: list[str] = []
    for test in tests:
        if not any(test in results.get(p, {}) for p in peers):
            continue
        lines += [f"**{TEST_TITLES[test]}**", "",
                  "| peer | requests/s | p99 latency | x asio loop | x Django | x Express |",
                  "|------|-----------:|------------:|------------:|---------:|----------:|"]
        for peer in peers:
            measure = results.get(peer, {}).get(test)
            if measure is None:
                lines.append(f"| {peer} | - | - | - | - | - |")
                continue
            bad = measure.non_2xx + measure.errors
            note = f" ({bad:,} error{'s' if bad > 1 else ''})" if bad else ""
            # wrk times a pipelined batch only once all its answers are in: no sample, no p99.
            p99 = f"{measure.p99_ms:.2f} ms" if measure.p99_ms > 0 else "no sample"
            lines.append(f"| {peer} | {_fmt_rate(measure.requests_per_second)}{note} | "
                         f"{p99} | {_fmt_ratio(ratio(results, peer, 'asio', test))} | "
                         f"{_fmt_ratio(ratio(results, peer, 'django', test))} | "
                         f"{_fmt_ratio(ratio(results, peer, 'express', test))} |")
        lines.append("")
    return "\n".join(lines)


def targets(results: Results, idle: dict[str, IdleMemory], app: str = "minifw") -> list[Target]:
    """The framework's targets, each with the numbers that decide it."""
    found: list[Target] = []

    def against(test: str, baseline: str, at_least: float, label: str) -> None:
        value = ratio(results, app, baseline, test)
        if value is None:
            found.append(Target(label, None, "not measured"))
        else:
            found.append(Target(label, value >= at_least, f"{value:.2f}x (wanted >= {at_least}x)"))

    against("plaintext", "asio", 0.9, "plaintext >= 0.9x the bare Asio loop")
    against("json", "asio", 0.9, "json >= 0.9x the bare Asio loop")
    against("pipelined", "asio", 0.8, "plaintext pipelined 16 deep >= 0.8x the bare Asio loop")
    for test in ("plaintext", "json", "pipelined"):
        a, b = results.get(app, {}).get(test), results.get("asio", {}).get(test)
        label = f"p99 latency on {test} <= 2x the bare Asio loop's"
        if a is None or b is None:
            found.append(Target(label, None, "not measured"))
        else:
            found.append(Target(label, a.p99_ms <= 2 * b.p99_ms,
                                f"{a.p99_ms:.2f} ms against {b.p99_ms:.2f} ms "
                                f"({a.p99_ms / max(b.p99_ms, 1e-9):.2f}x)"))
    for test in ("db", "fortunes"):
        for baseline, title in (("django", "Django"), ("express", "Express")):
            against(test, baseline, 10.0, f"{test} >= 10x {title}")
    memory = idle.get(app)
    label = "<= 16 KiB per idle keep-alive connection, 10,000 open"
    if memory is None:
        found.append(Target(label, None, "not measured"))
    else:
        per = memory.kib_per_connection
        found.append(Target(label, per <= 16, f"{per:.1f} KiB per connection ({memory.before_kib:,} KiB "
                            f"before, {memory.after_kib:,} KiB with {memory.connections:,} open)"))
    return found


def targets_text(found: list[Target]) -> str:
    marks = {True: "holds", False: "MISSED", None: "not measured"}
    return "\n".join(f"- {t.name}: {marks[t.holds]}" + (f", {t.detail}" if t.holds is not None else "")
                     for t in found)


# -- the chart -------------------------------------------------------------

WIDTH = 860
LABEL = 90  # the peer names' column
VALUE = 190  # the value labels' column, right of the longest bar
BAR = 13
GAP = 3
TITLE = 22
MARGIN = 12


def svg(results: Results, peers: list[str], tests: list[str], title: str) -> str:
    """Grouped horizontal bars, log-scaled requests per second, one <rect> per measured value."""
    values = [m.requests_per_second for p in peers for m in results.get(p, {}).values()
              if m.requests_per_second > 0]
    low = 10 ** math.floor(math.log10(min(values))) if values else 1
    high = 10 ** math.ceil(math.log10(max(values))) if values else 10
    if high <= low:
        high = low * 10
    plot = WIDTH - LABEL - VALUE - 2 * MARGIN

    def x(value: float) -> float:
        return plot * (math.log10(value) - math.log10(low)) / (math.log10(high) - math.log10(low))

    body: list[str] = []
    y = MARGIN + 24
    body.append(f'<text x="{MARGIN}" y="{MARGIN + 12}" class="title">{escape(title)}</text>')
    top = y
    for test in tests:
        measured = [(p, results[p][test]) for p in peers if test in results.get(p, {})]
        if not measured:
            continue
        body.append(f'<text x="{MARGIN}" y="{y + 14}" class="group">{escape(TEST_TITLES[test])}</text>')
        y += TITLE
        for peer, measure in measured:
            width = max(x(max(measure.requests_per_second, low)), 1.0)
            colour = COLOURS.get(peer, "#444444")
            body.append(f'<text x="{MARGIN + LABEL - 6}" y="{y + BAR - 3}" class="peer">{escape(peer)}</text>')
            body.append(f'<rect x="{MARGIN + LABEL}" y="{y}" width="{width:.1f}" height="{BAR}" '
                        f'fill="{colour}"><title>{escape(peer)}, {escape(test)}: '
                        f'{measure.requests_per_second:.0f} requests/s, p99 {measure.p99_ms:.2f} ms</title></rect>')
            # The log axis squeezes the ratios that matter most: print them.
            against = ratio(results, peer, "asio", test)
            extra = f" ({against:.2f}x the loop)" if against is not None and peer != "asio" else ""
            body.append(f'<text x="{MARGIN + LABEL + width + 4:.1f}" y="{y + BAR - 3}" class="value">'
                        f'{_fmt_rate(measure.requests_per_second)}/s{extra}</text>')
            y += BAR + GAP
        y += GAP * 2
    # The log axis: a faint line at every power of ten, labelled at the bottom.
    decade = low
    while decade <= high:
        gx = MARGIN + LABEL + x(decade)
        body.append(f'<line x1="{gx:.1f}" y1="{top}" x2="{gx:.1f}" y2="{y}" class="grid"/>')
        body.append(f'<text x="{gx:.1f}" y="{y + 14}" class="axis">{_decade(decade)}</text>')
        decade *= 10
    body.append(f'<text x="{MARGIN + LABEL}" y="{y + 30}" class="note">requests per second, '
                'log scale; longer is faster</text>')
    height = y + 30 + MARGIN
    style = ("<style>text{font-family:sans-serif;font-size:11px;fill:#222}"
             ".title{font-size:14px;font-weight:bold}.group{font-weight:bold}"
             ".peer{text-anchor:end}.axis{text-anchor:middle;fill:#666}.note{fill:#666}"
             ".grid{stroke:#ddd;stroke-width:1}</style>")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}">\n{style}\n'
            f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>\n'
            + "\n".join(body) + "\n</svg>\n")


def _decade(value: float) -> str:
    for limit, suffix in ((1e6, "M"), (1e3, "k")):
        if value >= limit:
            return f"{value / limit:g}{suffix}"
    return f"{value:g}"
