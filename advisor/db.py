"""SQLite persistence for conversations: sessions (with their profile), messages and feedback.

Everything a replica would need lives here, not in process memory, so a restart (or another
replica sharing the file) loses nothing. The SQL is deliberately plain (no SQLite-only syntax
beyond PRAGMAs) so that a later move to PostgreSQL via SQLAlchemy is a port, not a rewrite.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT 'owner',
    profile_json TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    content TEXT NOT NULL,
    intent TEXT NOT NULL DEFAULT '',
    payload_json TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_by_session ON messages(session_id, id);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
    comment TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
"""


class DatabaseError(RuntimeError):
    """The database file is unusable (corrupt, newer schema, unwritable); message for operators."""


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
    """One SQLite file; a short-lived connection per operation so threads never share one."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._migrate()

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection inside a transaction: committed on success, rolled back on any error."""
        conn = sqlite3.connect(self.path, timeout=10.0, isolation_level=None)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA busy_timeout = 10000")
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    def _migrate(self) -> None:
        try:
            conn = sqlite3.connect(self.path, timeout=10.0)
            try:
                # WAL lets readers (exports, dashboards) proceed while a turn is being written.
                conn.execute("PRAGMA journal_mode = WAL")
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise DatabaseError(
                        f"{self.path}: schema version {version} is newer than this code ({SCHEMA_VERSION}); upgrade advisor"
                    )
                conn.executescript(_SCHEMA)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.commit()
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(f"{self.path}: cannot open the conversation database: {exc}") from exc

    # --- sessions ---------------------------------------------------------------------------------

    def create_session(self, session_id: str, kind: str) -> None:
        now = utc_now()
        with self.connect() as conn:
            conn.execute(
                "INSERT INTO sessions (id, kind, profile_json, created_at, updated_at) VALUES (?, ?, '{}', ?, ?)",
                (session_id, kind, now, now),
            )

    def session_exists(self, session_id: str) -> bool:
        with self.connect() as conn:
            return conn.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is not None

    def session_kind(self, session_id: str) -> str | None:
        with self.connect() as conn:
            row = conn.execute("SELECT kind FROM sessions WHERE id = ?", (session_id,)).fetchone()
        return None if row is None else str(row["kind"])

    def load_profile(self, session_id: str) -> dict[str, Any]:
        with self.connect() as conn:
            row = conn.execute("SELECT profile_json FROM sessions WHERE id = ?", (session_id,)).fetchone()
        return {} if row is None else json.loads(row["profile_json"])

    def save_profile(self, session_id: str, profile: dict[str, Any]) -> None:
        with self.connect() as conn:
            conn.execute(
                "UPDATE sessions SET profile_json = ?, updated_at = ? WHERE id = ?",
                (json.dumps(profile, ensure_ascii=False), utc_now(), session_id),
            )

    # --- messages ---------------------------------------------------------------------------------

    def add_message(self, session_id: str, role: str, content: str, intent: str = "",
                    payload: dict[str, Any] | None = None) -> int:
        now = utc_now()
        with self.connect() as conn:
            cur = conn.execute(
                "INSERT INTO messages (session_id, role, content, intent, payload_json, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (session_id, role, content, intent, json.dumps(payload or {}, ensure_ascii=False), now),
            )
            conn.execute("UPDATE sessions SET updated_at = ? WHERE id = ?", (now, session_id))
            return int(cur.lastrowid or 0)

    def messages(self, session_id: str, limit: int | None = None) -> list[StoredMessage]:
        """Oldest first; with ``limit``, the most recent ``limit`` messages."""
        with self.connect() as conn:
            if limit is None:
                rows = conn.execute("SELECT * FROM messages WHERE session_id = ? ORDER BY id", (session_id,)).fetchall()
            else:
                rows = conn.execute(
                    "SELECT * FROM (SELECT * FROM messages WHERE session_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id",
                    (session_id, limit),
                ).fetchall()
        return [
            StoredMessage(int(r["id"]), r["session_id"], r["role"], r["content"], r["intent"],
                          json.loads(r["payload_json"]), r["created_at"])
            for r in rows
        ]

    def message_in_session(self, session_id: str, message_id: int) -> bool:
        with self.connect() as conn:
            row = conn.execute("SELECT 1 FROM messages WHERE id = ? AND session_id = ?", (message_id, session_id)).fetchone()
        return row is not None

    # --- feedback ---------------------------------------------------------------------------------

    def add_feedback(self, session_id: str, message_id: int, rating: int, comment: str) -> int:
        with self.connect() as conn:
            cur = conn.execute(
                "INSERT INTO feedback (session_id, message_id, rating, comment, created_at) VALUES (?, ?, ?, ?, ?)",
                (session_id, message_id, rating, comment, utc_now()),
            )
            return int(cur.lastrowid or 0)

    def feedback(self, session_id: str | None = None) -> list[dict[str, Any]]:
        with self.connect() as conn:
            if session_id is None:
                rows = conn.execute("SELECT * FROM feedback ORDER BY id").fetchall()
            else:
                rows = conn.execute("SELECT * FROM feedback WHERE session_id = ? ORDER BY id", (session_id,)).fetchall()
        return [dict(r) for r in rows]
