"""The HTTP API of ``newsgraph serve``: ``create_app(ServerConfig(db=...))`` is the ASGI app."""

from newsgraph.api.app import ServerConfig, create_app

__all__ = ["ServerConfig", "create_app"]
