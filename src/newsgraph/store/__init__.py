"""The store: records in a SQLite database, deduplicated, searchable and exportable.

::

    with Store("news.db") as store:
        store.add(record)                      # idempotent: the id is the content hash
        store.events(actor="MEX", quad_class=4)
        store.article(record_id) == record     # exactly what was written

``newsgraph.store.ingest.ingest`` runs the pipeline over inputs in worker processes and writes
through one ``Store``.  Every sqlite3 error leaving this package is a ``StoreError``.

``Store`` is imported on first use, so that the ``newsgraph`` command starts quickly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsgraph.errors import StoreError

if TYPE_CHECKING:
    from newsgraph.store.database import Store

__all__ = ["Store", "StoreError"]


def __getattr__(name: str) -> Any:
    if name == "Store":
        from newsgraph.store.database import Store

        return Store
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
