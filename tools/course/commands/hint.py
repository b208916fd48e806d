"""./course hint EXERCISE [--level N]: hints in steps, from the idea to the shape of the code."""

from __future__ import annotations

import textwrap

from ..context import Context
from ..metadata import CourseError
from ..term import width


def register(subparsers) -> None:
    """Add the hint command."""
    parser = subparsers.add_parser(
        "hint", help="the next hint for an exercise",
        description="Show the next hint for EXERCISE that you have not seen yet. Level 1 "
                    "points at the idea, level 2 at the technique, level 3 at the shape of "
                    "the code.")
    parser.add_argument("exercise", metavar="EXERCISE", help="an exercise id such as 02.3")
    parser.add_argument("--level", type=int, metavar="N",
                        help="show hint levels 1 to N instead of the next one")
    parser.set_defaults(func=main)


def main(args) -> int:
    """Print the hint(s) and remember how far the learner has read."""
    ctx = Context.load()
    exercise = ctx.course.exercise(args.exercise)
    hints = exercise.hints
    style = ctx.style
    if not hints:
        print(f"Exercise {exercise.id} has no hints; its lesson section is {exercise.section}")
        return 0
    shown = ctx.state.hints_shown(exercise.id)
    if args.level is not None:
        if not 1 <= args.level <= len(hints):
            raise CourseError(f"exercise {exercise.id} has hint levels 1 to {len(hints)}; "
                              f"--level {args.level} is not one of them")
        levels = range(1, args.level + 1)
    elif shown >= len(hints):
        print(style.dim(f"You have seen every hint of exercise {exercise.id}; "
                        "here they are again."))
        levels = range(1, len(hints) + 1)
    else:
        levels = range(shown + 1, shown + 2)

    print(style.bold(f"Exercise {exercise.id}: {exercise.title}"))
    wrap = max(40, min(width(), 100) - 4)
    for level in levels:
        print()
        print(style.yellow(f"hint {level} of {len(hints)}"))
        for line in textwrap.wrap(hints[level - 1], wrap):
            print("  " + line)
    ctx.state.set_hints_shown(exercise.id, levels[-1])
    print()
    if levels[-1] < len(hints):
        print(style.dim(f"Stuck still? ./course hint {exercise.id} shows hint {levels[-1] + 1}."))
    print(style.dim(f"The lesson: {exercise.section}"))
    return 0
