"""./course run [NN] EXAMPLE [-- ARGS]: build and run one of a lesson's examples."""

from __future__ import annotations

import subprocess
import sys

from .. import layout
from ..build import Build, first_errors
from ..context import Context
from ..metadata import CourseError, Stage


def register(subparsers) -> None:
    """Add the run command."""
    parser = subparsers.add_parser(
        "run", help="build and run a lesson's example program",
        description="Build lessons/NN-name/examples/EXAMPLE.cpp on your track and run it; "
                    "arguments after -- go to the program. With --reference, it runs on the "
                    "reference framework (release build) instead.",
        epilog="example: ./course run 01 echo_server -- 8080")
    parser.add_argument("words", metavar="[NN] EXAMPLE", nargs="+",
                        help="a stage id and an example name, or an example name alone")
    parser.add_argument("--reference", action="store_true",
                        help="use the reference solutions (the release preset)")
    parser.set_defaults(func=main, accepts_passthrough=True)


def examples(stage: Stage) -> list[str]:
    """The example names of a stage (lessons/NN-name/examples/*.cpp)."""
    folder = stage.folder("lessons") / "examples"
    return sorted(p.stem for p in folder.glob("*.cpp")) if folder.is_dir() else []


def find_example(ctx: Context, words: list[str]) -> tuple[Stage, str]:
    """Resolve "NN EXAMPLE" or "EXAMPLE"; a CourseError lists the examples there are."""
    every = [(stage, name) for stage in ctx.course.stages for name in examples(stage)]
    listing = ", ".join(f"{s.id} {n}" for s, n in every) or "none yet"
    if len(words) > 2:
        raise CourseError("give a stage and an example (./course run 01 echo_server); "
                          "arguments for the program go after --")
    if len(words) == 2:
        stage = ctx.course.stage(words[0])
        name = words[1].removesuffix(".cpp")
        if name not in examples(stage):
            raise CourseError(f"stage {stage.id} has no example {name!r}; its examples: "
                              f"{', '.join(examples(stage)) or 'none'}")
        return stage, name
    name = words[0].removesuffix(".cpp")
    matches = [(s, n) for s, n in every if n == name]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise CourseError(f"several stages have an example {name!r}: say which, as in "
                          f"./course run {matches[0][0].id} {name}")
    raise CourseError(f"there is no example {name!r}; the examples are: {listing}")


def main(args) -> int:
    """Build the example and run it in the foreground; returns its exit status."""
    ctx = Context.load()
    stage, name = find_example(ctx, args.words)
    if args.reference:
        ctx.require_solutions("run --reference")
        build = Build(ctx.root, "release")
    else:
        build = ctx.learner_build()
    target = f"example_{stage.id}_{name}"
    result = build.build([target], name="example")
    if not result.ok or target not in result.built:
        print(ctx.style.red(f"{target} does not build:"))
        output = result.failed.get(target, "")
        for line in first_errors(output, ctx.root):
            print("    " + line)
        return 1
    binary = layout.find_binary(build.dir, target)
    if binary is None:
        raise CourseError(f"{target} built, yet its program is not in {build.dir}")
    shown = " ".join([layout.relative(binary, ctx.root), *args.passthrough])
    # On stderr: the program's own first stdout line ("listening on ...") stays first.
    print(ctx.style.dim(f"running {shown}"), file=sys.stderr, flush=True)
    try:
        return subprocess.run([str(binary), *args.passthrough]).returncode
    except KeyboardInterrupt:
        return 130
