"""./course bench [NN]: the stages' Google Benchmark programs, on the release build."""

from __future__ import annotations

import subprocess

from .. import layout
from ..build import Build, first_errors
from ..context import Context
from ..metadata import Stage
from ..peers import run as peers_run


def register(subparsers) -> None:
    """Add the bench command."""
    parser = subparsers.add_parser(
        "bench", help=layout.reference_only("build the release preset and run the benchmarks"),
        description="Build the release preset (reference solutions, -O2) and run the "
                    "bench_NN_* programs of stage NN, or of every stage; with --peers, "
                    "measure the TechEmpower app against the peers "
                    "(book/peers.md).")
    parser.add_argument("stage", metavar="NN", nargs="?", help="only this stage's benchmarks")
    peers_run.add_options(parser)
    parser.set_defaults(func=main, accepts_passthrough=True)


def benchmarks(stage: Stage) -> list[str]:
    """The benchmark names of a stage (lessons/NN-name/benchmarks/*.cpp)."""
    folder = stage.folder("lessons") / "benchmarks"
    return sorted(p.stem for p in folder.glob("*.cpp")) if folder.is_dir() else []


def main(args) -> int:
    """Build, then run each benchmark in turn; arguments after -- go to each of them."""
    if args.peers:
        return peers_run.main(args)
    ctx = Context.load()
    ctx.require_solutions("bench")
    stages = [ctx.course.stage(args.stage)] if args.stage else ctx.course.stages
    targets = [f"bench_{s.id}_{name}" for s in stages for name in benchmarks(s)]
    if not targets:
        where = f"stage {stages[0].id}" if args.stage else "any stage"
        print(f"There are no benchmarks in {where} yet (lessons/NN-name/benchmarks/*.cpp).")
        return 0
    build = Build(ctx.root, "release")
    result = build.build(targets, name="bench")
    status = 0
    for target in targets:
        if target not in result.built:
            print(ctx.style.red(f"{target} does not build:"))
            for line in first_errors(result.failed.get(target, ""), ctx.root):
                print("    " + line)
            status = 1
            continue
        binary = layout.find_binary(build.dir, target)
        print(ctx.style.bold(f"== {target}"), flush=True)
        status |= subprocess.run([str(binary), *args.passthrough]).returncode != 0
    return status
