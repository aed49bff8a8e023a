"""Command-line options of the store's commands, each value checked as it is parsed.

A bad value is a one-line usage error naming the option and the form expected (``argument
--root: expected a two-digit CAMEO root from 01 to 20, not '190'``), exit status 2; the same
checks stand in the library (``filters``), for callers that are not the command line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from newsgraph.errors import StoreError
from newsgraph.store import filters

MAX_INTEGER = 2**63 - 1
"""The largest integer SQLite stores: no count or limit may be larger."""


def whole_number(smallest: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``smallest`` to SQLite's largest integer."""

    def parse(value: str) -> int:
        expected = f"expected a whole number from {smallest} to {MAX_INTEGER}"
        try:
            number = int(value.strip(), 10)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{expected}, not {value!r}") from None
        if not smallest <= number <= MAX_INTEGER:
            raise argparse.ArgumentTypeError(f"{expected}, not {value}")
        return number

    parse.__name__ = "whole number"
    return parse


def seconds(value: str) -> float:
    """An argparse type: a number of seconds, zero or more."""
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 <= number < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds (0 or more), not {value!r}")
    return number


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_day(value: str) -> str:
    """An argparse type: a date as ``YYYY-MM-DD``."""
    try:
        if not _ISO_DAY.match(value):
            raise ValueError(value)
        dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, not {value!r}") from None
    return value


def _checked(check: Callable[[Any], Any], expected: str) -> Callable[[str], Any]:
    """An argparse type from a library check: its error becomes "expected ..., not ..."."""

    def parse(value: str) -> Any:
        try:
            return check(value)
        except StoreError:
            raise argparse.ArgumentTypeError(f"expected {expected}, not {value!r}") from None

    parse.__name__ = expected
    return parse


root = _checked(filters.check_root, "a two-digit CAMEO root from 01 to 20")
code = _checked(filters.check_code, "a CAMEO code or prefix of 2 to 4 digits (042, 1123)")
actor = _checked(filters.check_actor, "an actor code or prefix of letters (MEX, USAGOV)")
confidence = _checked(filters.check_confidence, "a number from 0 to 1")


def name(value: str) -> str:
    """An argparse type: an entity name or key with at least one letter or digit."""
    if not any(c.isalnum() for c in value):
        raise argparse.ArgumentTypeError(f"expected an entity name or key, not {value!r}")
    return value


def column_list(known: Sequence[str]) -> Callable[[str], list[str]]:
    """An argparse type: comma-separated column names, each one of ``known``."""

    def parse(value: str) -> list[str]:
        names = [part.strip() for part in value.split(",") if part.strip()]
        unknown = [n for n in names if n not in known]
        if not names or unknown:
            raise argparse.ArgumentTypeError(
                f"expected column names separated by commas from {', '.join(known)}, "
                f"not {(unknown[0] if unknown else value)!r}"
            )
        return names

    parse.__name__ = "column list"
    return parse


def event_filters(parser: argparse.ArgumentParser) -> None:
    """The options of ``filters.EVENT_FILTERS``."""
    add = parser.add_argument
    add("--source", type=name, metavar="NAME|KEY", help="who acted: an entity's name or alias "
        "(Trump, Arevalo: accents and case aside) or its key")  # fmt: skip
    add("--target", type=name, metavar="NAME|KEY", help="who was acted on (as --source)")
    add("--entity", type=name, metavar="NAME|KEY", help="either side (as --source)")
    add("--actor", type=actor, help="actor code or prefix, as source or target (MEX, USAGOV)")
    add("--dyad", nargs=2, type=actor, metavar=("SOURCE", "TARGET"), help="actor code prefixes")
    add("--root", type=root, help="two-digit CAMEO root (01 to 20)")
    add("--code", type=code, help="CAMEO code or prefix (042, 11)")
    add("--quad", type=int, choices=[1, 2, 3, 4], help="quad class")
    add("--place", help="country code or part of a place name")
    add("--since", type=iso_day, help="first date, YYYY-MM-DD")
    add("--until", type=iso_day, help="last date, YYYY-MM-DD")
    add("--min-confidence", type=confidence, metavar="X", help="coded at least this "
        "confidently (0 to 1)")  # fmt: skip


def event_filter_values(args: argparse.Namespace) -> dict[str, Any]:
    """The event filters given on the command line, as the library takes them."""
    values = {key: getattr(args, key, None) for key in filters.EVENT_FILTERS}
    values["quad_class"] = getattr(args, "quad", None)
    return {key: value for key, value in values.items() if value is not None}


def quote_filters(parser: argparse.ArgumentParser) -> None:
    """The options of ``queries.QUOTE_FILTERS``."""
    add = parser.add_argument
    add("--speaker", help="words of the speaker's name")
    add("--text", help="words the quotation contains")
    add("--source", type=name, metavar="NAME|KEY", help="the speaking entity: a name or alias "
        "(accents and case aside) or its key")  # fmt: skip
    add("--target", type=name, metavar="NAME|KEY", help="an entity named inside the quotation")
    add("--entity", type=name, metavar="NAME|KEY", help="the speaker or an entity quoted on")
    add("--since", type=iso_day, help="first day of publication, YYYY-MM-DD")
    add("--until", type=iso_day, help="last day of publication, YYYY-MM-DD")


def quote_filter_values(args: argparse.Namespace) -> dict[str, Any]:
    """The quote filters given on the command line, as the library takes them."""
    from newsgraph.store.queries import QUOTE_FILTERS

    values = {key: getattr(args, key, None) for key in QUOTE_FILTERS}
    return {key: value for key, value in values.items() if value is not None}
