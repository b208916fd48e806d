"""./course compare NN: your finished stage beside the reference, file by file."""

from __future__ import annotations

import difflib

from .. import layout
from ..context import Context
from ..metadata import CourseError
from ..term import Style, width


def register(subparsers) -> None:
    """Add the compare command."""
    parser = subparsers.add_parser(
        "compare",
        help=layout.reference_only("once a stage passes, compare your files with the reference"),
        description="Show each of your files of stage NN beside the reference solution. It "
                    "unlocks when every test of the stage passes (see ./course test NN).")
    parser.add_argument("stage", metavar="NN", help="a stage id such as 02")
    parser.add_argument("--side-by-side", action="store_true", help="two columns instead of a diff")
    parser.add_argument("--force", action="store_true",
                        help="compare even though the stage does not pass yet (spoilers!)")
    parser.set_defaults(func=main)


def main(args) -> int:
    """Print one diff per file that differs."""
    ctx = Context.load()
    ctx.require_solutions("compare")
    stage = ctx.course.stage(args.stage)
    if not stage.has_solution:
        raise CourseError(f"solutions/{stage.name} is not in this copy of the course")
    if not args.force and not ctx.state.stage_passed(stage.id, list(stage.test_points())):
        raise CourseError(f"stage {stage.id} does not pass yet in your last run "
                          f"(./course test {stage.id}); compare unlocks when it does, so the "
                          "reference does not spoil the exercise. --force compares anyway.")
    if ctx.is_reference(stage):
        print(ctx.style.yellow(f"Note: your track builds stage {stage.id} from solutions/; "
                               "these are your files in exercises/ all the same."))
    mine_dir, theirs_dir = stage.folder("exercises"), stage.folder("solutions")
    names = sorted({p.name for p in mine_dir.iterdir() if p.is_file()} |
                   {p.name for p in theirs_dir.iterdir() if p.is_file()})
    same = 0
    for name in names:
        mine = _lines(mine_dir / name)
        theirs = _lines(theirs_dir / name)
        if mine == theirs:
            same += 1
            continue
        left, right = f"exercises/{stage.name}/{name}", f"solutions/{stage.name}/{name}"
        if args.side_by_side:
            print(side_by_side(mine, theirs, left, right, ctx.style))
        else:
            print(unified(mine, theirs, left, right, ctx.style))
    if same:
        print(ctx.style.dim(f"{same} file{'s' if same > 1 else ''} identical to the reference"))
    return 0


def _lines(path) -> list[str]:
    try:
        return path.read_text(errors="replace").splitlines()
    except OSError:
        return []


def unified(mine: list[str], theirs: list[str], left: str, right: str, style: Style) -> str:
    """A unified diff, coloured on a terminal."""
    out = []
    for line in difflib.unified_diff(mine, theirs, left, right, lineterm=""):
        if line.startswith(("+++", "---")):
            out.append(style.bold(line))
        elif line.startswith("+"):
            out.append(style.green(line))
        elif line.startswith("-"):
            out.append(style.red(line))
        elif line.startswith("@@"):
            out.append(style.dim(line))
        else:
            out.append(line)
    return "\n".join(out)


def side_by_side(mine: list[str], theirs: list[str], left: str, right: str, style: Style) -> str:
    """Two columns, yours on the left, the reference on the right; changed rows marked."""
    column = max(30, (width() - 3) // 2)
    out = [style.bold(left[:column].ljust(column) + " | " + right[:column])]
    matcher = difflib.SequenceMatcher(a=mine, b=theirs, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        rows = max(i2 - i1, j2 - j1)
        for k in range(rows):
            a = mine[i1 + k] if i1 + k < i2 else ""
            b = theirs[j1 + k] if j1 + k < j2 else ""
            a = a.expandtabs(4)[:column].ljust(column)
            b = b.expandtabs(4)[:column]
            mark = " | " if tag == "equal" else " * "
            row = a + mark + b
            out.append(row if tag == "equal" else style.yellow(row))
    return "\n".join(out)
