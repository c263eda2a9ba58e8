"""What a storage failure means, in one place: the server (503 + Japanese message), the UI, /healthz
and ``advisor serve`` at start all classify errors here.

``storage_failure`` reads the words SQLite, PostgreSQL and the OS use (through the chain of causes,
so a DatabaseError wrapping an SQLAlchemy error wrapping a driver error is understood); a new
backend adds its signs to ``_STORAGE_SIGNS``.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from advisor.db.engine import DatabaseError, DatabaseUnavailable

_STORAGE_SIGNS: tuple[tuple[str, str], ...] = (
    ("readonly", "read_only"), ("read-only", "read_only"), ("read only", "read_only"),
    ("permission denied", "read_only"), ("operation not permitted", "read_only"),
    ("disk is full", "disk_full"), ("no space", "disk_full"), ("quota", "disk_full"),
    ("database is locked", "locked"), ("database table is locked", "locked"), ("deadlock", "locked"),
    ("lock timeout", "locked"),
    ("unable to open", "unavailable"), ("disk i/o error", "unavailable"), ("connection refused", "unavailable"),
)
_STORAGE_ERRNOS = {errno.EROFS: "read_only", errno.EACCES: "read_only", errno.EPERM: "read_only",
                   errno.ENOSPC: "disk_full", errno.EDQUOT: "disk_full", errno.EIO: "unavailable"}


def storage_failure(exc: BaseException) -> str | None:
    """'read_only' | 'disk_full' | 'locked' | 'unavailable' when ``exc`` (or a cause of it) is the
    storage failing rather than a bug; None otherwise."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in _STORAGE_ERRNOS:
            return _STORAGE_ERRNOS[current.errno]
        if isinstance(current, (DatabaseError, OSError)) or type(current).__module__.startswith(("sqlite3", "sqlalchemy", "psycopg")):
            text = str(current).lower()
            for sign, reason in _STORAGE_SIGNS:
                if sign in text:
                    return reason
        if isinstance(current, DatabaseUnavailable):
            return "unavailable"
        current = current.__cause__ or current.__context__
    return None


def probe_storage(data_dir: Path, size: int = 64 * 1024) -> None:
    """Write, flush and delete a small file in ``data_dir``: OSError (EROFS, ENOSPC, EPERM) when the
    directory cannot take new data. The database alone may still succeed there by reusing free pages."""
    data_dir.mkdir(parents=True, exist_ok=True)
    probe = data_dir / f".storage-probe-{os.getpid()}"
    try:
        with open(probe, "wb") as fh:
            fh.write(b"\0" * size)
            fh.flush()
            os.fsync(fh.fileno())
    finally:
        try:
            probe.unlink()
        except OSError:
            pass  # never created (read-only), or already gone
