"""One module per command; each adds its parser with register(subparsers)."""

from . import (bench, book, compare, fuzz, hint, packages, reset, run, setup, status, test,
               track, verify, watch)

_ALL = (setup, status, test, hint, watch, track, verify, run, reset, compare, bench, fuzz, book,
        packages)


def register_all(subparsers) -> None:
    """Add every command to the top-level parser."""
    for module in _ALL:
        module.register(subparsers)
