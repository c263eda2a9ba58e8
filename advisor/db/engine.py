"""Engines, migrations and the one error type for every database the advisor can use.

* ``sqlite:///<path>`` (the default, one file under ADVISOR_DATA_DIR): a connection per operation
  (NullPool) and ``BEGIN IMMEDIATE`` transactions, as the SQLite-only code did, so that threads
  never share a connection and writers queue on the file lock instead of failing.
* ``postgresql+psycopg://…`` (replicas): a pool sized by settings, pre-ping so that connections
  broken by a database restart are replaced transparently, connect and statement timeouts.

Every driver error leaves this package as :class:`DatabaseError` (operator text in ``str()``, a
Japanese sentence for end users in ``user_message``).
"""

from __future__ import annotations

import logging
import math
import sqlite3
import threading
from contextlib import contextmanager
from functools import lru_cache
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import sqlalchemy.exc as sa_exc
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
LEGACY_SQLITE_VERSION = 1  # PRAGMA user_version written by the SQLite-only code (schema = revision 0001)
_PG_MIGRATION_LOCK = 7_461_330  # pg_advisory_xact_lock key: one replica migrates, the others wait


class DatabaseError(RuntimeError):
    """The database is unusable (down, corrupt, newer schema, unwritable); ``str()`` is for operators."""

    user_message = "ただいまデータを保存・読み込みできません。しばらく待ってから、もう一度お試しください。"


class DatabaseUnavailable(DatabaseError):
    """The database did not answer (refused, timed out, restarting): usually transient."""


class DuplicateRow(DatabaseError):
    """A unique key already exists (callers that generate random keys retry)."""


@dataclass(frozen=True)
class EngineOptions:
    pool_size: int = 5
    max_overflow: int = 10
    pool_timeout_s: float = 10.0
    connect_timeout_s: float = 5.0
    statement_timeout_s: float = 30.0

    @classmethod
    def from_settings(cls, settings) -> "EngineOptions":  # advisor.config.Settings (not imported: no cycle)
        return cls(settings.database_pool_size, settings.database_max_overflow, settings.database_pool_timeout_s,
                   settings.database_connect_timeout_s, settings.database_statement_timeout_s)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path)}"


def display_url(url: str) -> str:
    """The URL with its password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except sa_exc.ArgumentError:
        return url


_engines: dict[tuple[str, EngineOptions], Engine] = {}
_engines_lock = threading.Lock()


def engine_for(url: str, options: EngineOptions | None = None) -> Engine:
    """One engine (one pool) per URL and options in a process, shared by every store."""
    options = options or EngineOptions()
    key = (url, options)
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _engines[key] = _create(url, options)
        return engine


def _create(url: str, options: EngineOptions) -> Engine:
    try:
        parsed = make_url(url)
    except sa_exc.ArgumentError as exc:
        raise DatabaseError(f"ADVISOR_DATABASE_URL {url!r} is not a database URL: {exc}") from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, poolclass=NullPool, connect_args={"timeout": options.pool_timeout_s,
                                                                      "check_same_thread": False})
        busy_ms = int(options.pool_timeout_s * 1000)

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_connection, _record) -> None:
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (below)
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Connection) -> None:
            # IMMEDIATE takes the write lock up front: a deferred transaction that later writes can
            # fail with "database is locked" without waiting, which a busy server would hit.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(
            url,
            pool_size=options.pool_size,
            max_overflow=options.max_overflow,
            pool_timeout=options.pool_timeout_s,
            pool_pre_ping=True,  # a connection broken by a PostgreSQL restart is replaced, not used
            pool_recycle=1800,
            connect_args={
                "connect_timeout": max(1, math.ceil(options.connect_timeout_s)),
                "options": f"-c statement_timeout={int(options.statement_timeout_s * 1000)}",
                "application_name": "advisor",
            },
        )
    raise DatabaseError(f"{display_url(url)}: unsupported database (use sqlite:///… or postgresql+psycopg://…)")


@contextmanager
def translate_errors(url: str) -> Iterator[None]:
    """Driver and pool errors → DatabaseError subclasses naming the database (password hidden)."""
    try:
        yield
    except sa_exc.IntegrityError as exc:
        raise DuplicateRow(f"{display_url(url)}: {exc.orig}") from exc
    except (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError) as exc:
        detail = getattr(exc, "orig", None) or exc
        if isinstance(exc, sa_exc.OperationalError) and _sqlite_file_problem(str(detail)):
            raise DatabaseError(f"{display_url(url)}: cannot open the conversation database: {detail}") from exc
        raise DatabaseUnavailable(f"{display_url(url)}: database unavailable: {str(detail).strip()}") from exc
    except sa_exc.SQLAlchemyError as exc:
        raise DatabaseError(f"{display_url(url)}: {getattr(exc, 'orig', None) or exc}") from exc
    except sqlite3.Error as exc:  # raw DB-API calls (PRAGMAs outside SQLAlchemy's wrapping)
        raise DatabaseError(f"{display_url(url)}: cannot open the conversation database: {exc}") from exc


def _sqlite_file_problem(message: str) -> bool:
    return any(s in message for s in ("file is not a database", "malformed", "unable to open database", "readonly"))


# --- migrations -------------------------------------------------------------------------------------


def _alembic_config(connection: Connection):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def _scripts():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config)


def head_revision() -> str:
    return _scripts().get_current_head() or ""


def migrate(engine: Engine) -> None:
    """Bring the database to the newest revision; refuse one written by newer code.

    A SQLite file from before Alembic (PRAGMA user_version = 1, no alembic_version table) is
    upgraded in place: revision 0001 adopts the tables it finds, so no row is touched.
    """
    url = engine.url.render_as_string(hide_password=False)
    with translate_errors(url):
        if engine.dialect.name == "sqlite":
            raw = engine.raw_connection()  # outside any transaction: journal_mode cannot change inside one
            try:
                cursor = raw.cursor()
                # WAL lets readers (exports, dashboards) proceed while a turn is being written.
                cursor.execute("PRAGMA journal_mode = WAL")
                version = cursor.execute("PRAGMA user_version").fetchone()[0] or 0
                cursor.close()
            finally:
                raw.close()
            if version > LEGACY_SQLITE_VERSION:
                raise DatabaseError(f"{display_url(url)}: schema version {version} is newer than this code; upgrade advisor")
        head = head_revision()
        if _current_revision(engine) == head:
            return
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
            current = _current_revision_in(conn)
            if current == head:
                return
            if current and not _known_revision(current):
                raise DatabaseError(
                    f"{display_url(url)}: schema revision {current} is newer than this code ({head}); upgrade advisor")
            from alembic import command

            log.info("migrating %s from %s to %s", display_url(url), current or "(none)", head)
            command.upgrade(_alembic_config(conn), "head")


def _current_revision(engine: Engine) -> str:
    with engine.connect() as conn:
        rev = _current_revision_in(conn)
        conn.rollback()
        return rev


def _current_revision_in(conn: Connection) -> str:
    if not inspect(conn).has_table("alembic_version"):
        return ""
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar() or ""


def _known_revision(rev: str) -> bool:
    try:
        return _scripts().get_revision(rev) is not None
    except Exception:  # noqa: BLE001 - alembic raises several types for an unknown id
        return False
