"""./course fuzz: the libFuzzer targets in fuzz/, on the reference, for a bounded time."""

from __future__ import annotations

import shutil
import subprocess

from .. import layout
from ..build import Build, first_errors
from ..context import Context
from ..metadata import CourseError


def register(subparsers) -> None:
    """Add the fuzz command."""
    parser = subparsers.add_parser(
        "fuzz", help=layout.reference_only("fuzz the reference's parsers (needs clang)"),
        description="Build the fuzz preset (solutions, clang, libFuzzer, ASan+UBSan) and run "
                    "every target in fuzz/, or the named ones, for a bounded time each. The "
                    "seed corpus in fuzz/corpus/ is read, never written; what a run learns is "
                    "kept in build/fuzz/corpus/, crashes in build/fuzz/crashes/.")
    parser.add_argument("targets", metavar="TARGET", nargs="*",
                        help="a target in fuzz/, such as request_parser (default: all)")
    parser.add_argument("--seconds", type=int, default=30, metavar="N",
                        help="how long each target runs (default: 30)")
    parser.set_defaults(func=main)


def main(args) -> int:
    """Build the targets, run each one in turn; 1 when any found a failure."""
    ctx = Context.load()
    ctx.require_solutions("fuzz")
    fuzz_dir = ctx.root / "fuzz"
    known = sorted(p.stem for p in fuzz_dir.glob("*.cpp"))
    names = args.targets or known
    unknown = [n for n in names if n not in known]
    if unknown:
        raise CourseError(f"no fuzz target {', '.join(unknown)}; the targets are: {', '.join(known)}")
    if not shutil.which("clang++"):
        raise CourseError("fuzzing needs clang and its libFuzzer (libclang-rt-dev): run "
                          "./course setup")
    build = Build(ctx.root, "fuzz")
    result = build.build([f"fuzz_{n}" for n in names], name="fuzz")
    status = 0
    for name in names:
        target = f"fuzz_{name}"
        if target not in result.built:
            print(ctx.style.red(f"{target} does not build:"))
            for line in first_errors(result.failed.get(target, ""), ctx.root):
                print("    " + line)
            status = 1
            continue
        corpus = build.dir / "corpus" / name
        crashes = build.dir / "crashes" / name
        corpus.mkdir(parents=True, exist_ok=True)
        crashes.mkdir(parents=True, exist_ok=True)
        binary = layout.find_binary(build.dir, target)
        print(ctx.style.bold(f"== {target} ({args.seconds} s)"), flush=True)
        done = subprocess.run(
            [str(binary), f"-max_total_time={args.seconds}", "-print_final_stats=1",
             f"-artifact_prefix={crashes}/", str(corpus), str(fuzz_dir / "corpus" / name)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
        lines = done.stdout.splitlines()
        if done.returncode != 0:
            print(ctx.style.red(f"{target} found a failure; the input is in {crashes}:"))
            for line in lines[-40:]:
                print("    " + line)
            status = 1
        else:
            runs = next((line for line in lines if line.startswith("stat::number_of_executed_units")),
                        "")
            print(f"    no failure; {runs.split(':')[-1].strip() or '?'} inputs tried")
    return status
