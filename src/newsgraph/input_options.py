"""The input options ``extract`` and ``ingest`` share: metadata, URLs and fetching limits.

Both commands read inputs the same way (``read_inputs``) with the same flags, so a folder,
a URL list or a metadata file means the same to either; ``input_settings`` and
``input_metadata`` turn the parsed options into what the readers take.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from newsgraph.errors import ConfigError, InputError
from newsgraph.ingest import is_url
from newsgraph.ingest.metadata import Metadata, load_meta
from newsgraph.languages import MODELS
from newsgraph.settings import DEFAULT, Settings


def iso_date(value: str) -> str:
    """An argparse type: an ISO date (``YYYY-MM-DD``) or date and time."""
    try:
        (dt.datetime if "T" in value else dt.date).fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {value!r}") from exc
    return value


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """Metadata, URL and fetching options."""
    add = parser.add_argument
    add("--url", help="canonical URL of the (single) input")
    add(
        "--published",
        type=iso_date,
        help="publication date, YYYY-MM-DD: of the input when "
        "there is one; with a folder or several, of those that state no date of their own",
    )
    add("--source", dest="site", metavar="NAME", help="the outlet that published the inputs "
        "(with several inputs: of those that name none)")  # fmt: skip
    add(
        "--meta",
        metavar="FILE",
        help="CSV (header: path and any of published, url, source, "
        "title) or JSON Lines of metadata per input; path is an input's path or file name",
    )
    add("--max-bytes", type=int, default=DEFAULT.max_bytes, help="largest input accepted")
    add("--urls", metavar="FILE", help="a file of URLs to fetch, one a line (# starts a comment)")
    add("--fetch", action="store_true", help="fetch over HTTP: the pages that feed entries only "
        "link to (URLs given as PATH or with --urls are always fetched)")  # fmt: skip
    add(
        "--allow-private",
        action="store_true",
        help="let fetching reach loopback, private and link-local addresses",
    )
    add("--timeout", type=float, default=DEFAULT.timeout, help="seconds allowed per HTTP request")
    add(
        "--language",
        choices=sorted(MODELS),
        help="language of every input, instead of the one detected from each text",
    )


def input_settings(args: argparse.Namespace) -> Settings:
    """Settings for reading the inputs: fetching is on for URLs given or ``--fetch``."""
    asked_urls = bool(args.urls) or any(is_url(path) for path in args.paths)
    return Settings(
        max_bytes=args.max_bytes,
        fetch=args.fetch or asked_urls,
        allow_private=args.allow_private,
        timeout=args.timeout,
        language=args.language,
    )


def input_metadata(args: argparse.Namespace) -> Metadata:
    """The metadata the options give; ``--url`` with more than one input is a ConfigError."""
    paths = list(args.paths) or ["-"]
    single = len(paths) == 1 and not args.urls and not Path(paths[0]).is_dir()
    if args.url and not single:
        raise ConfigError("--url names one article; for several inputs give a --meta file")
    given = {k: v for k, v in (("url", args.url), ("published", args.published),
                                ("source", args.site)) if v}  # fmt: skip
    metadata = Metadata(given=given, defaults_only=not single)
    if args.meta:
        try:
            metadata.rows = load_meta(args.meta)
        except InputError as exc:
            raise ConfigError(f"--meta {exc}") from None
        metadata.meta_file = args.meta
    return metadata
