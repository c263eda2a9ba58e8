"""Persistence for conversations: sessions (with their profile), messages and feedback.

All state lives in one database named by ``ADVISOR_DATABASE_URL`` (default: the SQLite file
``<data_dir>/advisor.sqlite3``; replicas: ``postgresql+psycopg://…``), nothing in process memory,
so a restart or another replica loses nothing. Tables are in :mod:`advisor.db.schema`, their
history in Alembic revisions (``advisor/db/migrations``), applied when a store opens the database.
Every failure reaches callers as :class:`DatabaseError`.
"""

from __future__ import annotations

import json
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from sqlalchemy import Connection, case, delete, func, insert, select, text, update

from advisor.db import schema as t
from advisor.db.engine import (
    DatabaseError,
    DatabaseUnavailable,
    DuplicateRow,
    EngineOptions,
    display_url,
    engine_for,
    migrate,
    sqlite_url,
    translate_errors,
)
from advisor.db.failures import probe_storage, storage_failure

if TYPE_CHECKING:
    from advisor.config import Settings

log = logging.getLogger(__name__)

__all__ = ["Database", "DatabaseError", "DatabaseUnavailable", "DuplicateRow", "StoredMessage", "probe_storage",
           "storage_failure", "utc_now"]


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class StoredMessage:
    id: int
    session_id: str
    role: str
    content: str
    intent: str
    payload: dict[str, Any]
    created_at: str

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"role": self.role, "content": self.content, "message_id": self.id,
                               "intent": self.intent, "created_at": self.created_at}
        out.update(self.payload)
        return out


class Database:
    """One database (SQLite file or PostgreSQL) behind a shared per-process engine.

    ``Database(path)`` opens a SQLite file (as before); ``Database.from_settings(settings)`` follows
    ADVISOR_DATABASE_URL and the pool settings. Other stores (workshops, limits) use ``connect()``.
    """

    def __init__(self, target: Path | str, options: EngineOptions | None = None) -> None:
        self.url = target if isinstance(target, str) and "://" in target else sqlite_url(Path(target))
        self.engine = engine_for(self.url, options)
        self._migrated = False
        try:
            self._ensure_schema()
        except DatabaseUnavailable as exc:
            # A server that is down at start is not fatal: the app starts, /healthz says 503 and
            # the first operation after the database is back migrates it.
            log.warning("%s; will retry on first use", exc)

    def _ensure_schema(self) -> None:
        if not self._migrated:
            migrate(self.engine)
            self._migrated = True

    @classmethod
    def from_settings(cls, settings: "Settings") -> "Database":
        return cls(settings.effective_database_url, EngineOptions.from_settings(settings))

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for a server database."""
        return Path(self.engine.url.database) if self.engine.dialect.name == "sqlite" and self.engine.url.database else None

    def __repr__(self) -> str:
        return f"Database({display_url(self.url)!r})"

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection inside a transaction: committed on success, rolled back on any error.
        Driver errors leave as DatabaseError (DuplicateRow for a unique-key clash)."""
        self._ensure_schema()
        with translate_errors(self.url):
            with self.engine.begin() as conn:
                yield conn

    def ping(self) -> None:
        with self.connect() as conn:
            conn.execute(text("SELECT 1")).scalar()

    # --- sessions ---------------------------------------------------------------------------------

    def create_session(self, session_id: str, kind: str) -> None:
        now = utc_now()
        with self.connect() as conn:
            conn.execute(insert(t.sessions).values(id=session_id, kind=kind, profile_json="{}", created_at=now, updated_at=now))

    def session_exists(self, session_id: str) -> bool:
        with self.connect() as conn:
            return conn.execute(select(t.sessions.c.id).where(t.sessions.c.id == session_id)).first() is not None

    def load_profile(self, session_id: str) -> dict[str, Any]:
        with self.connect() as conn:
            raw = conn.execute(select(t.sessions.c.profile_json).where(t.sessions.c.id == session_id)).scalar()
        return {} if raw is None else json.loads(raw)

    def save_profile(self, session_id: str, profile: dict[str, Any]) -> None:
        with self.connect() as conn:
            conn.execute(update(t.sessions).where(t.sessions.c.id == session_id)
                         .values(profile_json=json.dumps(profile, ensure_ascii=False), updated_at=utc_now()))

    def modify_profile(self, session_id: str, change: Callable[[dict[str, Any]], dict[str, Any]]) -> dict[str, Any]:
        """Read, ``change`` and write back one session's profile as one transaction; returns what
        was stored.

        The session row is read FOR UPDATE: on PostgreSQL a second replica modifying the same
        profile waits for this commit and then reads the new profile, so neither update is lost.
        SQLite ignores FOR UPDATE but needs nothing more: every transaction here starts with BEGIN
        IMMEDIATE, which serialises writers on the file lock. ``change`` runs while the row is
        locked: keep it short (parsing, merging; never a model call).
        """
        s = t.sessions
        with self.connect() as conn:
            raw = conn.execute(select(s.c.profile_json).where(s.c.id == session_id).with_for_update()).scalar()
            if raw is None:
                return {}
            profile = change(json.loads(raw))
            conn.execute(update(s).where(s.c.id == session_id)
                         .values(profile_json=json.dumps(profile, ensure_ascii=False), updated_at=utc_now()))
        return profile

    # --- messages ---------------------------------------------------------------------------------

    def add_message(self, session_id: str, role: str, content: str, intent: str = "",
                    payload: dict[str, Any] | None = None) -> int:
        now = utc_now()
        with self.connect() as conn:
            new_id = conn.execute(
                insert(t.messages).values(session_id=session_id, role=role, content=content, intent=intent,
                                          payload_json=json.dumps(payload or {}, ensure_ascii=False), created_at=now)
                .returning(t.messages.c.id)
            ).scalar_one()
            conn.execute(update(t.sessions).where(t.sessions.c.id == session_id).values(updated_at=now))
            return int(new_id)

    def messages(self, session_id: str, limit: int | None = None) -> list[StoredMessage]:
        """Oldest first; with ``limit``, the most recent ``limit`` messages."""
        m = t.messages
        query = select(m).where(m.c.session_id == session_id)
        with self.connect() as conn:
            if limit is None:
                rows = conn.execute(query.order_by(m.c.id)).mappings().all()
            else:
                rows = list(reversed(conn.execute(query.order_by(m.c.id.desc()).limit(limit)).mappings().all()))
        return [
            StoredMessage(int(r["id"]), r["session_id"], r["role"], r["content"], r["intent"],
                          json.loads(r["payload_json"]), r["created_at"])
            for r in rows
        ]

    def message_in_session(self, session_id: str, message_id: int) -> bool:
        m = t.messages
        with self.connect() as conn:
            return conn.execute(select(m.c.id).where(m.c.id == message_id, m.c.session_id == session_id)).first() is not None

    # --- feedback ---------------------------------------------------------------------------------

    def add_feedback(self, session_id: str, message_id: int, rating: int, comment: str) -> int:
        with self.connect() as conn:
            return int(conn.execute(
                insert(t.feedback).values(session_id=session_id, message_id=message_id, rating=rating,
                                          comment=comment, created_at=utc_now()).returning(t.feedback.c.id)
            ).scalar_one())

    def feedback(self, session_id: str | None = None) -> list[dict[str, Any]]:
        query = select(t.feedback).order_by(t.feedback.c.id)
        if session_id is not None:
            query = query.where(t.feedback.c.session_id == session_id)
        with self.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings().all()]

    # --- limits shared by replicas ------------------------------------------------------------------

    def count_hit(self, client_key: str, window_start: int) -> int:
        """Add one hit to ``client_key``'s fixed window and return the window's hits so far (atomic:
        one upsert, so concurrent replicas never lose a count)."""
        w = t.rate_limit_windows
        stmt = self._upsert()(w).values(client_key=client_key, window_start=window_start, hits=1)
        stmt = stmt.on_conflict_do_update(index_elements=[w.c.client_key, w.c.window_start],
                                          set_={"hits": w.c.hits + 1}).returning(w.c.hits)
        with self.connect() as conn:
            return int(conn.execute(stmt).scalar_one())

    def forget_windows_before(self, window_start: int) -> int:
        with self.connect() as conn:
            return conn.execute(delete(t.rate_limit_windows).where(t.rate_limit_windows.c.window_start < window_start)).rowcount

    def _upsert(self):
        if self.engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as upsert
        else:
            from sqlalchemy.dialects.sqlite import insert as upsert
        return upsert

    def gate_state(self, what: str, client_key: str) -> tuple[int, float] | None:
        """(failures, allowed_at) of ``client_key`` at gate ``what``, None if it has none."""
        g = t.failure_gates
        with self.connect() as conn:
            row = conn.execute(select(g.c.failures, g.c.allowed_at)
                               .where(g.c.what == what, g.c.client_key == client_key)).first()
        return None if row is None else (int(row[0]), float(row[1]))

    def count_failure(self, what: str, client_key: str, now: float, forgive_after_s: float,
                      delay_after: Callable[[int], float]) -> tuple[int, float]:
        """One more failure of ``client_key`` at gate ``what``; returns (failures, delay in seconds).

        The increment is one upsert (a row quiet for ``forgive_after_s`` past its allowed time
        starts again at 1) and the delay is written in the same transaction: PostgreSQL keeps the
        upserted row locked until commit and SQLite's BEGIN IMMEDIATE serialises writers, so two
        replicas counting at once never lose a failure or write a shorter delay for a higher count.
        """
        g = t.failure_gates
        stmt = self._upsert()(g).values(what=what, client_key=client_key, failures=1, allowed_at=now, updated_at=now)
        stmt = stmt.on_conflict_do_update(
            index_elements=[g.c.what, g.c.client_key],
            set_={"failures": case((g.c.allowed_at < now - forgive_after_s, 1), else_=g.c.failures + 1),
                  "updated_at": now},
        ).returning(g.c.failures)
        with self.connect() as conn:
            failures = int(conn.execute(stmt).scalar_one())
            delay = delay_after(failures)
            conn.execute(update(g).where(g.c.what == what, g.c.client_key == client_key).values(allowed_at=now + delay))
        return failures, delay

    def forget_failures(self, what: str, client_key: str) -> None:
        g = t.failure_gates
        with self.connect() as conn:
            conn.execute(delete(g).where(g.c.what == what, g.c.client_key == client_key))

    def forget_failures_allowed_before(self, what: str, cutoff: float) -> int:
        """Drop the rows of gate ``what`` whose wait ended before ``cutoff`` (bounded growth)."""
        g = t.failure_gates
        with self.connect() as conn:
            return conn.execute(delete(g).where(g.c.what == what, g.c.allowed_at < cutoff)).rowcount

    def counts(self) -> dict[str, int]:
        """Rows per table (integrity checks, operators' status)."""
        with self.connect() as conn:
            return {table.name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
                    for table in t.metadata.sorted_tables}
