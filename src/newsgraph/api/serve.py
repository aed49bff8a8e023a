"""The ``newsgraph serve`` command: the API and the web pages over a store, on loopback."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from newsgraph.errors import ConfigError
from newsgraph.settings import Settings


def add_serve_command(commands: Any) -> None:
    """Register ``serve`` on the ``newsgraph`` parser's subparsers."""
    serve = commands.add_parser("serve", help="the HTTP API and web pages over a database")
    serve.add_argument("--db", default="newsgraph.db", help="database file (default newsgraph.db)")
    serve.add_argument(
        "--parquet", metavar="DIR", help="serve a `newsgraph batch` output folder instead"
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    serve.add_argument(
        "--token-file",
        help="a file holding the token that POST /api/ingest must carry (without it, "
        "the server never writes)",
    )
    serve.add_argument(
        "--map-file", help="TopoJSON world shapes (default: the ones `make map` installs)"
    )
    serve.add_argument(
        "--cache",
        type=int,
        default=512,
        metavar="N",
        help="answers kept in memory until the database changes (512; 0: none)",
    )
    serve.add_argument(
        "--fetch",
        action="store_true",
        help="let POST /api/extract fetch a URL given without text (public addresses only)",
    )
    serve.add_argument(
        "--workers", type=int, default=1, help="server processes sharing the port (1)"
    )
    serve.set_defaults(store_command=run_serve)


def read_token(path: str) -> str:
    """The token in ``path``: its first line, which must be at least 16 characters."""
    try:
        token = Path(path).read_text(encoding="utf-8").strip().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the token file: {exc}") from exc
    if not token or len(token[0].strip()) < 16:
        raise ConfigError(f"{path}: the token must be one line of at least 16 characters")
    return token[0].strip()


_CONFIG_VARIABLE = "NEWSGRAPH_SERVE_CONFIG"


def run_serve(args: argparse.Namespace) -> int:
    """Serve until interrupted."""
    import uvicorn

    from newsgraph.api import ServerConfig, create_app

    if not 0 < args.port < 65536:
        raise ConfigError(f"--port {args.port}: expected a port from 1 to 65535")
    if not 1 <= args.workers <= 64:
        raise ConfigError(f"--workers {args.workers}: expected 1 to 64")
    if args.parquet and args.token_file:
        raise ConfigError("--parquet: a batch output is read only; ingest takes a --db store")
    config = ServerConfig(
        db=Path(args.parquet or args.db),
        parquet=bool(args.parquet),
        token=read_token(args.token_file) if args.token_file else None,
        map_file=Path(args.map_file) if args.map_file else None,
        cache_entries=max(args.cache, 0),
        fetching=Settings(fetch=True) if args.fetch else None,
    )
    app = create_app(config)  # checks the database before anything listens
    print(f"newsgraph: serving {config.db} on http://{args.host}:{args.port}/", file=sys.stderr)
    if args.workers == 1:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
        return 0
    # Worker processes build the app themselves, from the settings passed down to them.
    # (The token travels as its file's name, never in the environment.)
    os.environ[_CONFIG_VARIABLE] = json.dumps(
        {"db": str(config.db), "parquet": config.parquet, "token_file": args.token_file,
         "map_file": args.map_file,
         "cache_entries": config.cache_entries, "max_body": config.max_body,
         "fetch": args.fetch}
    )  # fmt: skip
    uvicorn.run(
        "newsgraph.api.serve:app_from_environment", factory=True, host=args.host,
        port=args.port, workers=args.workers, log_level="warning",
    )  # fmt: skip
    return 0


def app_from_environment() -> Any:
    """The app of a worker process started by ``run_serve``."""
    from newsgraph.api import ServerConfig, create_app

    settings = json.loads(os.environ[_CONFIG_VARIABLE])
    token_file, map_file = settings.pop("token_file"), settings.pop("map_file")
    fetching = Settings(fetch=True) if settings.pop("fetch") else None
    return create_app(
        ServerConfig(
            db=Path(settings.pop("db")),
            token=read_token(token_file) if token_file else None,
            map_file=Path(map_file) if map_file else None,
            fetching=fetching,
            **settings,
        )
    )
