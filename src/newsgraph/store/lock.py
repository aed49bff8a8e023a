"""One writer at a time: an exclusive lock beside the database, held while a store is written.

Story grouping reads the stored signatures once, when a writer starts; a second writer
committing in the meantime would go unseen and its copies would start stories of their own.
So a ``Store`` opened for writing first takes an exclusive ``flock`` on ``<database>.lock``
(the file holds the pid of the holder, for the messages).  A second writer waits, saying once
who holds it, and gives up with a one-line error after ``timeout`` seconds.  The operating
system drops the lock when its process ends, also on ``kill -9``: no stale lock is left.
Readers take no lock.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from newsgraph.errors import StoreError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no lock, as before
    fcntl = None  # type: ignore[assignment]

POLL = 0.1
"""Seconds between two tries while another writer holds the lock."""


def lock_path(db: str | Path) -> Path:
    return Path(f"{db}.lock")


class WriteLock:
    """The exclusive write lock of one database (released by ``release`` or process exit)."""

    def __init__(
        self,
        db: str | Path,
        *,
        timeout: float = 60.0,
        notify: Callable[[str], None] | None = None,
    ) -> None:
        self.db = Path(db)
        self.path = lock_path(db)
        self.timeout = timeout
        self.notify = notify
        self._fd: int | None = None

    def acquire(self) -> WriteLock:
        if fcntl is None or str(self.db) == ":memory:":
            return self
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(
                f"{self.db}: cannot create the write lock {self.path.name} ({exc.strerror or exc})"
            ) from exc
        deadline = time.monotonic() + self.timeout
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _holder(fd)
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise StoreError(
                        f"{self.db}: another newsgraph process{holder} is still writing to it "
                        f"after {self.timeout:g} s of waiting; run again once it is done"
                    ) from None
                if not told and self.notify is not None:
                    self.notify(
                        f"newsgraph: {self.db}: another newsgraph process{holder} is writing "
                        f"to it; waiting for it to finish (up to {self.timeout:g} s)"
                    )
                    told = True
                time.sleep(POLL)
            except OSError as exc:
                os.close(fd)
                raise StoreError(
                    f"{self.db}: cannot lock {self.path.name} ({exc.strerror or exc})"
                ) from exc
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None


def _holder(fd: int) -> str:
    try:
        pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""
