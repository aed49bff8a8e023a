"""The ``newsgraph`` command: a thin layer over the library.

Records go to standard output; progress, warnings and errors go to standard error, one line
each, naming the input and the reason.  The exit status is 1 when any input failed, 2 for a
usage or configuration error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NoReturn, TextIO

from newsgraph.errors import NewsgraphError
from newsgraph.types import Document, Rejection


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line (``newsgraph events: error: argument --limit: ...``), exit 2;
    ``--help`` shows the usage."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="newsgraph", description="Turn news articles into structured event data.")
    parser.add_argument("--version", action="version", version=f"newsgraph {_version()}")
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser(
        "extract", help="print one JSON record per article (JSON Lines on stdout)"
    )
    extract.add_argument("paths", nargs="*", metavar="PATH", help="files, folders or - (stdin)")
    extract.add_argument("--format", choices=["jsonl"], default="jsonl", help="output format")
    extract.add_argument(
        "--verbatim", action="store_true", help="input is clean plain text: use it unchanged"
    )
    extract.add_argument("-o", "--output", help="write records to this file instead of stdout")
    from newsgraph.input_options import add_input_options

    add_input_options(extract)  # --url, --published, --source, --meta, --urls, --fetch, ...

    from newsgraph.store.commands import add_commands

    add_commands(commands)  # ingest, search, events, quotes, ..., export, report
    from newsgraph.api.serve import add_serve_command

    add_serve_command(commands)
    from newsgraph.batch.job import add_command as add_batch_command

    add_batch_command(commands)  # batch (Spark)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsgraph")
    except PackageNotFoundError:
        return "unknown"


def _parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse ``argv``; an option a subcommand does not know is that subcommand's error (its
    name and help, a close option named), not the top-level usage."""
    args, extras = parser.parse_known_args(argv)
    if extras:
        from newsgraph.usage import unknown_arguments

        unknown_arguments(parser, args, extras)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(build_parser(), argv)
    try:
        from newsgraph.usage import quiet_on_closed_pipe

        with quiet_on_closed_pipe():
            if hasattr(args, "store_command"):
                return int(args.store_command(args))
            if args.command == "extract":
                return _extract(args)
    except BrokenPipeError:
        return 0  # the reader (| head) has all it wanted
    except NewsgraphError as exc:
        print(f"newsgraph: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"newsgraph: error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newsgraph: interrupted", file=sys.stderr)
        return 130
    return 2


def _extract(args: argparse.Namespace) -> int:
    from newsgraph.ingest import read_inputs
    from newsgraph.ingest.gate import SkipReport
    from newsgraph.ingest.metadata import apply
    from newsgraph.input_options import input_metadata, input_settings
    from newsgraph.pipeline import Pipeline
    from newsgraph.record import to_record

    settings = input_settings(args)
    metadata = input_metadata(args)
    pipeline = Pipeline(settings=settings)
    items = apply(
        read_inputs(args.paths, settings, verbatim=args.verbatim, urls_file=args.urls),
        metadata,
        lambda line: print(f"newsgraph: warning: {line}", file=sys.stderr),
    )
    out: TextIO = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    failed = written = 0
    skips = SkipReport()
    try:
        for result in _gated(pipeline.run_many(items), args.verbatim):
            if isinstance(result, Rejection):
                failed += 1
                if not skips.add(result):  # those of a common kind are summed up at the end
                    print(f"newsgraph: error: {result}", file=sys.stderr)
                continue
            source = result.article.source
            for warning in result.warnings:
                named = warning if warning.startswith(source) else f"{source}: {warning}"
                print(f"newsgraph: warning: {named}", file=sys.stderr)
            out.write(json.dumps(to_record(result), ensure_ascii=False) + "\n")
            written += 1
    finally:
        if out is not sys.stdout:
            out.close()
    for line in skips.lines():
        print(line, file=sys.stderr)
    if failed:
        print(f"newsgraph: {written} records written, {failed} inputs failed", file=sys.stderr)
    return 1 if failed else 0


def _gated(results: Iterable[Document | Rejection], verbatim: bool) -> Iterator[Any]:
    """The results, a document whose clean text is no article (navigation only) a Rejection."""
    from newsgraph.ingest import gate

    for result in results:
        if isinstance(result, Document) and not verbatim:
            problem = gate.cleaned_problem(result.text)
            if problem:
                yield Rejection(result.article.source, "clean", problem)
                continue
        yield result


if __name__ == "__main__":
    sys.exit(main())
