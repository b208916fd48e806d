"""Writing a report for the people and the systems that read grades.

- text: a table for an instructor at a terminal (the default);
- json: everything the report holds, for scripts;
- gradescope: results.json as Gradescope's autograder specification
  describes it (https://gradescope-autograders.readthedocs.io/en/latest/specs/);
- classroom: what GitHub Classroom's autograding reads: the table, then a
  line "Points X/Y"; in a GitHub Actions step, also the step output `result`
  in the shape its autograding reporter takes from each grader step, and a
  table in the job summary;
- junit: JUnit XML, one testsuite per stage, for CI dashboards.
"""

from __future__ import annotations

import base64
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from .report import Report, TestOutcome, points

FORMATS = ("text", "json", "gradescope", "classroom", "junit")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def render(report: Report, kind: str) -> str:
    """The report in one of FORMATS."""
    return {
        "text": text,
        "json": as_json,
        "gradescope": gradescope,
        "classroom": classroom,
        "junit": junit,
    }[kind](report)


def write(report: Report, kind: str, out: Path | None, final: bool = True) -> None:
    """Write the report to out (or stdout), plus what a GitHub Actions step expects.

    A report that is not final (a snapshot while grading goes on) only replaces out.
    """
    if not final and out is None:
        return
    body = render(report, kind)
    if out is None:
        print(body, end="" if body.endswith("\n") else "\n", flush=True)
    else:
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        temporary = out.with_name(out.name + ".partial")
        temporary.write_text(body)
        temporary.replace(out)
    if kind == "classroom" and final:
        _github_step_files(report)


def text(report: Report) -> str:
    """A table: one line per test, grouped by stage, then the score and the notes."""
    lines = [f"Grade of {report.submission}"]
    titles = {stage.id: stage.title for stage in report.stages}
    stage = None
    width = max((len(t.name) for t in report.tests), default=10)
    for test in report.tests:
        if test.stage != stage:
            stage = test.stage
            lines.append(f"Stage {stage}: {titles.get(stage, '')}")
        mark = "PASS" if test.passed else test.status.upper().replace("_", " ")
        line = (f"  {mark:<11} {test.exercise:<6} {test.name:<{width}}  "
                f"{points(test.score)}/{points(test.max_score)}")
        if test.hidden:
            line += "  (hidden)"
        lines.append(line)
        if not test.passed:
            lines.append(f"              {test.message}")
    counts = report.counts()
    done = ", ".join(f"{count} {status.replace('_', ' ')}" for status, count in counts.items()
                     if count)
    lines.append("")
    lines.append(report.summary())
    if done:
        lines.append(f"Tests: {done}; graded in {report.seconds:.1f} s")
    lines.append(f"Isolation: {report.isolation}")
    return "\n".join(lines) + "\n"


def as_json(report: Report) -> str:
    """Every field of the report."""
    return json.dumps(report.to_dict(), indent=2) + "\n"


def gradescope(report: Report) -> str:
    """results.json for Gradescope: the score, a summary, and one entry per test."""
    data = {
        "score": report.score,
        "execution_time": round(report.seconds),
        "output": report.summary(),
        "tests": [
            {
                "name": f"{test.exercise} {test.name}",
                "score": test.score,
                "max_score": test.max_score,
                "status": "passed" if test.passed else "failed",
                "output": _test_text(test),
                "visibility": test.visibility,
                "tags": [f"stage {test.stage}", f"exercise {test.exercise}"],
                "extra_data": {"status": test.status, "seconds": round(test.seconds, 3)},
            }
            for test in report.tests
        ],
    }
    return json.dumps(data, indent=2) + "\n"


def classroom(report: Report) -> str:
    """The table, then the line GitHub Classroom's autograding reads."""
    return text(report) + f"Points {points(report.score)}/{points(report.max_score)}\n"


def classroom_result(report: Report) -> dict:
    """One grader step's result, in the shape GitHub Classroom's reporter action reads."""
    return {
        "version": 1,
        "status": "pass" if report.all_passed else ("error" if report.error else "fail"),
        "max_score": report.max_score,
        "tests": [
            {
                "name": f"{test.exercise} {test.name}",
                "status": "pass" if test.passed else "fail",
                "score": test.score,
                "message": test.message,
                "line_no": 0,
                "execution_time": f"{test.seconds:.2f}s",
            }
            for test in report.tests
        ],
    }


def junit(report: Report) -> str:
    """JUnit XML: one testsuite per stage; crashes, timeouts and build errors are errors."""
    suites = ET.Element("testsuites", name="minifw", time=f"{report.seconds:.3f}")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for stage in report.stages:
        tests = [t for t in report.tests if t.stage == stage.id]
        suite = ET.SubElement(suites, "testsuite", name=stage.name)
        counts = {"tests": len(tests), "failures": 0, "errors": 0, "skipped": 0}
        for test in tests:
            suite_name, _, case_name = test.name.partition(".")
            case = ET.SubElement(suite, "testcase", classname=f"{stage.name}.{suite_name}",
                                 name=case_name, time=f"{test.seconds:.3f}")
            properties = ET.SubElement(case, "properties")
            for key, value in (("exercise", test.exercise), ("points", points(test.score)),
                               ("max_points", points(test.max_score)),
                               ("section", test.section)):
                ET.SubElement(properties, "property", name=key, value=_xml(value))
            if test.status == "failed":
                counts["failures"] += 1
                element = ET.SubElement(case, "failure", message=_xml(test.message),
                                        type="failed")
                element.text = _xml(test.output)
            elif test.status == "not_run":
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", message=_xml(test.message))
            elif test.status != "passed":
                counts["errors"] += 1
                element = ET.SubElement(case, "error", message=_xml(test.message),
                                        type=test.status)
                element.text = _xml(test.output or stage.errors)
            if test.output and test.status == "passed":
                ET.SubElement(case, "system-out").text = _xml(test.output)
        seconds = sum(t.seconds for t in tests) + stage.build_seconds
        suite.set("time", f"{seconds:.3f}")
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        suites.set(key, str(value))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"


def _test_text(test: TestOutcome) -> str:
    return test.message + ("\n\n" + test.output if test.output else "")


def _xml(value: str) -> str:
    return _XML_INVALID.sub("?", value)


def _github_step_files(report: Report) -> None:
    """In GitHub Actions: the step output the reporter reads, and a summary for the student."""
    output = os.environ.get("GITHUB_OUTPUT")
    if output:
        encoded = base64.b64encode(json.dumps(classroom_result(report)).encode()).decode()
        with open(output, "a") as file:
            file.write(f"result={encoded}\n")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        rows = ["| | exercise | test | points |", "|---|---|---|---|"]
        for test in report.tests:
            mark = "pass" if test.passed else test.status.replace("_", " ")
            rows.append(f"| {mark} | {test.exercise} | `{test.name}` | "
                        f"{points(test.score)}/{points(test.max_score)} |")
        with open(summary, "a") as file:
            file.write(f"### Points {points(report.score)}/{points(report.max_score)}\n\n"
                       + "\n".join(rows) + "\n\n```\n" + report.summary() + "\n```\n")
