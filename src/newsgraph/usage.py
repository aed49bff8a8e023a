"""How the command line meets its user's mistakes and pipes: subcommand errors, closed pipes.

``unknown_arguments`` makes an option a subcommand does not know that subcommand's one-line
error, naming a close option when there is one (``newsgraph events: error: unrecognized
arguments: --qaud 4 (did you mean --quad?) (see newsgraph events --help)``).
``quiet_on_closed_pipe`` lets ``newsgraph events | head`` end quietly: once the reader has
gone, standard output is pointed at the null device so nothing more fails on it.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import os
import sys
from collections.abc import Iterator
from typing import NoReturn


def _subparser(parser: argparse.ArgumentParser, name: str | None) -> argparse.ArgumentParser | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and name in action.choices:
            return action.choices[name]
    return None


def innermost(parser: argparse.ArgumentParser, args: argparse.Namespace) -> argparse.ArgumentParser:
    """The (sub)subcommand parser that ``args`` were parsed with (``count events``)."""
    current = parser
    for key in ("command", "counted"):
        found = _subparser(current, getattr(args, key, None))
        if found is None:
            break
        current = found
    return current


def unknown_arguments(
    parser: argparse.ArgumentParser, args: argparse.Namespace, extras: list[str]
) -> NoReturn:
    """Exit with the subcommand's error for arguments it does not take."""
    command = innermost(parser, args)
    options = [s for action in command._actions for s in action.option_strings]
    hint = ""
    for extra in extras:
        if extra.startswith("-"):
            close = difflib.get_close_matches(extra.split("=", 1)[0], options, n=1, cutoff=0.6)
            if close:
                hint = f" (did you mean {close[0]}?)"
                break
    command.error(f"unrecognized arguments: {' '.join(extras)}{hint}")


@contextlib.contextmanager
def quiet_on_closed_pipe() -> Iterator[None]:
    """Re-raise ``BrokenPipeError`` after pointing standard output at the null device, so
    the interpreter's last flush has nowhere to fail."""
    try:
        yield
    except BrokenPipeError:
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, sys.stdout.fileno())
            os.close(null)
        except (OSError, ValueError):
            pass  # stdout is no real file (a test's capture): nothing to redirect
        raise
