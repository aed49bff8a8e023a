"""Metadata given from outside the articles: ``--published``, ``--url``, ``--source``,
``--meta FILE``.

Which date wins: metadata given for an article (a ``--meta`` row, or ``--published`` for a
single input file or URL) wins over the date the page or its byline states; a page's own date
wins over nothing.  ``--published`` and ``--source`` given with a folder or several inputs are
defaults: they fill in only what an article does not state itself (a page's date, a feed
entry's date), so one flag cannot silently re-date a whole folder of dated pages.  ``--url``
names one article and is refused with more than one input.

A ``--meta`` file is CSV with a header naming ``path`` and any of ``published``, ``url``,
``source``, ``title``; or JSON Lines with those keys.  ``path`` matches an input's path as
given, its resolved path, or its file name.  Rows that match no input are reported in one line.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgraph.errors import InputError
from newsgraph.types import Article, Rejection

Item = Article | Rejection
FIELDS = ("published", "url", "source", "title")
COLUMNS = ("path", *FIELDS)


@dataclass
class Metadata:
    """What the command line says about the inputs (see the module's docstring)."""

    given: dict[str, str] = field(default_factory=dict)
    """``published``/``url``/``source`` from the flags."""
    defaults_only: bool = False
    """Whether ``given`` only fills in (a folder or several inputs)."""
    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    """``--meta`` rows by their ``path``."""
    meta_file: str | None = None

    def __bool__(self) -> bool:
        return bool(self.given or self.rows)


def check_published(value: str, where: str) -> str:
    """An ISO date (or date and time), or InputError naming ``where``."""
    try:
        (dt.datetime if "T" in value else dt.date).fromisoformat(value)
    except ValueError:
        raise InputError(
            where, f"published must be an ISO date (YYYY-MM-DD), not {value!r}"
        ) from None
    return value


def load_meta(path: str) -> dict[str, dict[str, str]]:
    """The rows of a ``--meta`` file by their ``path``; InputError naming the file (and line)
    for a file that cannot be read, an unknown column, a row without a path, a bad date."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(path, "no such metadata file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read the metadata file ({exc})") from None
    rows = _json_lines(text, path) if text.lstrip().startswith("{") else _csv(text, path)
    table: dict[str, dict[str, str]] = {}
    for where, row in rows:
        unknown = sorted(set(row) - set(COLUMNS))
        if unknown:
            raise InputError(where, f"unknown column {unknown[0]!r}; known: {', '.join(COLUMNS)}")
        key = (row.get("path") or "").strip()
        if not key:
            raise InputError(where, "a metadata row needs a path")
        values = {k: str(v).strip() for k, v in row.items() if k in FIELDS and v not in (None, "")}
        if "published" in values:
            check_published(values["published"], where)
        table[key] = values
    return table


def _csv(text: str, path: str) -> list[tuple[str, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "path" not in reader.fieldnames:
        raise InputError(path, f"the CSV header must name path and any of {', '.join(FIELDS)}")
    return [(f"{path}:{number}", dict(row)) for number, row in enumerate(reader, 2)]


def _json_lines(text: str, path: str) -> list[tuple[str, dict[str, str]]]:
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}", f"broken JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise InputError(f"{path}:{number}", "a metadata line must be a JSON object")
        rows.append((f"{path}:{number}", row))
    return rows


def apply(items: Iterable[Item], metadata: Metadata, warn: Callable[[str], None]) -> Iterator[Item]:
    """``items`` with the metadata given applied; ``warn`` hears once of rows unused."""
    used: set[str] = set()
    own = Path(metadata.meta_file).resolve() if metadata.meta_file else None
    for item in items:
        if own is not None and _is_file(item.source, own):
            continue  # the metadata file itself, in a folder of inputs: not an article
        if isinstance(item, Article) and metadata:
            item = _applied(item, metadata, used)
        yield item
    unused = sorted(set(metadata.rows) - used)
    if unused:
        shown = ", ".join(unused[:5]) + (f" and {len(unused) - 5} more" if len(unused) > 5 else "")
        warn(f"{metadata.meta_file}: {len(unused)} rows match no input: {shown}")


def _is_file(source: str, path: Path) -> bool:
    try:
        return Path(source).resolve() == path
    except (OSError, ValueError):
        return False


def _row_for(article: Article, rows: dict[str, dict[str, str]]) -> tuple[str, dict[str, str]]:
    source = article.source
    candidates = [source, Path(source).name]
    with contextlib.suppress(OSError, ValueError):
        candidates.insert(1, str(Path(source).resolve()))
    for key in candidates:
        if key in rows:
            return key, rows[key]
    for key in rows:  # a row naming a path relative to elsewhere: compare resolved paths
        if "/" in key and Path(key).name == Path(source).name and source.endswith(key):
            return key, rows[key]
    return "", {}


def _applied(article: Article, metadata: Metadata, used: set[str]) -> Article:
    key, row = _row_for(article, metadata.rows)
    if key:
        used.add(key)
    changes: dict[str, Any] = {}
    for name, value in metadata.given.items():
        target = "site" if name == "source" else name
        if not metadata.defaults_only:
            changes[target] = value
        elif name == "published":
            changes["fetched"] = article.fetched or value  # a fallback, as a crawl date is
        elif getattr(article, target) is None:
            changes[target] = value
    for name, value in row.items():  # a row about this very input wins over everything
        changes["site" if name == "source" else name] = value
    return dataclasses.replace(article, **changes) if changes else article
